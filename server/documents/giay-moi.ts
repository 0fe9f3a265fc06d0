import PDFDocument from 'pdfkit';
import { InvalidInput } from '../lib/errors.ts';
import { formatMeetingTime, formatPlaceDate } from './format.ts';
import { loadSerifFonts, type FontFace } from './fonts.ts';
import type { InvitationDocData } from './types.ts';

/** Millimetres to PDF points. */
const mm = (v: number) => (v * 72) / 25.4;

/** NĐ 30/2020 Phụ lục I: A4; top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm. */
export const PAGE_MARGINS = { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15) };
/** Width of the left header column (bodies, number) and of the "Nơi nhận" column. */
const LEFT_COLUMN = mm(68);
const RULE_WIDTH = 0.6;

export interface RenderOptions {
  /** Directories to look for LiberationSerif-*.ttf in, first match wins; defaults to Debian's. */
  fontDirs?: string | string[];
}

const nfc = (s: string) => s.normalize('NFC');
const upper = (s: string) => nfc(s).toLocaleUpperCase('vi');
const line = (doc: PDFKit.PDFDocument, x1: number, x2: number, y: number) => doc.moveTo(x1, y).lineTo(x2, y).lineWidth(RULE_WIDTH).stroke();

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
  const fonts = loadSerifFonts(options.fontDirs);
  const doc = new PDFDocument({
    size: 'A4',
    margins: PAGE_MARGINS,
    bufferPages: true,
    pdfVersion: '1.7',
    lang: 'vi-VN',
    displayTitle: true,
    info: {
      Title: nfc(`Giấy mời ${data.number}: ${data.summary}`),
      Author: nfc(data.issuingBody),
      Subject: nfc(data.meetingTitle),
      Creator: 'Họp số',
      CreationDate: data.issuedAt,
    },
  });
  for (const [name, file] of Object.entries(fonts) as [FontFace, string][]) doc.registerFont(name, file);
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = PAGE_MARGINS.left;
  const width = doc.page.width - PAGE_MARGINS.left - PAGE_MARGINS.right;
  const rightX = left + LEFT_COLUMN;
  const rightWidth = width - LEFT_COLUMN;

  // Header, left: parent body (regular), issuing body (bold) with a short centred rule.
  let y = PAGE_MARGINS.top;
  if (data.parentBody) {
    doc.font('regular').fontSize(13);
    doc.text(headerLines(doc, data.parentBody, LEFT_COLUMN), left, y, { width: LEFT_COLUMN, align: 'center' });
    y = doc.y;
  }
  doc.font('bold').fontSize(13);
  doc.text(headerLines(doc, data.issuingBody, LEFT_COLUMN), left, y, { width: LEFT_COLUMN, align: 'center' });
  const bodyRuleY = doc.y + 2;
  const bodyRule = LEFT_COLUMN * 0.4; // NĐ 30: one third to one half of the line above
  line(doc, left + (LEFT_COLUMN - bodyRule) / 2, left + (LEFT_COLUMN + bodyRule) / 2, bodyRuleY);

  // Header, right: Quốc hiệu and tiêu ngữ, the latter underlined for its full length.
  doc.font('bold').fontSize(fitSize(doc, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', rightWidth, 13, 12));
  doc.text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', rightX, PAGE_MARGINS.top, { width: rightWidth, align: 'center' });
  doc.font('bold').fontSize(14).text('Độc lập - Tự do - Hạnh phúc', rightX, doc.y, { width: rightWidth, align: 'center' });
  const mottoWidth = doc.widthOfString('Độc lập - Tự do - Hạnh phúc');
  const mottoRuleY = doc.y + 2;
  line(doc, rightX + (rightWidth - mottoWidth) / 2, rightX + (rightWidth + mottoWidth) / 2, mottoRuleY);

  // Number (left) and place/date (right) on one row below both rules.
  y = Math.max(bodyRuleY, mottoRuleY) + 10;
  doc.font('regular').fontSize(13).text(nfc(`Số: ${data.number}`), left, y, { width: LEFT_COLUMN, align: 'center' });
  const numberBottom = doc.y;
  doc.font('italic').fontSize(14).text(nfc(formatPlaceDate(data.place, data.issuedAt)), rightX, y, { width: rightWidth, align: 'center' });
  y = Math.max(numberBottom, doc.y) + 18;

  // Type and summary.
  doc.font('bold').fontSize(14).text('GIẤY MỜI', left, y, { width, align: 'center' });
  doc.font('bold').fontSize(14).text(nfc(data.summary), left + mm(10), doc.y + 2, { width: width - mm(20), align: 'center' });
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

/**
 * The invitation's text, paragraph by paragraph, in the order of Mẫu 1.7. Agenda items end
 * with ";" and the last paragraph with "./.", the mark that closes a document's body.
 */
export function bodyParagraphs(data: InvitationDocData): string[] {
  const inviter = data.inviter ?? data.issuingBody;
  const out =
    data.invitees.length === 1
      ? [`${inviter} trân trọng kính mời: ${data.invitees[0]}`]
      : [`${inviter} trân trọng kính mời:`, ...data.invitees.map((i) => `- ${i}`)];
  out.push(`Tới dự: ${data.meetingTitle}`, `Chủ trì: ${data.chair}`, `Thời gian: ${formatMeetingTime(data.startsAt, data.endsAt)}`, `Địa điểm: ${data.venue}`);
  if (data.onlinePoints) out.push(`Điểm cầu: ${data.onlinePoints}`);
  if (data.agenda.length > 0) {
    out.push('Nội dung:', ...data.agenda.map((item, i) => `${i + 1}. ${trimEnd(item.title)}${item.presenter ? ` (${item.presenter} trình bày)` : ''};`));
  }
  out.push(...data.notes);
  out[out.length - 1] = `${trimEnd(out[out.length - 1]!)}./.`;
  return out;
}

function validate(data: InvitationDocData): void {
  if (!data.number.trim()) throw new InvalidInput('Giấy mời chưa có số. / The invitation has no number.');
  if (data.invitees.length === 0) throw new InvalidInput('Giấy mời cần ít nhất một thành phần được mời. / An invitation needs at least one invitee.');
  for (const [name, d] of [['issuedAt', data.issuedAt], ['startsAt', data.startsAt], ['endsAt', data.endsAt]] as const) {
    if (Number.isNaN(d.getTime())) throw new InvalidInput(`Thời gian không hợp lệ (${name}). / Invalid date (${name}).`);
  }
}

/**
 * A body's name upper-cased for the header, broken before the unit's name when it does not
 * fit on one line ("ỦY BAN NHÂN DÂN" / "TỈNH HÀ TĨNH"), as offices set it, rather than
 * wherever the last word happens to overflow. Explicit line breaks in the name are kept.
 */
function headerLines(doc: PDFKit.PDFDocument, name: string, width: number): string {
  const text = upper(name);
  if (text.includes('\n') || doc.widthOfString(text) <= width) return text;
  const m = /^(.+?)\s+((?:TỈNH|THÀNH PHỐ|XÃ|PHƯỜNG|ĐẶC KHU)\s.+)$/u.exec(text);
  return m ? `${m[1]}\n${m[2]}` : text;
}

/** A size between max and min that fits `text` on one line of `width`. */
function fitSize(doc: PDFKit.PDFDocument, text: string, width: number, max: number, min: number): number {
  for (let size = max; size > min; size -= 0.5) if (doc.fontSize(size).widthOfString(text) <= width) return size;
  return min;
}

/** Nơi nhận (left) and the signer block (right), side by side, kept together on one page. */
function renderClosing(doc: PDFKit.PDFDocument, data: InvitationDocData, box: { left: number; width: number; rightX: number; rightWidth: number }): SignatureBox {
  const recipients = [...data.recipients.map((r) => `- ${r}`), `- Lưu: VT, ${data.archiveUnit}.`].map(nfc);
  const authority = (data.signer.authority ?? []).map((a) => `${a.prefix} ${upper(a.of)}`);
  const signatureSpace = 70; // room for the signature and the seal (about 25 mm)
  doc.font('regular').fontSize(11);
  const recipientsHeight = 18 + recipients.reduce((h, r) => h + doc.heightOfString(r, { width: LEFT_COLUMN }), 0);
  doc.font('bold').fontSize(14);
  const signerHeight = (authority.length + 1) * doc.currentLineHeight(true) + signatureSpace + doc.currentLineHeight(true);
  const needed = Math.max(recipientsHeight, signerHeight) + 16;
  if (doc.y + needed > doc.page.height - PAGE_MARGINS.bottom) doc.addPage();
  const top = doc.y + 16;

  doc.font('bolditalic').fontSize(12).text('Nơi nhận:', box.left, top, { width: LEFT_COLUMN });
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

/** NĐ 30: pages are numbered from the second, centred in the top margin. */
function numberPages(doc: PDFKit.PDFDocument) {
  const range = doc.bufferedPageRange();
  for (let i = range.start + 1; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const top = doc.page.margins.top;
    doc.page.margins.top = 0; // writing inside the margin must not start a new page
    doc.font('regular').fontSize(13).text(String(i + 1), 0, mm(10), { width: doc.page.width, align: 'center' });
    doc.page.margins.top = top;
  }
}
