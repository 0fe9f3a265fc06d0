import { vietnamDate } from '../calendar/working-days.ts';
import { formatClock, formatVietnameseDate, formatWeekday } from '../documents/format.ts';
import type { SignatureBox } from '../documents/giay-moi.ts';
import { LEFT_COLUMN, mm, nfc, PAGE_MARGINS, renderLetterhead, shortRule, upper, type LetterheadData } from '../documents/letterhead.ts';
import { linesOf, numberPages, openPdf } from '../documents/pdf-page.ts';
import { formatDate } from '../lib/time.ts';
import type { Conclusion, MinutesContent, NoticeContent } from './schemas.ts';

/** What both documents print besides their content. */
export interface RecordDocData extends Omit<LetterheadData, 'noDateLine'> {
  meetingTitle: string;
  /** The correction names the document it corrects. */
  corrects?: { number: string; issuedAt: Date } | null;
  /** Names of bodies, for conclusions assigned to bodies. */
  bodyNames: Record<string, string>;
  recipients: string[];
  archiveUnit: string;
}

export interface MinutesDocData extends RecordDocData {
  content: MinutesContent;
  /** Printed under THƯ KÝ and CHỦ TỌA. */
  secretaryName: string;
  chairName: string;
}

export interface NoticeDocData extends RecordDocData {
  content: NoticeContent;
  signer: { position: string; fullName: string };
  /** "Kết luận của Phó Chủ tịch UBND tỉnh Trần Báu Hà tại cuộc họp …" */
  summary: string;
}

const SIGNATURE_SPACE = 70;
const clean = (s: string) => s.trim().replace(/[.;,:]+$/, '');

/** "Giao: Sở Y tế, UBND xã Thạch Hà; thời hạn: 15/01/2027; kết quả: …" */
export function conclusionLine(c: Conclusion, i: number, bodyNames: Record<string, string>): string {
  const who = c.assignees === 'all-invited' ? 'các cơ quan, đơn vị dự họp' : c.assignees.map((id) => bodyNames[id] ?? id).join(', ');
  const parts = [
    ...(who ? [`Giao: ${who}`] : []),
    ...(c.expectedResult.trim() ? [`kết quả cần đạt: ${clean(c.expectedResult)}`] : []),
    ...(c.deadline ? [`thời hạn: ${formatDate(c.deadline)}`] : []),
  ];
  return `${i + 1}. ${clean(c.text)}.${parts.length ? ` (${parts.join('; ')}).` : ''}`;
}

const instant = (iso: string | null) => (iso ? new Date(iso) : null);
const at = (d: Date) => `${formatClock(d)}, ${formatWeekday(d)}, ${formatVietnameseDate(d)}`;

/** The Biên bản's text, paragraph by paragraph (bold for headings), in the order NĐ 30's form lists. */
export function minutesParagraphs(data: MinutesDocData): { text: string; bold?: boolean; indent?: boolean }[] {
  const c = data.content;
  const out: { text: string; bold?: boolean; indent?: boolean }[] = [];
  const start = instant(c.startedAt);
  if (data.corrects) out.push({ text: `Biên bản này đính chính Biên bản số ${data.corrects.number} ngày ${formatDate(vietnamDate(data.corrects.issuedAt))}.` });
  out.push({ text: `Thời gian bắt đầu: ${start ? at(start) : '…'}.` });
  out.push({ text: `Địa điểm: ${clean(c.place) || '…'}.` });
  if (c.onlinePoints.trim()) out.push({ text: `Điểm cầu: ${clean(c.onlinePoints)}.` });
  out.push({ text: `Chủ trì: ${clean(c.chair)}.` });
  out.push({ text: `Thư ký: ${clean(c.secretary)}.` });
  const present = c.attendees.filter((a) => !a.status.startsWith('absent'));
  const absent = c.attendees.filter((a) => a.status.startsWith('absent'));
  out.push({ text: `Thành phần tham dự (${present.length} điểm cầu, đơn vị):`, bold: true });
  for (const a of present) {
    const line = a.status === 'substitute' && a.note.trim() ? `${clean(a.note)} dự thay ${clean(a.name)}`
      : a.status === 'late' ? `${clean(a.name)} (đến muộn${a.note.trim() ? `: ${clean(a.note)}` : ''})`
      : a.status === 'left_early' ? `${clean(a.name)} (về sớm${a.note.trim() ? `: ${clean(a.note)}` : ''})`
      : `${clean(a.name)}${a.note.trim() ? ` (${clean(a.note)})` : ''}`;
    out.push({ text: `- ${line};`, indent: true });
  }
  if (absent.length) {
    out.push({ text: `Vắng mặt (${absent.length}):`, bold: true });
    for (const a of absent) out.push({ text: `- ${clean(a.name)} (${a.status === 'absent_excused' ? `có lý do${a.note.trim() ? `: ${clean(a.note)}` : ''}` : 'không có lý do'});`, indent: true });
  }
  out.push({ text: 'Nội dung cuộc họp:', bold: true });
  c.items.forEach((item, i) => {
    out.push({ text: `${i + 1}. ${clean(item.title)}`, bold: true });
    if (item.presented.trim()) out.push({ text: `Nội dung trình bày: ${clean(item.presented)}.`, indent: true });
    if (item.speakers.length) {
      out.push({ text: 'Ý kiến phát biểu:', indent: true });
      for (const s of item.speakers) {
        const when = s.at ? `, ${formatClock(new Date(s.at))}` : '';
        const who = `${s.name}${s.site ? ` (${s.site}${when})` : when ? ` (${when.slice(2)})` : ''}`;
        out.push({ text: `- ${who}: ${clean(s.view) || '…'}.`, indent: true });
      }
    }
    for (const v of item.votes) {
      out.push({ text: `Kết quả biểu quyết${v.subject.trim() ? ` ${clean(v.subject)}` : ''}: tán thành ${v.for}, không tán thành ${v.against}, không biểu quyết ${v.abstain}.`, indent: true });
    }
  });
  out.push({ text: 'Kết luận của chủ trì:', bold: true });
  c.conclusions.forEach((k, i) => out.push({ text: conclusionLine(k, i, data.bodyNames), indent: true }));
  const end = instant(c.endedAt);
  out.push({ text: `Cuộc họp kết thúc vào ${end ? at(end) : '…'}./.` });
  return out;
}

interface Frame {
  left: number;
  width: number;
}

function frame(doc: PDFKit.PDFDocument): Frame {
  return { left: PAGE_MARGINS.left, width: doc.page.width - PAGE_MARGINS.left - PAGE_MARGINS.right };
}

/** "BIÊN BẢN" / "THÔNG BÁO" and the summary under it with its short rule. */
function title(doc: PDFKit.PDFDocument, f: Frame, y: number, type: string, summary: string) {
  doc.font('bold').fontSize(14).text(type, f.left, y, { width: f.width, align: 'center' });
  const x = f.left + mm(10);
  const w = f.width - mm(20);
  doc.font('bold').fontSize(14).text(nfc(summary), x, doc.y + 2, { width: w, align: 'center' });
  shortRule(doc, linesOf(doc, nfc(summary), w), x, w, doc.y + 4);
  doc.y += 4;
  doc.moveDown(1.2);
}

function paragraph(doc: PDFKit.PDFDocument, f: Frame, p: { text: string; bold?: boolean; indent?: boolean }) {
  doc.font(p.bold ? 'bold' : 'regular').fontSize(14).text(nfc(p.text), f.left, doc.y, { width: f.width, align: 'justify', indent: mm(10), lineGap: 2 });
  doc.moveDown(0.2);
}

function recipients(doc: PDFKit.PDFDocument, f: Frame, data: RecordDocData, top: number) {
  doc.font('bolditalic').fontSize(12).text('Nơi nhận:', f.left, top, { width: LEFT_COLUMN });
  doc.font('regular').fontSize(11);
  for (const r of [...data.recipients.map((x) => `- ${x}`), `- Lưu: VT, ${data.archiveUnit}.`]) doc.text(nfc(r), f.left, doc.y, { width: LEFT_COLUMN });
}

/** A signer block centred in [x, x + width]: capacity lines, the signature's space, the name. */
function signerBlock(doc: PDFKit.PDFDocument, page: number, x: number, width: number, top: number, lines: string[], name: string): SignatureBox {
  doc.font('bold').fontSize(14);
  let y = top;
  for (const l of lines) {
    doc.text(upper(l), x, y, { width, align: 'center' });
    y = doc.y;
  }
  doc.text(nfc(name), x, y + SIGNATURE_SPACE, { width, align: 'center' });
  const blockWidth = Math.min(width, 200);
  return { page, x: x + (width - blockWidth) / 2, y: y + 2, width: blockWidth, height: SIGNATURE_SPACE - 2 };
}

function ensureRoom(doc: PDFKit.PDFDocument, needed: number) {
  if (doc.y + needed > doc.page.height - PAGE_MARGINS.bottom) doc.addPage();
}

const lastPage = (doc: PDFKit.PDFDocument) => {
  const range = doc.bufferedPageRange();
  return range.start + range.count - 1;
};

/**
 * The Biên bản (NĐ 30/2020 Phụ lục III): "Số: 05/BB-VP" with no place/date line; "BIÊN BẢN" and
 * the meeting's name; time, place, participants, chủ trì, thư ký, the proceedings item by item,
 * conclusions and the end time; THƯ KÝ (left) and CHỦ TỌA (right) signing side by side.
 */
export async function renderMinutesPdf(data: MinutesDocData): Promise<{ pdf: Buffer; secretaryBox: SignatureBox; chairBox: SignatureBox }> {
  const { doc, done } = openPdf({ title: `Biên bản ${data.number}: ${data.meetingTitle}`, author: data.issuingBody, subject: data.meetingTitle, createdAt: data.issuedAt });
  const f = frame(doc);
  title(doc, f, renderLetterhead(doc, { ...data, noDateLine: true }) + 18, 'BIÊN BẢN', data.meetingTitle);
  for (const p of minutesParagraphs(data)) paragraph(doc, f, p);

  ensureRoom(doc, 2 * 20 + SIGNATURE_SPACE + 30);
  const top = doc.y + 16;
  const half = f.width / 2;
  const page = lastPage(doc);
  const secretaryBox = signerBlock(doc, page, f.left, half, top, ['Thư ký'], data.secretaryName);
  const chairBox = signerBlock(doc, page, f.left + half, half, top, ['Chủ tọa'], data.chairName);
  doc.y = Math.max(doc.y, top) + 24;
  ensureRoom(doc, 60);
  recipients(doc, f, data, doc.y);
  numberPages(doc);
  doc.end();
  return { pdf: await done, secretaryBox, chairBox };
}

/** The Thông báo kết luận: header with the place/date line, "THÔNG BÁO" and its summary, the conclusions, Nơi nhận and the signer. */
export async function renderNoticePdf(data: NoticeDocData): Promise<{ pdf: Buffer; signatureBox: SignatureBox }> {
  const { doc, done } = openPdf({ title: `Thông báo ${data.number}: ${data.summary}`, author: data.issuingBody, subject: data.meetingTitle, createdAt: data.issuedAt });
  const f = frame(doc);
  title(doc, f, renderLetterhead(doc, data) + 18, 'THÔNG BÁO', data.summary);
  const c = data.content;
  if (data.corrects) paragraph(doc, f, { text: `Thông báo này đính chính Thông báo số ${data.corrects.number}.` });
  if (c.opening.trim()) for (const p of c.opening.split(/\n+/).filter((l) => l.trim())) paragraph(doc, f, { text: p.trim() });
  c.conclusions.forEach((k, i) => paragraph(doc, f, { text: conclusionLine(k, i, data.bodyNames) }));
  paragraph(doc, f, { text: `${clean(c.closing) || `${data.issuingBody} thông báo để các cơ quan, đơn vị biết, thực hiện`}./.` });

  doc.font('bold').fontSize(14);
  ensureRoom(doc, 2 * doc.currentLineHeight(true) + SIGNATURE_SPACE + 30);
  const top = doc.y + 16;
  const page = lastPage(doc);
  recipients(doc, f, data, top);
  const signatureBox = signerBlock(doc, page, f.left + LEFT_COLUMN, f.width - LEFT_COLUMN, top, [data.signer.position], data.signer.fullName);
  numberPages(doc);
  doc.end();
  return { pdf: await done, signatureBox };
}
