import PDFDocument from 'pdfkit';
import { loadSerifFonts, type FontFace } from '../documents/fonts.ts';
import { mm, nfc, PAGE_MARGINS, renderLetterhead, shortRule } from '../documents/letterhead.ts';
import { formatDate, inZone } from '../lib/time.ts';

/** "08:05" of an instant written in Vietnam time (vietnamIso, +07:00). */
const formatTime = (vietnamIsoInstant: string) => vietnamIsoInstant.slice(11, 16);
import type { RecordView } from './schemas.ts';

const attendanceWords: Record<string, string> = { pending: 'Chưa họp', joined: 'Có mặt', late: 'Đi muộn', absent_excused: 'Vắng có lý do', absent: 'Vắng' };
const rsvpWords: Record<string, string> = { pending: 'Chưa trả lời', accepted: 'Tham dự', declined: 'Báo vắng', substitute: 'Cử người dự thay' };
const taskWords: Record<string, string> = {
  assigned: 'Mới giao', received: 'Đã nhận', in_progress: 'Đang thực hiện', extension_requested: 'Xin gia hạn', done: 'Đã hoàn thành', accepted: 'Đã chấp nhận',
};

interface Column { title: string; width: number }
type Cell = string;

export interface RecordPdfHeader {
  parentBody?: string;
  issuingBody: string;
  /** The body's symbol for "Số:      /BC-UBND" (the number is left blank for the register). */
  symbol: string;
  place: string;
  issuedAt: Date;
}

/**
 * A body's record as a report in the NĐ 30 layout: letterhead, "BÁO CÁO" with its summary and
 * the period, the totals, then the meetings (answer, attendance, BB/TB) and the tasks as tables
 * that carry their header row onto each new page.
 */
export async function renderRecordPdf(record: RecordView, header: RecordPdfHeader): Promise<Buffer> {
  const fonts = loadSerifFonts();
  const doc = new PDFDocument({
    size: 'A4', margins: PAGE_MARGINS, bufferPages: true, pdfVersion: '1.7', lang: 'vi-VN', displayTitle: true,
    info: { Title: nfc(`Báo cáo kết quả tham dự họp và thực hiện nhiệm vụ: ${record.body.name}`), Author: nfc(header.issuingBody), Creator: 'Họp số', CreationDate: header.issuedAt },
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

  let y = renderLetterhead(doc, { parentBody: header.parentBody, issuingBody: header.issuingBody, number: `      /BC-${header.symbol}`, place: header.place, issuedAt: header.issuedAt }) + 22;
  doc.font('bold').fontSize(14).text('BÁO CÁO', left, y, { width, align: 'center' });
  const summary = nfc(`Kết quả tham dự họp và thực hiện nhiệm vụ\ntừ ngày ${formatDate(record.from)} đến ngày ${formatDate(record.to)}`);
  doc.font('bold').fontSize(14).text(summary, left, doc.y, { width, align: 'center' });
  shortRule(doc, summary, left, width, doc.y + 3);
  y = doc.y + 16;

  const t = record.totals;
  doc.font('regular').fontSize(13).text(nfc(
    `${record.body.name} (${record.body.unitName}) được mời ${t.invited} cuộc họp: có mặt ${t.joined}, đi muộn ${t.late}, vắng có lý do ${t.absentExcused}, vắng ${t.absent}` +
    `${t.substitutes ? `, cử người dự thay ${t.substitutes}` : ''}. Được giao ${t.tasks} nhiệm vụ: đã hoàn thành ${t.tasksDone}, quá hạn ${t.tasksOverdue}.`,
  ), left, y, { width, align: 'justify', indent: mm(10) });

  heading(doc, 'I. CÁC CUỘC HỌP ĐƯỢC MỜI', left, width);
  const meetingCols = cols(width, [['TT', 9], ['Cuộc họp', 58], ['Thời gian', 26], ['Trả lời', 24], ['Điểm danh', 26], ['BB, TB', 22]]);
  table(doc, left, meetingCols, record.meetings.map((m, i) => [
    String(i + 1),
    `${m.title}\n(${m.convenerName}${m.invitationNumber ? `, GM số ${m.invitationNumber}` : ''})`,
    `${formatTime(m.startsAt)}\n${formatDate(m.startsAt.slice(0, 10))}`,
    `${rsvpWords[m.rsvp] ?? m.rsvp}${m.declineReason ? `: ${m.declineReason}` : ''}`,
    `${attendanceWords[m.attendance] ?? m.attendance}${m.firstJoin ? ` (${formatTime(m.firstJoin)})` : ''}${m.substitute ? `\nDự thay: ${m.substitute}` : ''}`,
    m.documents.map((d) => d.number).join('\n') || '—',
  ]), 'Không có cuộc họp nào trong kỳ.');

  heading(doc, 'II. NHIỆM VỤ ĐƯỢC GIAO', left, width);
  const taskCols = cols(width, [['TT', 9], ['Nhiệm vụ', 70], ['Cuộc họp', 36], ['Hạn', 22], ['Tình trạng', 28]]);
  table(doc, left, taskCols, record.tasks.map((a, i) => [
    String(i + 1),
    `${a.text}${a.lastNote ? `\nGhi chú: ${a.lastNote}` : ''}`,
    a.meetingTitle,
    `${formatDate(a.deadline)}${a.requestedDeadline ? `\n(xin đến ${formatDate(a.requestedDeadline)})` : ''}`,
    `${taskWords[a.status] ?? a.status}${a.overdue ? '\nQuá hạn' : ''}`,
  ]), 'Không có nhiệm vụ nào trong kỳ.');

  doc.font('italic').fontSize(11).text(nfc(`Báo cáo lập tự động từ hồ sơ điện tử của hệ thống Họp số lúc ${inZone(header.issuedAt).toFormat('HH:mm, dd/MM/yyyy')}.`), left, doc.y + 14, { width });
  numberPages(doc);
  doc.end();
  return done;
}

function cols(width: number, spec: [string, number][]): Column[] {
  const total = spec.reduce((n, [, w]) => n + w, 0);
  return spec.map(([title, w]) => ({ title, width: (width * w) / total }));
}

function heading(doc: PDFKit.PDFDocument, text: string, left: number, width: number) {
  if (doc.y > doc.page.height - PAGE_MARGINS.bottom - 80) doc.addPage();
  doc.font('bold').fontSize(13).text(nfc(text), left, doc.y + 12, { width });
  doc.moveDown(0.3);
}

const PAD = 3;
const SIZE = 10.5;

/** A ruled table; a row that does not fit starts a new page, which repeats the header row. */
function table(doc: PDFKit.PDFDocument, left: number, columns: Column[], rows: Cell[][], empty: string) {
  if (rows.length === 0) {
    doc.font('italic').fontSize(12).text(nfc(empty), left, doc.y + 2);
    return;
  }
  const bottom = doc.page.height - PAGE_MARGINS.bottom;
  const rowHeight = (cells: Cell[], font: string) => Math.max(...cells.map((c, i) => doc.font(font).fontSize(SIZE).heightOfString(nfc(c), { width: columns[i]!.width - 2 * PAD }))) + 2 * PAD;
  const draw = (cells: Cell[], y: number, font: string, shade: boolean) => {
    const h = rowHeight(cells, font);
    let x = left;
    cells.forEach((c, i) => {
      const w = columns[i]!.width;
      if (shade) doc.rect(x, y, w, h).fillColor('#eeeeee').fill().fillColor('black');
      doc.rect(x, y, w, h).lineWidth(0.5).stroke();
      doc.font(font).fontSize(SIZE).text(nfc(c), x + PAD, y + PAD, { width: w - 2 * PAD, align: i === 0 || shade ? 'center' : 'left' });
      x += w;
    });
    return y + h;
  };
  const titles = columns.map((c) => c.title);
  let y = draw(titles, doc.y, 'bold', true);
  for (const row of rows) {
    if (y + rowHeight(row, 'regular') > bottom) {
      doc.addPage();
      y = draw(titles, PAGE_MARGINS.top, 'bold', true);
    }
    y = draw(row, y, 'regular', false);
  }
  doc.x = left;
  doc.y = y;
}

/** NĐ 30: pages are numbered from the second, centred in the top margin. */
function numberPages(doc: PDFKit.PDFDocument) {
  const range = doc.bufferedPageRange();
  for (let i = range.start + 1; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const top = doc.page.margins.top;
    doc.page.margins.top = 0;
    doc.font('regular').fontSize(13).text(String(i + 1), 0, mm(10), { width: doc.page.width, align: 'center' });
    doc.page.margins.top = top;
  }
}
