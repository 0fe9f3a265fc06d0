import { randomBytes } from 'node:crypto';
import { SignPdf } from '@signpdf/signpdf';
import { Signer as SignPdfSigner } from '@signpdf/utils';
import { InvalidInput } from '../lib/errors.ts';
import { inZone } from '../lib/time.ts';
import { importAsForm, renderAppearance } from './appearance.ts';
import { buildSignedData, type SigningCredential } from './cms.ts';
import { IncrementalUpdate, PdfFile } from './pdf-file.ts';
import { arr, asNumber, dict, name, raw, ref, textString, type PdfValue } from './pdf-syntax.ts';

/** Where a signature goes and what its block says besides the signer and time. */
export interface SignatureField {
  /** Page index from 0; -1 is the last page. */
  page: number;
  /** The block in points from the page's top-left corner, as pdfkit lays pages out. */
  rect: { x: number; y: number; width: number; height: number };
  reason?: string;
  location?: string;
  /** The body whose red seal overlaps the signature (the signer signs for it). */
  sealOf?: string;
}

/** Bytes reserved for the CMS: two 2048-bit RSA certificates and the signature need about 3 KB. */
const SIGNATURE_BYTES = 8192;
const BYTE_RANGE_PLACEHOLDER = '**********';

/** "D:20270105152000+07'00'", the PDF date of the instant in Vietnam time. */
export function pdfDate(instant: Date): string {
  return inZone(instant).toFormat("'D:'yyyyMMddHHmmss") + "+07'00'";
}

/** The ISO 8601 signing time with Vietnam's offset, as the block prints it. */
export function isoVietnam(instant: Date): string {
  return inZone(instant).toISO({ suppressMilliseconds: true })!;
}

/**
 * Appends, as one incremental update, a signature field with its visible block on the page
 * and an empty signature (a /ByteRange and a zeroed /Contents to be filled).
 */
export async function addSignatureField(pdf: Buffer, signerName: string, field: SignatureField, signingTime: Date): Promise<Buffer> {
  const file = new PdfFile(pdf);
  const pages = file.pages();
  const index = field.page < 0 ? pages.length + field.page : field.page;
  const page = pages[index];
  if (!page) throw new InvalidInput(`Văn bản không có trang ${field.page + 1}. / The document has no page ${field.page + 1}.`);
  const box = file.resolve(page.entries.get('MediaBox'));
  const pageHeight = box?.t === 'array' ? asNumber(box.items[3]) : undefined;
  if (pageHeight === undefined) throw new InvalidInput('Trang không có kích thước. / The page has no MediaBox.');
  const { x, y, width, height } = field.rect;

  const update = new IncrementalUpdate(file);
  const appearance = await renderAppearance({ signerName, sealOf: field.sealOf, signingTime: isoVietnam(signingTime) }, width, height);
  const apNum = importAsForm(update, appearance);

  const catalogRef = file.trailer.get('Root');
  if (catalogRef?.t !== 'ref') throw new InvalidInput('PDF không có mục lục (Root). / The PDF has no catalogue.');
  const catalog = new Map(file.dict(catalogRef, 'catalogue'));
  const acroFormValue = catalog.get('AcroForm');
  const acroForm = acroFormValue ? new Map(file.dict(acroFormValue, 'AcroForm')) : new Map<string, PdfValue>();
  const fieldsValue = file.resolve(acroForm.get('Fields'));
  const fields = fieldsValue?.t === 'array' ? [...fieldsValue.items] : [];

  const sigNum = update.allocate();
  const widgetNum = update.allocate();
  update.write(sigNum, dict({
    Type: name('Sig'),
    Filter: name('Adobe.PPKLite'),
    SubFilter: name('ETSI.CAdES.detached'),
    ByteRange: arr(raw(0), name(BYTE_RANGE_PLACEHOLDER), name(BYTE_RANGE_PLACEHOLDER), name(BYTE_RANGE_PLACEHOLDER)),
    Contents: raw(`<${'0'.repeat(SIGNATURE_BYTES * 2)}>`),
    M: raw(`(${pdfDate(signingTime)})`),
    Name: textString(signerName),
    ...(field.reason ? { Reason: textString(field.reason) } : {}),
    ...(field.location ? { Location: textString(field.location) } : {}),
  }));
  update.write(widgetNum, dict({
    Type: name('Annot'),
    Subtype: name('Widget'),
    FT: name('Sig'),
    T: textString(`Signature${fields.length + 1}`),
    V: ref(sigNum),
    Rect: arr(...[x, pageHeight - y - height, x + width, pageHeight - y].map((n) => raw(Number(n.toFixed(2))))),
    F: raw(132), // Print + Locked
    P: ref(page.num, page.gen),
    AP: dict({ N: ref(apNum) }),
  }));

  // The page lists the widget among its annotations.
  const annots = page.entries.get('Annots');
  if (annots?.t === 'ref') {
    const list = file.resolve(annots);
    update.write(annots.num, arr(...(list?.t === 'array' ? list.items : []), ref(widgetNum)), undefined, annots.gen);
  } else {
    const entries = new Map(page.entries);
    entries.set('Annots', arr(...(annots?.t === 'array' ? annots.items : []), ref(widgetNum)));
    update.write(page.num, { t: 'dict', entries }, undefined, page.gen);
  }

  // The form lists the field; SigFlags 3: signatures exist, and the file may only be appended to.
  acroForm.set('Fields', arr(...fields, ref(widgetNum)));
  acroForm.set('SigFlags', raw(3));
  if (acroFormValue?.t === 'ref') update.write(acroFormValue.num, { t: 'dict', entries: acroForm }, undefined, acroFormValue.gen);
  else {
    catalog.set('AcroForm', ref(update.add({ t: 'dict', entries: acroForm })));
    update.write(catalogRef.num, { t: 'dict', entries: catalog }, undefined, catalogRef.gen);
  }

  const id = file.trailer.get('ID');
  const first = id?.t === 'array' && id.items[0] ? id.items[0] : raw(`<${randomBytes(16).toString('hex')}>`);
  return update.finish({ ID: arr(first, raw(`<${randomBytes(16).toString('hex')}>`)) });
}

/** @signpdf's hook: it hands over the signed byte ranges, this returns the CMS. */
class CmsSigner extends SignPdfSigner {
  private readonly credential: SigningCredential;
  private readonly time: Date;
  constructor(
    credential: SigningCredential,
    time: Date,
  ) {
    super();
    this.credential = credential;
    this.time = time;
  }

  override async sign(content: Buffer): Promise<Buffer> {
    return buildSignedData(content, this.credential, this.time);
  }
}

/**
 * Signs `pdf` with `credential`: a new signature field and visible block appended as an
 * incremental update, then its byte ranges digested and the CMS written into /Contents
 * (by @signpdf). Signatures already in the file are left byte for byte as they were.
 */
export async function signPdf(pdf: Buffer, signerName: string, credential: SigningCredential, field: SignatureField, signingTime = new Date()): Promise<Buffer> {
  // Whole seconds: the block, /M and the CMS signing-time attribute all say the same instant.
  const time = new Date(Math.floor(signingTime.getTime() / 1000) * 1000);
  const prepared = await addSignatureField(pdf, signerName, field, time);
  return new SignPdf().sign(prepared, new CmsSigner(credential, time));
}

