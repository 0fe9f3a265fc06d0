import { InvalidInput } from '../lib/errors.ts';
import { formatMeetingTime } from './format.ts';
import { LEFT_COLUMN, mm, nfc, PAGE_MARGINS, renderLetterhead, shortRule, upper } from './letterhead.ts';
import { linesOf, numberPages, openPdf } from './pdf-page.ts';
import type { InvitationDocData, SignerAuthorityPrefix } from './types.ts';

export { PAGE_MARGINS } from './letterhead.ts';

export interface RenderOptions {
  /** Directories to look for LiberationSerif-*.ttf in, first match wins; defaults to Debian's. */
  fontDirs?: string | string[];
}

/**
 * Giấy mời as a PDF, laid out after NĐ 30/2020/NĐ-CP Phụ lục III Mẫu 1.7: header with the
 * bodies and the number on the left, the national heading and the place/date on the right;
 * "GIẤY MỜI" and the summary; the invitation text; Nơi nhận and the signer block at the end.
 * Liberation Serif (metric-compatible with Times New Roman) is embedded, so Vietnamese
 * diacritics print the same everywhere.
 */
export async function renderInvitationPdf(data: InvitationDocData, options: RenderOptions = {}): Promise<Buffer> {
  return (await renderInvitationLayout(data, options)).pdf;
}

/**
 * Where a digital signature's visible block goes: the space left between the signer's
 * position and name (NĐ 30/2020 Phụ lục I: the signer image sits there, the seal over it).
 * Points from the page's top-left corner.
 */
export interface SignatureBox {
  /** Page index from 0. */
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The Giấy mời and where its signer's signature goes. */
export async function renderInvitationLayout(data: InvitationDocData, options: RenderOptions = {}): Promise<{ pdf: Buffer; signatureBox: SignatureBox }> {
  validate(data);
  const { doc, done } = openPdf({ title: `Giấy mời ${data.number}: ${data.summary}`, author: data.issuingBody, subject: data.meetingTitle, createdAt: data.issuedAt }, options.fontDirs);

  const left = PAGE_MARGINS.left;
  const width = doc.page.width - PAGE_MARGINS.left - PAGE_MARGINS.right;
  const rightX = left + LEFT_COLUMN;
  const rightWidth = width - LEFT_COLUMN;
  const y = renderLetterhead(doc, data) + 18;

  // Type and summary, with a short rule under the summary (NĐ 30 Phụ lục I, mục 6).
  doc.font('bold').fontSize(14).text('GIẤY MỜI', left, y, { width, align: 'center' });
  const summaryX = left + mm(10);
  const summaryWidth = width - mm(20);
  doc.font('bold').fontSize(14).text(nfc(data.summary), summaryX, doc.y + 2, { width: summaryWidth, align: 'center' });
  const summaryLines = linesOf(doc, nfc(data.summary), summaryWidth);
  shortRule(doc, summaryLines, summaryX, summaryWidth, doc.y + 4);
  doc.y += 4;
  doc.moveDown(1.2);

  // Body: 14 pt, justified, first line indented, as in the form.
  const para = (text: string) => {
    doc.font('regular').fontSize(14).text(nfc(text), left, doc.y, { width, align: 'justify', indent: mm(10), lineGap: 2 });
    doc.moveDown(0.25);
  };
  for (const text of bodyParagraphs(data)) para(text);

  const signatureBox = renderClosing(doc, data, { left, width, rightX, rightWidth });
  numberPages(doc);
  doc.end();
  return { pdf: await done, signatureBox };
}

const trimEnd = (s: string) => s.trim().replace(/[.;,:]+$/, '');

const PREPARATION_HEADING = 'Đề nghị các đại biểu chuẩn bị';

/**
 * The invitation's text, paragraph by paragraph, in the order of Mẫu 1.7. The items of a list
 * (agenda, what to prepare) end with ";" and the last with "."; the last paragraph ends with
 * "./.", the mark that closes a document's body. What attendees must prepare has its own
 * heading, so it never reads as one more agenda item.
 */
export function bodyParagraphs(data: InvitationDocData): string[] {
  const inviter = data.inviter ?? data.issuingBody;
  const out =
    data.invitees.length === 1
      ? [`${inviter} trân trọng kính mời: ${data.invitees[0]}`]
      : [`${inviter} trân trọng kính mời:`, ...data.invitees.map((i) => `- ${i}`)];
  out.push(`Tới dự: ${data.attending ?? data.meetingTitle}`, `Chủ trì: ${data.chair}`, `Thời gian: ${formatMeetingTime(data.startsAt, data.endsAt)}`, `Địa điểm: ${data.venue}`);
  if (data.onlinePoints) out.push(`Điểm cầu: ${data.onlinePoints}`);
  const list = (items: string[]) => items.map((item, i) => `${trimEnd(item)}${i === items.length - 1 ? '.' : ';'}`);
  if (data.agenda.length > 0) {
    out.push('Nội dung:', ...list(data.agenda.map((item, i) => `${i + 1}. ${trimEnd(item.title)}${item.presenter ? ` (${item.presenter} trình bày)` : ''}`)));
  }
  const preparation = (data.preparation ?? []).map((p) => p.trim()).filter(Boolean);
  if (preparation.length === 1 && /^đề nghị(\s|:)/iu.test(preparation[0]!)) out.push(preparation[0]!);
  else if (preparation.length === 1) out.push(`${PREPARATION_HEADING}: ${lowerFirst(preparation[0]!)}`);
  else if (preparation.length > 1) out.push(`${PREPARATION_HEADING}:`, ...list(preparation.map((p) => `- ${p.replace(/^[-–•]\s*/u, '')}`)));
  out.push(...data.notes);
  out[out.length - 1] = `${trimEnd(out[out.length - 1]!)}./.`;
  return out;
}

/** "Báo cáo kết quả…" → "báo cáo kết quả…", but an acronym or a name keeps its capitals ("UBND", "Hà Tĩnh"). */
export function lowerFirst(text: string): string {
  const [first = '', second = ''] = text.split(/\s+/u);
  const capital = (w: string) => w.length > 0 && w.charAt(0) !== w.charAt(0).toLocaleLowerCase('vi');
  if (first.length > 1 && first === first.toLocaleUpperCase('vi')) return text;
  if (capital(first) && capital(second) && second !== second.toLocaleUpperCase('vi')) return text;
  return text.charAt(0).toLocaleLowerCase('vi') + text.slice(1);
}

function validate(data: InvitationDocData): void {
  if (!data.number.trim()) throw new InvalidInput('Giấy mời chưa có số. / The invitation has no number.');
  if (data.invitees.length === 0) throw new InvalidInput('Giấy mời cần ít nhất một thành phần được mời. / An invitation needs at least one invitee.');
  for (const [name, d] of [['issuedAt', data.issuedAt], ['startsAt', data.startsAt], ['endsAt', data.endsAt]] as const) {
    if (Number.isNaN(d.getTime())) throw new InvalidInput(`Thời gian không hợp lệ (${name}). / Invalid date (${name}).`);
  }
}

/** Hướng dẫn 36-HD/VPTW writes the signing prefixes T/M, K/T, T/L; NĐ 30 writes TM., KT., TL. */
const PARTY_PREFIX: Partial<Record<SignerAuthorityPrefix, string>> = { 'TM.': 'T/M', 'KT.': 'K/T', 'TL.': 'T/L' };

/** Nơi nhận (left) and the signer block (right), side by side, kept together on one page. */
function renderClosing(doc: PDFKit.PDFDocument, data: InvitationDocData, box: { left: number; width: number; rightX: number; rightWidth: number }): SignatureBox {
  const party = data.heading === 'party';
  const recipients = [...data.recipients.map((r) => `- ${r}`), `- Lưu: VT, ${data.archiveUnit}.`].map(nfc);
  const authority = (data.signer.authority ?? []).map((a) => `${(party && PARTY_PREFIX[a.prefix]) || a.prefix} ${upper(a.of)}`);
  const signatureSpace = 70; // room for the signature and the seal (about 25 mm)
  doc.font('regular').fontSize(11);
  const recipientsHeight = 18 + recipients.reduce((h, r) => h + doc.heightOfString(r, { width: LEFT_COLUMN }), 0);
  doc.font('bold').fontSize(14);
  const signerHeight = (authority.length + 1) * doc.currentLineHeight(true) + signatureSpace + doc.currentLineHeight(true);
  const needed = Math.max(recipientsHeight, signerHeight) + 16;
  if (doc.y + needed > doc.page.height - PAGE_MARGINS.bottom) doc.addPage();
  const top = doc.y + 16;

  // NĐ 30: "Nơi nhận:" bold italic 12 pt; Hướng dẫn 36: upright, underlined, 14 pt.
  if (party) doc.font('regular').fontSize(14).text('Nơi nhận:', box.left, top, { width: LEFT_COLUMN, underline: true });
  else doc.font('bolditalic').fontSize(12).text('Nơi nhận:', box.left, top, { width: LEFT_COLUMN });
  doc.font('regular').fontSize(11);
  for (const r of recipients) doc.text(r, box.left, doc.y, { width: LEFT_COLUMN });

  doc.font('bold').fontSize(14);
  let y = top;
  for (const text of [...authority, upper(data.signer.position)]) {
    doc.text(text, box.rightX, y, { width: box.rightWidth, align: 'center' });
    y = doc.y;
  }
  doc.text(nfc(data.signer.fullName), box.rightX, y + signatureSpace, { width: box.rightWidth, align: 'center' });
  const range = doc.bufferedPageRange();
  const blockWidth = Math.min(box.rightWidth, 220);
  return { page: range.start + range.count - 1, x: box.rightX + (box.rightWidth - blockWidth) / 2, y: y + 2, width: blockWidth, height: signatureSpace - 2 };
}
