import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';

export interface TableDigest {
  rows: number;
  /** md5 of every row's text form, in a fixed order: equal digests, equal contents. */
  md5: string;
}

/** Rows of a raw query, whichever driver answered (postgres.js: the rows; PGlite: { rows }). */
export async function rowsOf<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** Every table of the app's schemas (public, and drizzle's migration journal). */
export async function tableNames(db: Db): Promise<string[]> {
  const rows = await rowsOf<{ name: string }>(db, sql`
    select schemaname || '.' || tablename as name from pg_tables where schemaname in ('public', 'drizzle') order by 1`);
  return rows.map((r) => r.name);
}

/** Row count and content hash of each table: what a backup's manifest records and a restore is checked against. */
export async function digestTables(db: Db): Promise<Record<string, TableDigest>> {
  const out: Record<string, TableDigest> = {};
  for (const name of await tableNames(db)) {
    const [schema, table] = name.split('.') as [string, string];
    const ident = sql.raw(`"${schema.replace(/"/g, '""')}"."${table.replace(/"/g, '""')}"`);
    const [row] = await rowsOf<{ rows: number; md5: string | null }>(db, sql`
      select count(*)::int as rows, md5(coalesce(string_agg(t::text, E'\\n' order by t::text), '')) as md5 from ${ident} t`);
    out[name] = { rows: Number(row!.rows), md5: row!.md5 ?? '' };
  }
  return out;
}
