import { formatPlaceDate } from './format.ts';
import type { DocumentHeading, DocumentPriority } from './types.ts';

/** Millimetres to PDF points. */
export const mm = (v: number) => (v * 72) / 25.4;

/** NĐ 30/2020 Phụ lục I: A4; top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm. */
export const PAGE_MARGINS = { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15) };
/** Width of the left header column (bodies, number) and of the "Nơi nhận" column. */
export const LEFT_COLUMN = mm(68);
const RULE_WIDTH = 0.6;
/**
 * NĐ 30 Phụ lục I: the rules under the issuing body and under the summary are "từ 1/3 đến 1/2"
 * of the line of text above them, centred on it.
 */
export const SHORT_RULE = 0.4;

export const nfc = (s: string) => s.normalize('NFC');
export const upper = (s: string) => nfc(s).toLocaleUpperCase('vi');

export function line(doc: PDFKit.PDFDocument, x1: number, x2: number, y: number) {
  doc.moveTo(x1, y).lineTo(x2, y).lineWidth(RULE_WIDTH).stroke();
}

/** A short rule under lines of text centred in [x, x + width]: SHORT_RULE of the widest line. */
export function shortRule(doc: PDFKit.PDFDocument, text: string, x: number, width: number, y: number) {
  const widest = Math.max(...text.split('\n').map((l) => Math.min(doc.widthOfString(l), width)));
  const length = widest * SHORT_RULE;
  line(doc, x + (width - length) / 2, x + (width + length) / 2, y);
}

export interface LetterheadData {
  heading?: DocumentHeading;
  /** The line above the issuing body: its parent body (state) or the Party organisation (party). */
  parentBody?: string;
  issuingBody: string;
  /** As issued: "07/GM-UBND" (state) or "07-GM/TU" (party). */
  number: string;
  place: string;
  issuedAt: Date;
  priority?: DocumentPriority;
  /** A Biên bản has no place/date line in its header (NĐ 30 Phụ lục III, Mẫu 1.13): its times are in the text. */
  noDateLine?: boolean;
}

/**
 * The header of a document, returning where the text below may start. State bodies (NĐ 30
 * Phụ lục I): bodies and "Số: 07/GM-UBND" on the left, the national heading with its motto
 * underlined and the place/date line on the right. Party committees (Hướng dẫn 36-HD/VPTW):
 * the Party organisation and the committee with a "*" beneath and "Số 07-GM/TU" on the left;
 * "ĐẢNG CỘNG SẢN VIỆT NAM", underlined, and the place/date line on the right. Either way an
 * urgent document carries its mark (KHẨN, THƯỢNG KHẨN, HỎA TỐC) boxed under the number.
 */
export function renderLetterhead(doc: PDFKit.PDFDocument, data: LetterheadData): number {
  const party = data.heading === 'party';
  const left = PAGE_MARGINS.left;
  const width = doc.page.width - PAGE_MARGINS.left - PAGE_MARGINS.right;
  const rightX = left + LEFT_COLUMN;
  const rightWidth = width - LEFT_COLUMN;
  const size = party ? 14 : 13;

  // Left: parent body (regular) over the issuing body (bold), then a short rule or the "*".
  let y = PAGE_MARGINS.top;
  if (data.parentBody) {
    doc.font('regular').fontSize(size).text(headerLines(doc, data.parentBody, LEFT_COLUMN), left, y, { width: LEFT_COLUMN, align: 'center' });
    y = doc.y;
  }
  const body = headerLines(doc.font('bold').fontSize(size), data.issuingBody, LEFT_COLUMN);
  doc.text(body, left, y, { width: LEFT_COLUMN, align: 'center' });
  let leftBottom: number;
  if (party) {
    doc.font('regular').fontSize(14).text('*', left, doc.y, { width: LEFT_COLUMN, align: 'center' });
    leftBottom = doc.y;
  } else {
    leftBottom = doc.y + 2;
    shortRule(doc.font('bold').fontSize(size), body, left, LEFT_COLUMN, leftBottom);
  }

  // Right: the national heading with its motto, or the Party's name, each underlined in full.
  let rightBottom: number;
  if (party) {
    doc.font('bold').fontSize(15).text('ĐẢNG CỘNG SẢN VIỆT NAM', rightX, PAGE_MARGINS.top, { width: rightWidth, align: 'center' });
    const w = doc.widthOfString('ĐẢNG CỘNG SẢN VIỆT NAM');
    rightBottom = doc.y + 2;
    line(doc, rightX + (rightWidth - w) / 2, rightX + (rightWidth + w) / 2, rightBottom);
  } else {
    doc.font('bold').fontSize(fitSize(doc, 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', rightWidth, 13, 12));
    doc.text('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', rightX, PAGE_MARGINS.top, { width: rightWidth, align: 'center' });
    doc.font('bold').fontSize(14).text('Độc lập - Tự do - Hạnh phúc', rightX, doc.y, { width: rightWidth, align: 'center' });
    const w = doc.widthOfString('Độc lập - Tự do - Hạnh phúc');
    rightBottom = doc.y + 2;
    line(doc, rightX + (rightWidth - w) / 2, rightX + (rightWidth + w) / 2, rightBottom);
  }

  // The number (left) level with the place/date line (right), below both headings.
  y = Math.max(leftBottom, rightBottom) + (party ? 6 : 10);
  const number = party ? `Số ${data.number}` : `Số: ${data.number}`;
  doc.font('regular').fontSize(party ? 14 : 13).text(nfc(number), left, y, { width: LEFT_COLUMN, align: 'center' });
  let bottom = doc.y;
  // A long place written in full ("Thành phố Hồ Chí Minh, ngày …") stays on one line, down to 12 pt.
  if (!data.noDateLine) {
    const dateLine = nfc(formatPlaceDate(data.place, data.issuedAt));
    doc.font('italic').fontSize(fitSize(doc.font('italic'), dateLine, rightWidth, 14, 12)).text(dateLine, rightX, y, { width: rightWidth, align: 'center' });
    bottom = Math.max(bottom, doc.y);
  }
  if (data.priority && data.priority !== 'Thường') bottom = priorityMark(doc, data.priority, left, bottom + 8);
  return bottom;
}

/**
 * NĐ 30 Phụ lục I (ô 10b): the urgency mark in capitals, bold 13–14 pt, centred in a single-line
 * box 20, 30 or 40 mm wide by 8 mm, under the number.
 */
function priorityMark(doc: PDFKit.PDFDocument, priority: DocumentPriority, left: number, y: number): number {
  const text = upper(priority);
  doc.font('bold').fontSize(13);
  const boxWidth = [20, 30, 40].map(mm).find((w) => w >= doc.widthOfString(text) + mm(4)) ?? mm(40);
  const x = left + (LEFT_COLUMN - boxWidth) / 2;
  doc.rect(x, y, boxWidth, mm(8)).lineWidth(RULE_WIDTH).stroke();
  doc.text(text, x, y + (mm(8) - doc.currentLineHeight()) / 2 + 1, { width: boxWidth, align: 'center', lineBreak: false });
  return y + mm(8);
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
