import { createHash, verify as verifySignature, X509Certificate } from 'node:crypto';
import { InvalidInput } from '../lib/errors.ts';
import { inZone } from '../lib/time.ts';
import { OID, parseSignedData, type ParsedSignedData } from './cms.ts';
import { child, oidOf, parse, timeOf, type Node } from './der.ts';
import { decodeTextString } from './pdf-syntax.ts';

export type SignatureProblem =
  /** /ByteRange does not frame a /Contents string, or points outside the file. */
  | 'bad_byte_range'
  /** /Contents is not a CMS SignedData this verifier reads (or its padding was changed). */
  | 'unreadable'
  /** The signed bytes changed since signing. */
  | 'digest_mismatch'
  /** The signature over the signed attributes does not verify with the certificate. */
  | 'bad_signature'
  /** The signing-certificate attribute names another certificate than the one embedded. */
  | 'certificate_mismatch'
  | 'unsupported_algorithm';

export interface SignatureReport {
  index: number;
  signerName: string;
  organization: string | null;
  unit: string | null;
  /** ISO 8601 with Vietnam's offset. */
  signingTime: string | null;
  reason: string | null;
  /** The bytes it covers are those that were signed, and the signature matches the certificate. */
  intact: boolean;
  /** The certificate was issued by a CA this deployment trusts (its own), and was valid at signing time. */
  trusted: boolean;
  /** It covers the whole file: nothing was appended after it. */
  coversWholeDocument: boolean;
  problem: SignatureProblem | null;
  certificate: { issuer: string | null; serial: string; notBefore: string; notAfter: string; fingerprint: string } | null;
}

export interface VerifyReport {
  /** Every signature intact and trusted, and the last one covers the whole file. */
  valid: boolean;
  signatures: SignatureReport[];
}

const BYTE_RANGE = /\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g;
const SUPPORTED_SIGNATURE_ALGS = new Set<string>([OID.rsaEncryption, OID.sha256WithRsa, OID.ecdsaWithSha256]);

/**
 * Checks every signature of a PDF on its own bytes: what each /ByteRange covers is hashed
 * and compared with the signed message digest, the signature is verified with the embedded
 * certificate, and the certificate is checked against `anchors` (this deployment's CA).
 * One changed byte anywhere a signature covers, or in a signature itself, fails it.
 */
export function verifyPdf(pdf: Buffer, anchors: readonly X509Certificate[]): VerifyReport {
  if (!pdf.subarray(0, 1024).toString('latin1').includes('%PDF-')) {
    throw new InvalidInput('Tệp tải lên không phải là PDF. / The uploaded file is not a PDF.');
  }
  const text = pdf.toString('latin1');
  const signatures: SignatureReport[] = [];
  for (const m of text.matchAll(BYTE_RANGE)) {
    signatures.push(checkSignature(pdf, text, m.index, m.slice(1, 5).map(Number) as [number, number, number, number], anchors, signatures.length + 1));
  }
  const last = signatures.at(-1);
  const valid = signatures.length > 0 && signatures.every((s) => s.intact && s.trusted) && last!.coversWholeDocument;
  return { valid, signatures };
}

function checkSignature(pdf: Buffer, text: string, at: number, range: [number, number, number, number], anchors: readonly X509Certificate[], index: number): SignatureReport {
  const dictionary = enclosingObject(text, at);
  const report: SignatureReport = {
    index,
    signerName: stringEntry(dictionary, 'Name') ?? '',
    organization: null,
    unit: null,
    signingTime: pdfDateToIso(/\/M\s*\((D:[^)]*)\)/.exec(dictionary)?.[1]),
    reason: stringEntry(dictionary, 'Reason'),
    intact: false,
    trusted: false,
    coversWholeDocument: range[2] + range[3] === pdf.length,
    problem: null,
    certificate: null,
  };
  const [start, gapStart, gapEnd, tail] = range;
  if (start !== 0 || gapStart >= gapEnd || gapEnd + tail > pdf.length || pdf[gapStart] !== 0x3c || pdf[gapEnd - 1] !== 0x3e) {
    return { ...report, problem: 'bad_byte_range' };
  }
  const hex = text.slice(gapStart + 1, gapEnd - 1);
  let cms: ParsedSignedData;
  try {
    if (!/^[0-9a-fA-F]*$/.test(hex) || hex.length % 2) throw new Error('not hex');
    const der = Buffer.from(hex, 'hex');
    cms = parseSignedData(der);
    // The zero padding after the CMS is covered by nothing else: any change to it fails too.
    if (der.subarray(cms.length).some((b) => b !== 0)) throw new Error('padding changed');
  } catch {
    return { ...report, problem: 'unreadable' };
  }

  try {
    return checkCms(pdf, range, cms, report, anchors);
  } catch {
    // A certificate or key that parses as DER but not as what it claims to be.
    return { ...report, intact: false, trusted: false, problem: 'unreadable' };
  }
}

function checkCms(pdf: Buffer, range: [number, number, number, number], cms: ParsedSignedData, report: SignatureReport, anchors: readonly X509Certificate[]): SignatureReport {
  const [, gapStart, gapEnd, tail] = range;
  const certDer = cms.certificates.find((c) => matchesSid(c, cms));
  if (!certDer) return { ...report, problem: 'unreadable' };
  const cert = new X509Certificate(certDer);
  const names = nameFields(certDer);
  const signingAttr = cms.attributes.get(OID.signingTime)?.[0];
  const signedAt = signingAttr ? timeOf(signingAttr) : report.signingTime ? new Date(report.signingTime) : null;
  Object.assign(report, {
    signerName: names.CN ?? report.signerName,
    organization: names.O ?? null,
    unit: names.OU ?? null,
    signingTime: signedAt ? inZone(signedAt).toISO({ suppressMilliseconds: true }) : report.signingTime,
    certificate: {
      issuer: issuerCommonName(certDer),
      serial: cert.serialNumber,
      notBefore: new Date(cert.validFrom).toISOString(),
      notAfter: new Date(cert.validTo).toISOString(),
      fingerprint: createHash('sha256').update(certDer).digest('hex'),
    },
  });

  if (cms.digestAlgorithm !== OID.sha256 || !SUPPORTED_SIGNATURE_ALGS.has(cms.signatureAlgorithm)) return { ...report, problem: 'unsupported_algorithm' };
  const content = Buffer.concat([pdf.subarray(0, gapStart), pdf.subarray(gapEnd, gapEnd + tail)]);
  const digest = cms.attributes.get(OID.messageDigest)?.[0]?.content;
  if (!digest || !digest.equals(createHash('sha256').update(content).digest())) return { ...report, problem: 'digest_mismatch' };
  if (!verifySignature('sha256', cms.signedAttributes, cert.publicKey, cms.signature)) return { ...report, problem: 'bad_signature' };
  const essCert = cms.attributes.get(OID.signingCertificateV2)?.[0];
  if (essCert && !essCertMatches(essCert, certDer)) return { ...report, problem: 'certificate_mismatch' };

  const when = signedAt ?? new Date();
  const validAt = when >= new Date(cert.validFrom) && when <= new Date(cert.validTo);
  const trusted = validAt && anchors.some((anchor) => cert.checkIssued(anchor) && cert.verify(anchor.publicKey));
  return { ...report, intact: true, trusted };
}

function matchesSid(certDer: Buffer, cms: ParsedSignedData): boolean {
  const tbs = child(parse(certDer), 0);
  const at = child(tbs, 0).tag === 0xa0 ? 1 : 0;
  return child(tbs, at).raw.equals(cms.serial) && child(tbs, at + 2).raw.equals(cms.issuer);
}

function essCertMatches(attr: Node, certDer: Buffer): boolean {
  const first = child(child(attr, 0), 0);
  const hashNode = first.children[0]?.tag === 0x04 ? first.children[0] : first.children[1];
  const alg = first.children[0]?.tag === 0x30 ? oidOf(child(first.children[0], 0)) : OID.sha256;
  if (alg !== OID.sha256 || !hashNode) return false;
  return hashNode.content.equals(createHash('sha256').update(certDer).digest());
}

const NAME_OIDS: Record<string, string> = { '2.5.4.3': 'CN', '2.5.4.10': 'O', '2.5.4.11': 'OU', '2.5.4.12': 'title', '2.5.4.6': 'C' };

/** The subject's (or, at `which` 'issuer', the issuer's) attributes, UTF-8 decoded. */
export function nameFields(certDer: Buffer, which: 'subject' | 'issuer' = 'subject'): Record<string, string> {
  const tbs = child(parse(certDer), 0);
  const at = child(tbs, 0).tag === 0xa0 ? 1 : 0;
  const name = child(tbs, at + (which === 'issuer' ? 2 : 4));
  const out: Record<string, string> = {};
  for (const rdn of name.children) {
    for (const atv of rdn.children) {
      const key = NAME_OIDS[oidOf(child(atv, 0))];
      if (key) out[key] = child(atv, 1).content.toString(child(atv, 1).tag === 0x1e ? 'utf16le' : 'utf8');
    }
  }
  return out;
}

const issuerCommonName = (certDer: Buffer) => nameFields(certDer, 'issuer').CN ?? null;

/** The text of the object around `at` (the signature dictionary), to read /M, /Name, /Reason. */
function enclosingObject(text: string, at: number): string {
  const start = Math.max(text.lastIndexOf(' obj', at), 0);
  const end = text.indexOf('endobj', at);
  // Leave /Contents out: its hex is long and no name is read from it.
  return text.slice(start, end < 0 ? at + 4096 : end).replace(/\/Contents\s*<[0-9a-fA-F]*>/, '');
}

function stringEntry(dictionary: string, key: string): string | null {
  const m = new RegExp(`/${key}\\s*(<[0-9a-fA-F\\s]*>|\\((?:\\\\.|[^\\\\)])*\\))`).exec(dictionary);
  return m ? decodeTextString(m[1]!) : null;
}

/** "D:20270105152000+07'00'" → "2027-01-05T15:20:00+07:00". */
function pdfDateToIso(d: string | undefined): string | null {
  const m = d && /^D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:([+-])(\d{2})'?(\d{2})'?|Z)?/.exec(d);
  if (!m) return null;
  const offset = m[7] ? `${m[7]}${m[8]}:${m[9]}` : 'Z';
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${offset}`);
  return Number.isNaN(date.getTime()) ? null : inZone(date).toISO({ suppressMilliseconds: true });
}
