/**
 * PDF object syntax (ISO 32000-1 §7.3), read and written as text: enough to change a page's
 * /Annots or the catalogue's /AcroForm in an incremental update and to copy the objects of
 * an appearance from one file to another. Strings keep their raw spelling, so a value read
 * and written back is the same bytes.
 */

export type PdfValue =
  | { t: 'dict'; entries: Map<string, PdfValue> }
  | { t: 'array'; items: PdfValue[] }
  | { t: 'ref'; num: number; gen: number }
  | { t: 'name'; name: string }
  /** Numbers, strings, booleans and null, as spelled in the file. */
  | { t: 'raw'; text: string };

export class PdfSyntaxError extends Error {}

const WHITE = new Set([0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]);
const DELIM = new Set([...'()<>[]{}/%'].map((c) => c.charCodeAt(0)));

export class Lexer {
  readonly src: string;
  pos;
  constructor(
    src: string,
    pos = 0,
  ) {
    this.src = src;
    this.pos = pos;
  }

  skipSpace(): void {
    const s = this.src;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (WHITE.has(c)) this.pos++;
      else if (c === 0x25) while (this.pos < s.length && s[this.pos] !== '\n' && s[this.pos] !== '\r') this.pos++;
      else break;
    }
  }

  /** A run of regular characters (a number, a keyword, a name's body). */
  word(): string {
    const start = this.pos;
    while (this.pos < this.src.length) {
      const c = this.src.charCodeAt(this.pos);
      if (WHITE.has(c) || DELIM.has(c)) break;
      this.pos++;
    }
    return this.src.slice(start, this.pos);
  }

  startsWith(text: string): boolean {
    return this.src.startsWith(text, this.pos);
  }

  value(depth = 0): PdfValue {
    if (depth > 64) throw new PdfSyntaxError('objects nested too deep');
    this.skipSpace();
    const s = this.src;
    const c = s[this.pos];
    if (c === undefined) throw new PdfSyntaxError('unexpected end of file');
    if (this.startsWith('<<')) {
      this.pos += 2;
      const entries = new Map<string, PdfValue>();
      for (;;) {
        this.skipSpace();
        if (this.startsWith('>>')) {
          this.pos += 2;
          return { t: 'dict', entries };
        }
        const key = this.value(depth + 1);
        if (key.t !== 'name') throw new PdfSyntaxError(`dictionary key expected at ${this.pos}`);
        entries.set(key.name, this.value(depth + 1));
      }
    }
    if (c === '[') {
      this.pos++;
      const items: PdfValue[] = [];
      for (;;) {
        this.skipSpace();
        if (s[this.pos] === ']') {
          this.pos++;
          return { t: 'array', items };
        }
        if (this.pos >= s.length) throw new PdfSyntaxError('unterminated array');
        items.push(this.value(depth + 1));
      }
    }
    if (c === '/') {
      this.pos++;
      return { t: 'name', name: this.word() };
    }
    if (c === '(') return { t: 'raw', text: this.literalString() };
    if (c === '<') {
      const end = s.indexOf('>', this.pos);
      if (end < 0) throw new PdfSyntaxError('unterminated hex string');
      const text = s.slice(this.pos, end + 1);
      this.pos = end + 1;
      return { t: 'raw', text };
    }
    const word = this.word();
    if (word === '') throw new PdfSyntaxError(`unexpected "${c}" at ${this.pos}`);
    // "12 0 R" is a reference: look ahead for a second integer and R.
    if (/^\d+$/.test(word)) {
      const save = this.pos;
      this.skipSpace();
      const gen = this.word();
      if (/^\d+$/.test(gen)) {
        this.skipSpace();
        if (s[this.pos] === 'R' && (this.pos + 1 >= s.length || WHITE.has(s.charCodeAt(this.pos + 1)) || DELIM.has(s.charCodeAt(this.pos + 1)))) {
          this.pos++;
          return { t: 'ref', num: Number(word), gen: Number(gen) };
        }
      }
      this.pos = save;
    }
    return { t: 'raw', text: word };
  }

  private literalString(): string {
    const s = this.src;
    const start = this.pos;
    let depth = 0;
    for (; this.pos < s.length; this.pos++) {
      const c = s[this.pos];
      if (c === '\\') this.pos++;
      else if (c === '(') depth++;
      else if (c === ')' && --depth === 0) {
        this.pos++;
        return s.slice(start, this.pos);
      }
    }
    throw new PdfSyntaxError('unterminated string');
  }
}

export function serialize(v: PdfValue): string {
  switch (v.t) {
    case 'dict':
      return `<<${[...v.entries].map(([k, val]) => ` /${k} ${serialize(val)}`).join('')} >>`;
    case 'array':
      return `[${v.items.map(serialize).join(' ')}]`;
    case 'ref':
      return `${v.num} ${v.gen} R`;
    case 'name':
      return `/${v.name}`;
    case 'raw':
      return v.text;
  }
}

export const ref = (num: number, gen = 0): PdfValue => ({ t: 'ref', num, gen });
export const name = (n: string): PdfValue => ({ t: 'name', name: n });
export const raw = (text: string | number): PdfValue => ({ t: 'raw', text: String(text) });
export const arr = (...items: PdfValue[]): PdfValue => ({ t: 'array', items });
export function dict(entries: Record<string, PdfValue>): PdfValue & { t: 'dict' } {
  return { t: 'dict', entries: new Map(Object.entries(entries)) };
}

/** A text string any reader shows right: UTF-16BE with its byte-order mark, as hex. */
export function textString(s: string): PdfValue {
  const body = Buffer.from(s.normalize('NFC'), 'utf16le').swap16().toString('hex');
  return raw(`<FEFF${body.toUpperCase()}>`);
}

/** Reads back a literal or hex text string (PDFDocEncoding approximated by Latin-1). */
export function decodeTextString(text: string): string {
  let bytes: Buffer;
  if (text.startsWith('<')) bytes = Buffer.from(text.slice(1, -1).replace(/\s+/g, ''), 'hex');
  else {
    const body = text.slice(1, -1).replace(/\\([nrtbf()\\]|[0-7]{1,3}|\r?\n)/g, (_m, e: string) => {
      const map: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '(': '(', ')': ')', '\\': '\\' };
      if (map[e] !== undefined) return map[e];
      if (/^[0-7]+$/.test(e)) return String.fromCharCode(parseInt(e, 8));
      return '';
    });
    bytes = Buffer.from(body, 'latin1');
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
  return bytes.toString('latin1');
}

export const asDict = (v: PdfValue | undefined) => (v?.t === 'dict' ? v : undefined);
export const asRef = (v: PdfValue | undefined) => (v?.t === 'ref' ? v : undefined);
export const asNumber = (v: PdfValue | undefined) => (v?.t === 'raw' && /^[+-]?[\d.]+$/.test(v.text) ? Number(v.text) : undefined);
