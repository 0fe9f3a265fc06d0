import { createHash } from 'node:crypto';
import PDFDocument from 'pdfkit';
import { loadSerifFonts, type FontFace } from '../documents/fonts.ts';
import { PdfFile, type IncrementalUpdate } from './pdf-file.ts';
import { arr, dict, name, raw, ref, type PdfValue } from './pdf-syntax.ts';

/** What the visible signature block shows (NĐ 30/2020 Phụ lục I: signer image, seal, time). */
export interface AppearanceText {
  signerName: string;
  /** The body whose seal overlaps the signature, for the signer who signs on its behalf; none for a secretary. */
  sealOf?: string | undefined;
  /** ISO 8601 with Vietnam's offset, e.g. 2027-01-05T15:20:00+07:00. */
  signingTime: string;
}

const BLUE = '#1c3f9e';
const RED = '#d0202a';
const nfc = (s: string) => s.normalize('NFC');

/**
 * The block as a one-page PDF of the block's own size, drawn with pdfkit (its fonts carry
 * every Vietnamese letter): the signer image — a blue signature stroke generated from the
 * name, since the deployment keeps no scanned signatures — the body's red seal over its left
 * third when there is one, and the signer's name and signing time in small print.
 */
export async function renderAppearance(text: AppearanceText, width: number, height: number, fontDirs?: string | string[]): Promise<Buffer> {
  const fonts = loadSerifFonts(fontDirs);
  const doc = new PDFDocument({ size: [width, height], margin: 0, compress: true });
  for (const [face, file] of Object.entries(fonts) as [FontFace, string][]) doc.registerFont(face, file);
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const textHeight = 18;
  const artHeight = height - textHeight;
  const sealR = Math.min(artHeight / 2 - 1, 30);
  const sealCx = width * 0.2;
  const sigLeft = text.sealOf ? sealCx + sealR * 0.35 : width * 0.12;
  drawSignatureStroke(doc, text.signerName, sigLeft, 3, width * 0.85 - sigLeft, artHeight - 4);
  if (text.sealOf) drawSeal(doc, text.sealOf, sealCx, artHeight / 2, sealR);

  doc.fillColor(BLUE).font('italic').fontSize(7.5);
  doc.text(nfc(`Ký số: ${text.signerName}`), 0, artHeight, { width, align: 'center', lineBreak: false });
  doc.text(`Thời gian ký: ${text.signingTime}`, 0, artHeight + 8.5, { width, align: 'center', lineBreak: false });
  doc.end();
  return done;
}

/**
 * A handwriting-like stroke, the same for the same name: a capital's tall loop, a run of
 * smaller cursive loops along a slightly rising baseline, and an underline flourish.
 */
function drawSignatureStroke(doc: PDFKit.PDFDocument, signer: string, x: number, y: number, w: number, h: number): void {
  const seed = createHash('sha256').update(nfc(signer)).digest();
  const r = (i: number) => seed[i % seed.length]! / 255;
  const loops = 4 + (seed[0]! % 3);
  const base = (t: number) => y + h * (0.72 - 0.12 * t);
  doc.save().lineWidth(1.3).strokeColor(BLUE).lineCap('round').lineJoin('round');
  // The capital: up from the baseline into a tall loop.
  let px = x + w * 0.04;
  let py = base(0);
  doc.moveTo(px, py);
  const capW = w * 0.16;
  doc.bezierCurveTo(px + capW * 1.6, y - h * 0.05, px - capW * 0.6, y + h * 0.05, px + capW * 0.7, base(0.1));
  px += capW * 0.7;
  py = base(0.1);
  const step = (w * 0.7) / loops;
  for (let i = 0; i < loops; i++) {
    const t = (i + 1) / loops;
    const top = y + h * (0.3 + r(i + 3) * 0.25);
    const nx = px + step;
    const ny = base(0.1 + 0.9 * t) + (r(i + 11) - 0.5) * h * 0.08;
    // Control points that cross make the loop.
    doc.bezierCurveTo(px + step * 1.8, top, px - step * 0.7, top, nx, ny);
    px = nx;
    py = ny;
  }
  // The flourish: a long stroke back under the name.
  doc.bezierCurveTo(px + w * 0.12, py + h * 0.05, x + w * (0.55 + r(20) * 0.1), y + h * 0.98, x + w * 0.08, y + h * (0.86 + r(21) * 0.06));
  doc.stroke().restore();
}

/** A round red seal: two rings, the body's name around the top, a star in the middle. */
function drawSeal(doc: PDFKit.PDFDocument, body: string, cx: number, cy: number, radius: number): void {
  doc.save().strokeColor(RED).fillColor(RED).opacity(0.85);
  doc.lineWidth(1.6).circle(cx, cy, radius).stroke();
  doc.lineWidth(0.6).circle(cx, cy, radius * 0.62).stroke();
  star(doc, cx, cy, radius * 0.3);
  const label = nfc(body).toLocaleUpperCase('vi');
  doc.font('bold').fontSize(Math.max(4, radius * 0.2));
  const textR = radius * 0.8;
  const total = doc.widthOfString(label);
  // Spread the name over at most 300° of the ring, centred on the top.
  const span = Math.min((total / textR) * 1.1, (300 * Math.PI) / 180);
  const scale = span / (total / textR);
  let angle = -Math.PI / 2 - span / 2;
  for (const ch of label) {
    const cw = doc.widthOfString(ch) * scale;
    const mid = angle + cw / textR / 2;
    doc.save();
    doc.translate(cx + textR * Math.cos(mid), cy + textR * Math.sin(mid));
    doc.rotate(((mid + Math.PI / 2) * 180) / Math.PI);
    doc.text(ch, -doc.widthOfString(ch) / 2, -doc.currentLineHeight() / 2, { lineBreak: false });
    doc.restore();
    angle += cw / textR;
  }
  doc.restore();
}

function star(doc: PDFKit.PDFDocument, cx: number, cy: number, r: number): void {
  const points: [number, number][] = [];
  for (let i = 0; i < 10; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const rr = i % 2 === 0 ? r : r * 0.4;
    points.push([cx + rr * Math.cos(a), cy + rr * Math.sin(a)]);
  }
  doc.polygon(...points).fill();
}

/**
 * Copies page 1 of a pdfkit file into `update` as a form XObject (the widget's normal
 * appearance), with every object its resources reach renumbered into the target file.
 */
export function importAsForm(update: IncrementalUpdate, source: Buffer): number {
  const file = new PdfFile(source);
  const page = file.pages()[0];
  if (!page) throw new Error('appearance has no page');
  const numbers = new Map<number, number>();
  const copy = (v: PdfValue): PdfValue => {
    switch (v.t) {
      case 'ref': {
        let target = numbers.get(v.num);
        if (target === undefined) {
          target = update.allocate();
          numbers.set(v.num, target);
          const obj = file.object(v.num);
          update.write(target, copy(obj.value), obj.stream);
        }
        return ref(target);
      }
      case 'dict':
        return { t: 'dict', entries: new Map([...v.entries].map(([k, val]) => [k, copy(val)])) };
      case 'array':
        return { t: 'array', items: v.items.map(copy) };
      default:
        return v;
    }
  };
  const resources = copy(file.resolve(page.entries.get('Resources')) ?? dict({}));
  const contents = file.resolve(page.entries.get('Contents'));
  const contentRef = page.entries.get('Contents');
  if (contentRef?.t !== 'ref' || contents?.t !== 'dict') throw new Error('appearance page must have one content stream');
  const stream = file.object(contentRef.num);
  const box = file.resolve(page.entries.get('MediaBox'));
  const form = dict({
    Type: name('XObject'),
    Subtype: name('Form'),
    BBox: box ?? arr(raw(0), raw(0), raw(0), raw(0)),
    Resources: resources,
    Length: raw(stream.stream!.length),
  });
  const filter = contents.entries.get('Filter');
  if (filter) form.entries.set('Filter', filter);
  return update.add(form, stream.stream);
}
