import { createHash } from 'node:crypto';
import { canonicalJson } from '../lib/canonical-json.ts';

/** The hash before the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields an entry's hash covers: everything but the hashes themselves. */
export interface ChainedFields {
  seq: number;
  at: Date;
  actorId: string | null;
  actorName: string;
  action: string;
  documentId: string | null;
  target: string | null;
  ip: string | null;
  details: Record<string, unknown> | null;
}

export function entryHash(prevHash: string, f: ChainedFields): string {
  // Named one by one: a whole row passed in would bring its own hashes along.
  const body = canonicalJson({
    seq: f.seq, at: f.at.toISOString(), actorId: f.actorId, actorName: f.actorName, action: f.action,
    documentId: f.documentId, target: f.target, ip: f.ip, details: f.details,
  });
  return createHash('sha256').update(`${prevHash}\n${body}`).digest('hex');
}

export type ChainBreak =
  /** An entry's number is missing: a row was deleted. */
  | 'missing'
  /** The entry's content no longer matches its hash: it was altered. */
  | 'altered'
  /** The entry does not point at the hash of the one before it: rows were replaced or reordered. */
  | 'relinked';

export interface ChainReport {
  intact: boolean;
  /** Entries checked. */
  count: number;
  /** The last entry's hash: note it elsewhere to detect the newest entries being cut off. */
  headHash: string;
  brokenAt?: { seq: number; reason: ChainBreak };
}

/**
 * Walks entries in order and stops at the first one that does not fit: a gap in the
 * numbers, a stored hash that the content no longer gives, or a link to a hash that is not
 * the previous entry's.
 */
export class ChainVerifier {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  private count = 0;
  private broken: ChainReport['brokenAt'];

  /** Feeds the next entry; false once the chain is broken (stop reading). */
  next(row: ChainedFields & { prevHash: string; hash: string }): boolean {
    if (this.broken) return false;
    if (row.seq !== this.expectedSeq) this.broken = { seq: this.expectedSeq, reason: 'missing' };
    else if (entryHash(row.prevHash, row) !== row.hash) this.broken = { seq: row.seq, reason: 'altered' };
    else if (row.prevHash !== this.prevHash) this.broken = { seq: row.seq, reason: 'relinked' };
    if (this.broken) return false;
    this.count++;
    this.expectedSeq++;
    this.prevHash = row.hash;
    return true;
  }

  report(): ChainReport {
    return { intact: !this.broken, count: this.count, headHash: this.prevHash, ...(this.broken ? { brokenAt: this.broken } : {}) };
  }
}
