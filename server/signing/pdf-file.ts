import { InvalidInput } from '../lib/errors.ts';
import { asDict, asNumber, asRef, Lexer, PdfSyntaxError, serialize, type PdfValue } from './pdf-syntax.ts';

export interface PdfObject {
  num: number;
  gen: number;
  value: PdfValue;
  /** The stream's bytes as stored (still encoded), for stream objects. */
  stream?: Buffer;
}

const unsupported = (why: string) =>
  new InvalidInput(`Không đọc được cấu trúc tệp PDF để ký (${why}). / The PDF's structure cannot be read for signing (${why}).`);

/**
 * A PDF read through its classic cross-reference tables, newest revision first, as pdfkit
 * writes them and as every incremental update here appends them. Cross-reference streams
 * (PDF 1.5 object streams) are not read: the files signed here are the app's own.
 */
export class PdfFile {
  readonly text: string;
  readonly offsets = new Map<number, { offset: number; gen: number }>();
  readonly trailer: Map<string, PdfValue>;
  /** Where the newest cross-reference section starts (the next update's /Prev). */
  readonly xrefOffset: number;

  readonly bytes: Buffer;
  constructor(bytes: Buffer) {
    this.bytes = bytes;
    this.text = bytes.toString('latin1');
    const at = this.text.lastIndexOf('startxref');
    if (at < 0) throw unsupported('no startxref');
    this.xrefOffset = Number(/startxref\s+(\d+)/.exec(this.text.slice(at))?.[1] ?? NaN);
    if (!Number.isFinite(this.xrefOffset)) throw unsupported('bad startxref');
    let trailer: Map<string, PdfValue> | undefined;
    const seen = new Set<number>();
    for (let offset: number | undefined = this.xrefOffset; offset !== undefined; ) {
      if (seen.has(offset) || seen.size > 1000) throw unsupported('cross-reference loop');
      seen.add(offset);
      const section = this.readXrefSection(offset);
      trailer ??= section.entries;
      offset = asNumber(section.entries.get('Prev'));
    }
    this.trailer = trailer!;
  }

  private readXrefSection(offset: number): { entries: Map<string, PdfValue> } {
    const lex = new Lexer(this.text, offset);
    lex.skipSpace();
    if (!lex.startsWith('xref')) throw unsupported('cross-reference streams are not supported');
    lex.pos += 4;
    for (;;) {
      lex.skipSpace();
      if (lex.startsWith('trailer')) break;
      const start = Number(lex.word());
      lex.skipSpace();
      const count = Number(lex.word());
      if (!Number.isInteger(start) || !Number.isInteger(count)) throw unsupported('bad cross-reference table');
      for (let i = 0; i < count; i++) {
        lex.skipSpace();
        const off = Number(lex.word());
        lex.skipSpace();
        const gen = Number(lex.word());
        lex.skipSpace();
        const kind = lex.word();
        // Newer sections are read first: an object's newest definition wins.
        if (kind === 'n' && !this.offsets.has(start + i)) this.offsets.set(start + i, { offset: off, gen });
      }
    }
    lex.pos += 'trailer'.length;
    const trailer = asDict(lex.value());
    if (!trailer) throw unsupported('bad trailer');
    return { entries: trailer.entries };
  }

  get size(): number {
    return asNumber(this.trailer.get('Size')) ?? 0;
  }

  object(num: number): PdfObject {
    const entry = this.offsets.get(num);
    if (!entry) throw unsupported(`object ${num} missing`);
    const lex = new Lexer(this.text, entry.offset);
    lex.skipSpace();
    const header = `${lex.word()} `;
    lex.skipSpace();
    const gen = Number(lex.word());
    lex.skipSpace();
    if (header.trim() !== String(num) || lex.word() !== 'obj') throw unsupported(`object ${num} is not where the table says`);
    const value = lex.value();
    lex.skipSpace();
    if (!lex.startsWith('stream')) return { num, gen, value };
    let start = lex.pos + 'stream'.length;
    if (this.text[start] === '\r') start++;
    if (this.text[start] === '\n') start++;
    const length = this.resolveNumber(asDict(value)?.entries.get('Length'));
    if (length === undefined) throw unsupported(`stream ${num} without a length`);
    return { num, gen, value, stream: this.bytes.subarray(start, start + length) };
  }

  /** The value, following one indirect reference. */
  resolve(v: PdfValue | undefined): PdfValue | undefined {
    const r = asRef(v);
    return r ? this.object(r.num).value : v;
  }

  private resolveNumber(v: PdfValue | undefined): number | undefined {
    return asNumber(this.resolve(v));
  }

  dict(v: PdfValue | undefined, what: string): Map<string, PdfValue> {
    const d = asDict(this.resolve(v));
    if (!d) throw unsupported(`${what} is not a dictionary`);
    return d.entries;
  }

  /** The page objects in order, walking the page tree from the catalogue. */
  pages(): { num: number; gen: number; entries: Map<string, PdfValue> }[] {
    const catalog = this.dict(this.trailer.get('Root'), 'catalogue');
    const out: { num: number; gen: number; entries: Map<string, PdfValue> }[] = [];
    const walk = (node: PdfValue | undefined, depth: number) => {
      const r = asRef(node);
      if (!r || depth > 32) throw unsupported('bad page tree');
      const entries = this.dict(node, 'page tree node');
      const type = entries.get('Type');
      if (type?.t === 'name' && type.name === 'Page') out.push({ num: r.num, gen: r.gen, entries });
      else {
        const kids = this.resolve(entries.get('Kids'));
        if (kids?.t !== 'array') throw unsupported('page tree without kids');
        for (const kid of kids.items) walk(kid, depth + 1);
      }
    };
    walk(catalog.get('Pages'), 0);
    return out;
  }
}

/**
 * An incremental update (ISO 32000-1 §7.5.6): new and changed objects appended after the
 * original bytes, with their own cross-reference section and a trailer pointing back at the
 * previous one. The original bytes stay exactly as they were, so earlier signatures, whose
 * digests cover them, stay valid.
 */
export class IncrementalUpdate {
  private readonly parts: Buffer[] = [];
  private readonly written = new Map<number, { offset: number; gen: number }>();
  private length: number;
  private next: number;

  readonly base: PdfFile;
  constructor(base: PdfFile) {
    this.base = base;
    this.length = base.bytes.length;
    this.next = base.size;
    // Start on a fresh line after the previous %%EOF.
    if (base.bytes[base.bytes.length - 1] !== 0x0a) this.push(Buffer.from('\n'));
  }

  private push(b: Buffer): void {
    this.parts.push(b);
    this.length += b.length;
  }

  /** A number for a new object (write it later with `write`). */
  allocate(): number {
    return this.next++;
  }

  write(num: number, value: PdfValue, stream?: Buffer, gen = 0): void {
    if (this.written.has(num)) throw new PdfSyntaxError(`object ${num} written twice`);
    this.written.set(num, { offset: this.length, gen });
    this.push(Buffer.from(`${num} ${gen} obj\n${serialize(value)}\n`, 'latin1'));
    if (stream) this.push(Buffer.concat([Buffer.from('stream\n'), stream, Buffer.from('\nendstream\n')]));
    this.push(Buffer.from('endobj\n'));
  }

  add(value: PdfValue, stream?: Buffer): number {
    const num = this.allocate();
    this.write(num, value, stream);
    return num;
  }

  finish(trailerExtra: Record<string, PdfValue> = {}): Buffer {
    const xrefAt = this.length;
    const nums = [...this.written.keys()].sort((a, b) => a - b);
    const lines: string[] = [];
    for (let i = 0; i < nums.length; ) {
      let j = i;
      while (j + 1 < nums.length && nums[j + 1] === nums[j]! + 1) j++;
      lines.push(`${nums[i]} ${j - i + 1}`);
      for (let k = i; k <= j; k++) {
        const { offset, gen } = this.written.get(nums[k]!)!;
        lines.push(`${String(offset).padStart(10, '0')} ${String(gen).padStart(5, '0')} n\r`);
      }
      i = j + 1;
    }
    const trailer = new Map(this.base.trailer);
    trailer.delete('Prev');
    trailer.delete('XRefStm');
    trailer.set('Size', { t: 'raw', text: String(this.next) });
    for (const [k, v] of Object.entries(trailerExtra)) trailer.set(k, v);
    trailer.set('Prev', { t: 'raw', text: String(this.base.xrefOffset) });
    this.push(Buffer.from(`xref\n${lines.join('\n')}\ntrailer\n${serialize({ t: 'dict', entries: trailer })}\nstartxref\n${xrefAt}\n%%EOF\n`, 'latin1'));
    return Buffer.concat([this.base.bytes, ...this.parts]);
  }
}
