/**
 * Just enough DER (X.690) to write and read a CMS SignedData: definite lengths, the few
 * universal types a signature uses, and the raw bytes of every element so a verifier can
 * hash exactly what was signed.
 */

export const Tag = {
  INTEGER: 0x02,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8: 0x0c,
  PRINTABLE: 0x13,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

function encodeLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(content.length), content]);
}

export const seq = (...items: Buffer[]) => tlv(Tag.SEQUENCE, Buffer.concat(items));
/** A SET OF in DER order (sorted by encoding), as signed attributes must be. */
export const set = (...items: Buffer[]) => tlv(Tag.SET, Buffer.concat([...items].sort((a, b) => Buffer.compare(a, b))));
export const octets = (b: Buffer) => tlv(Tag.OCTET_STRING, b);
export const nul = () => Buffer.from([Tag.NULL, 0]);
/** [n] EXPLICIT or IMPLICIT constructed context tag around `content`. */
export const context = (n: number, content: Buffer) => tlv(0xa0 | n, content);

export function integer(n: number): Buffer {
  return tlv(Tag.INTEGER, Buffer.from([n]));
}

export function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const bytes: number[] = [40 * parts[0]! + parts[1]!];
  for (const part of parts.slice(2)) {
    const chunk: number[] = [];
    let v = part;
    do {
      chunk.unshift(v & 0x7f);
      v = Math.floor(v / 128);
    } while (v > 0);
    for (let i = 0; i < chunk.length - 1; i++) chunk[i]! |= 0x80;
    bytes.push(...chunk);
  }
  return tlv(Tag.OID, Buffer.from(bytes));
}

export interface Node {
  tag: number;
  /** The whole element: tag, length and content. */
  raw: Buffer;
  content: Buffer;
  /** Parsed content of constructed elements. */
  children: Node[];
}

export class DerError extends Error {}

/** Parses one element at `offset`; constructed ones recursively. */
export function parse(buf: Buffer, offset = 0, depth = 0): Node {
  if (depth > 32) throw new DerError('DER nested too deep');
  if (offset + 2 > buf.length) throw new DerError('DER truncated');
  const tag = buf[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError('DER high tag numbers are not used here');
  let length = buf[offset + 1]!;
  let header = 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4) throw new DerError('DER indefinite or huge length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + buf[offset + 2 + i]!;
    header += count;
  }
  const end = offset + header + length;
  if (end > buf.length) throw new DerError('DER length past the end');
  const content = buf.subarray(offset + header, end);
  const children: Node[] = [];
  if (tag & 0x20) {
    for (let at = 0; at < content.length; ) {
      const child = parse(content, at, depth + 1);
      children.push(child);
      at += child.raw.length;
    }
  }
  return { tag, raw: buf.subarray(offset, end), content, children };
}

export function oidOf(node: Node | undefined): string {
  if (!node || node.tag !== Tag.OID) throw new DerError('expected an OID');
  const b = node.content;
  const parts = [Math.floor(b[0]! / 40), b[0]! % 40];
  let v = 0;
  for (const byte of b.subarray(1)) {
    v = v * 128 + (byte & 0x7f);
    if (!(byte & 0x80)) {
      parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

export function child(node: Node | undefined, i: number): Node {
  const c = node?.children[i];
  if (!c) throw new DerError('DER element missing');
  return c;
}

/** A UTCTime or GeneralizedTime as an instant. */
export function timeOf(node: Node): Date {
  const s = node.content.toString('latin1');
  const m = /^(\d{2}|\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) throw new DerError(`unreadable time ${s}`);
  let year = Number(m[1]);
  if (m[1]!.length === 2) year += year < 50 ? 2000 : 1900;
  return new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
}
