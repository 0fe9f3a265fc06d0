import { createHash } from 'node:crypto';
import { child, context, DerError, integer, nul, octets, oid, oidOf, parse, seq, set, Tag, type Node } from './der.ts';

export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  sha256: '2.16.840.1.101.3.4.2.1',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
} as const;

/**
 * A key that signs, wherever it lives: the deployment CA's store, a USB token (PKCS#11) or a
 * remote-signing service. The PDF and CMS code only ever asks it for its certificates and
 * for one signature over the signed attributes.
 */
export interface SigningCredential {
  /** The signer's certificate, DER. */
  certificate: Buffer;
  /** Issuer certificates up to the root, DER; embedded so a reader can build the chain. */
  chain: Buffer[];
  algorithm: 'rsa-sha256' | 'ecdsa-sha256';
  /** A signature over `data` with SHA-256 (RSA PKCS#1 v1.5 or ECDSA, per `algorithm`). */
  sign(data: Buffer): Promise<Buffer>;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest();
const algId = (id: string, withNull = true) => (withNull ? seq(oid(id), nul()) : seq(oid(id)));
const attribute = (type: string, value: Buffer) => seq(oid(type), set(value));

/** tbsCertificate's issuer Name and serialNumber, raw, for the SignerInfo's IssuerAndSerialNumber. */
export function issuerAndSerial(certDer: Buffer): { issuer: Buffer; serial: Buffer } {
  const tbs = child(parse(certDer), 0);
  const first = child(tbs, 0);
  const at = first.tag === 0xa0 ? 1 : 0; // [0] version present
  return { serial: child(tbs, at).raw, issuer: child(tbs, at + 2).raw };
}

/**
 * A detached CMS SignedData over `content` (the PDF's signed byte ranges), as PAdES asks
 * (ETSI EN 319 142-1, baseline B-B): content-type, message-digest and signing-certificate-v2
 * attributes, the signer's certificate and chain embedded. The signing time is the PDF
 * signature dictionary's /M, and also given as a signing-time attribute, which poppler's
 * pdfsig and most readers in Vietnam show.
 */
export async function buildSignedData(content: Buffer, credential: SigningCredential, signingTime: Date): Promise<Buffer> {
  const { issuer, serial } = issuerAndSerial(credential.certificate);
  const signedAttrs = [
    attribute(OID.contentType, oid(OID.data)),
    attribute(OID.signingTime, utcTime(signingTime)),
    attribute(OID.messageDigest, octets(sha256(content))),
    // ESSCertIDv2 with the default hash (SHA-256): just the certificate's hash.
    attribute(OID.signingCertificateV2, seq(seq(seq(octets(sha256(credential.certificate)))))),
  ];
  const toSign = set(...signedAttrs);
  const signature = await credential.sign(toSign);
  const signatureAlg = credential.algorithm === 'rsa-sha256' ? algId(OID.rsaEncryption) : algId(OID.ecdsaWithSha256, false);
  const signerInfo = seq(
    integer(1),
    seq(issuer, serial),
    algId(OID.sha256),
    // [0] IMPLICIT SET OF Attribute: the same bytes as signed, with the context tag.
    Buffer.concat([Buffer.from([0xa0]), toSign.subarray(1)]),
    signatureAlg,
    octets(signature),
  );
  const signedData = seq(
    integer(1),
    set(algId(OID.sha256)),
    seq(oid(OID.data)),
    context(0, Buffer.concat([credential.certificate, ...credential.chain])),
    set(signerInfo),
  );
  return seq(oid(OID.signedData), context(0, signedData));
}

function utcTime(d: Date): Buffer {
  const iso = d.toISOString(); // 2027-01-05T08:20:00.000Z
  const text = iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10) + iso.slice(11, 13) + iso.slice(14, 16) + iso.slice(17, 19) + 'Z';
  return Buffer.concat([Buffer.from([Tag.UTC_TIME, text.length]), Buffer.from(text, 'latin1')]);
}

export interface ParsedSignedData {
  certificates: Buffer[];
  issuer: Buffer;
  serial: Buffer;
  digestAlgorithm: string;
  /** The signed attributes as they were signed (SET tag). */
  signedAttributes: Buffer;
  attributes: Map<string, Node[]>;
  signatureAlgorithm: string;
  signature: Buffer;
  /** Bytes of the DER structure; anything after them in the /Contents string is padding. */
  length: number;
}

/** Reads the first SignerInfo of a CMS SignedData; throws DerError when it is not one. */
export function parseSignedData(der: Buffer): ParsedSignedData {
  const info = parse(der);
  if (oidOf(child(info, 0)) !== OID.signedData) throw new DerError('not a CMS SignedData');
  const sd = child(child(info, 1), 0);
  let at = 3;
  const certificates: Buffer[] = [];
  if (sd.children[at]?.tag === 0xa0) certificates.push(...child(sd, at++).children.map((c) => c.raw));
  if (sd.children[at]?.tag === 0xa1) at++; // CRLs
  const signerInfo = child(child(sd, at), 0);
  const sid = child(signerInfo, 1);
  if (sid.tag !== Tag.SEQUENCE) throw new DerError('only IssuerAndSerialNumber signer identifiers are read');
  const signedAttrsNode = child(signerInfo, 3);
  if (signedAttrsNode.tag !== 0xa0) throw new DerError('no signed attributes');
  const attributes = new Map<string, Node[]>();
  for (const attr of signedAttrsNode.children) attributes.set(oidOf(child(attr, 0)), child(attr, 1).children);
  return {
    certificates,
    issuer: child(sid, 0).raw,
    serial: child(sid, 1).raw,
    digestAlgorithm: oidOf(child(child(signerInfo, 2), 0)),
    signedAttributes: Buffer.concat([Buffer.from([Tag.SET]), signedAttrsNode.raw.subarray(1)]),
    attributes,
    signatureAlgorithm: oidOf(child(child(signerInfo, 4), 0)),
    signature: child(signerInfo, 5).content,
    length: info.raw.length,
  };
}
