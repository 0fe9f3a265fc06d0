import type { FastifyInstance } from 'fastify';
import { rows } from '../helpers/sessions.ts';

/**
 * Tables left out of the comparison, and why: `sessions` is where signing in and out is
 * recorded, and the fuzzed requests legitimately sign in (random passwords sometimes are the
 * demo one) and out (a logout with a valid CSRF token); `data_versions` counts the
 * transactions that changed meetings, invitees, bodies or units, and the tenant's accepted
 * writes are such transactions. Rate-limit counters and logs are not tables in this app (in
 * memory and on stdout), so nothing else needs leaving out.
 */
export const RECORDING_TABLES = new Set(['sessions', 'data_versions']);

/** Each table's rows as JSON text, sorted: a multiset that shows any changed, removed or added row. */
export type Snapshot = Map<string, string[]>;

export async function snapshot(app: FastifyInstance): Promise<Snapshot> {
  const tables = await rows<{ name: string }>(app, `select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`);
  const out: Snapshot = new Map();
  for (const { name } of tables) {
    if (RECORDING_TABLES.has(name)) continue;
    const found = await rows<{ row: string }>(app, `select to_jsonb(t)::text as row from "${name}" t`);
    out.set(name, found.map((r) => r.row).sort());
  }
  return out;
}

export interface SnapshotDiff {
  /** Rows that existed before and are gone or different now, by table (the tenant's own left out). */
  changed: Record<string, string[]>;
  /** New rows that are not the tenant's: something was added to data the fuzzer does not own. */
  foreignAdded: Record<string, string[]>;
  /** New rows of the tenant (its valid-shaped requests were accepted), counted by table. */
  added: Record<string, number>;
}

/**
 * Compares two snapshots. Rows that mention one of `ownedMarkers` (the fuzz tenant's accounts,
 * its province's bodies and the meetings they convene, which its valid requests may change or
 * create) are not existing data the fuzzer must leave alone.
 */
export function diffSnapshots(before: Snapshot, after: Snapshot, ownedMarkers: string[]): SnapshotDiff {
  const quoted = ownedMarkers.map((m) => `"${m}"`);
  const owned = (row: string) => quoted.some((m) => row.includes(m));
  const diff: SnapshotDiff = { changed: {}, foreignAdded: {}, added: {} };
  for (const [table, old] of before) {
    const now = new Map<string, number>();
    for (const row of after.get(table) ?? []) now.set(row, (now.get(row) ?? 0) + 1);
    const lost: string[] = [];
    for (const row of old) {
      const left = now.get(row) ?? 0;
      if (left > 0) now.set(row, left - 1);
      else if (!owned(row)) lost.push(row);
    }
    if (lost.length > 0) diff.changed[table] = lost;
    const fresh = [...now.entries()].flatMap(([row, n]) => Array.from({ length: n }, () => row));
    const foreign = fresh.filter((row) => !owned(row));
    if (foreign.length > 0) diff.foreignAdded[table] = foreign;
    if (fresh.length > foreign.length) diff.added[table] = fresh.length - foreign.length;
  }
  return diff;
}
