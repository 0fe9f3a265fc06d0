import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import { PgliteStatements } from './pglite-statements.ts';

/** The one query interface both databases share. */
export type Db = PgDatabase<PgQueryResultHKT>;
/** A transaction opened on a Db. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** What a query function runs on: the database, or the caller's transaction to take part in. */
export type DbOrTx = Db | Tx;
export type DbKind = 'pglite' | 'postgres';

export interface Database {
  db: Db;
  kind: DbKind;
  close(): Promise<void>;
  /** PGlite only: the whole data directory as a tarball (a backup, or a snapshot to start copies from). */
  dump?: () => Promise<Blob>;
}

export const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

export interface OpenOptions {
  /** postgres:// URL; without it the embedded PGlite is used. */
  url?: string | undefined;
  /** PGlite data directory; 'memory://' for a throwaway database. */
  dataDir?: string;
  /** Postgres pool size. */
  max?: number;
  /** PGlite: start from this data directory tarball (made by `dump`) instead of an empty one. */
  loadDataDir?: Blob;
  /** Told the SQL text of every query drizzle sends (tests count the queries of a read). */
  onQuery?: (sql: string) => void;
}

/** Opens the database and applies every migration in migrations/. */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  const { onQuery } = options;
  const config = onQuery ? { logger: { logQuery: (query: string) => onQuery(query) } } : {};
  if (options.url) {
    // Named, so the metrics can find this server's connections in pg_stat_activity.
    const sql = postgres(options.url, { max: options.max ?? 10, onnotice: () => {}, connection: { application_name: 'hopso' } });
    const db = drizzlePostgres(sql, config);
    await migratePostgres(db, { migrationsFolder });
    return { db, kind: 'postgres', close: () => sql.end({ timeout: 5 }) };
  }
  const dataDir = options.dataDir ?? 'memory://';
  if (!dataDir.startsWith('memory://')) fs.mkdirSync(path.resolve(dataDir), { recursive: true });
  const client = await PGlite.create(dataDir, options.loadDataDir ? { loadDataDir: options.loadDataDir } : {});
  // drizzle calls only `query` and `transaction` of the client: PgliteStatements answers both.
  const db = drizzlePglite(new PgliteStatements(client) as unknown as PGlite, config);
  await migratePglite(db, { migrationsFolder });
  return { db, kind: 'pglite', close: () => client.close(), dump: () => client.dumpDataDir('none') };
}
