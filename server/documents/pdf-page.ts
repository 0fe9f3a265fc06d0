import PDFDocument from 'pdfkit';
import { loadSerifFonts, type FontFace } from './fonts.ts';
import { mm, nfc, PAGE_MARGINS } from './letterhead.ts';

export interface PdfInfo {
  title: string;
  author: string;
  subject: string;
  createdAt: Date;
}

/**
 * An A4 page set up as NĐ 30 asks (margins, Liberation Serif embedded, Vietnamese language
 * tag), and the bytes once `doc.end()` is called. Every administrative document starts here.
 */
export function openPdf(info: PdfInfo, fontDirs?: string | string[]): { doc: PDFKit.PDFDocument; done: Promise<Buffer> } {
  const fonts = loadSerifFonts(fontDirs);
  const doc = new PDFDocument({
    size: 'A4',
    margins: PAGE_MARGINS,
    bufferPages: true,
    pdfVersion: '1.7',
    lang: 'vi-VN',
    displayTitle: true,
    info: { Title: nfc(info.title), Author: nfc(info.author), Subject: nfc(info.subject), Creator: 'Họp số', CreationDate: info.createdAt },
  });
  for (const [name, file] of Object.entries(fonts) as [FontFace, string][]) doc.registerFont(name, file);
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, done };
}

/** NĐ 30: pages are numbered from the second, centred in the top margin. */
export function numberPages(doc: PDFKit.PDFDocument) {
  const range = doc.bufferedPageRange();
  for (let i = range.start + 1; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const top = doc.page.margins.top;
    doc.page.margins.top = 0; // writing inside the margin must not start a new page
    doc.font('regular').fontSize(13).text(String(i + 1), 0, mm(10), { width: doc.page.width, align: 'center' });
    doc.page.margins.top = top;
  }
}

/** The summary broken into the lines pdfkit will set it in, for the rule's length. */
export function linesOf(doc: PDFKit.PDFDocument, text: string, width: number): string {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/)) {
    const next = current ? `${current} ${word}` : word;
    if (current && doc.widthOfString(next) > width) {
      lines.push(current);
      current = word;
    } else current = next;
  }
  return [...lines, current].join('\n');
}
