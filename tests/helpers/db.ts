import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import postgres from 'postgres';
import { describe, inject } from 'vitest';
import { openDatabase, type Database, type DbKind, type OpenOptions } from '../../server/db/client.ts';

/**
 * Every database-touching suite runs on PGlite, and again on PostgreSQL when
 * TEST_DATABASE_URL is set. Each suite gets a fresh database that is dropped after.
 */
export const dbKinds: DbKind[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export interface TestDatabase extends Database {
  /** Closes the connection and drops the database (PostgreSQL). */
  destroy(): Promise<void>;
  /** Its connection string (PostgreSQL), for a server started as a child process. */
  url?: string;
}

export async function createTestDatabase(kind: DbKind, options: Pick<OpenOptions, 'onQuery'> = {}): Promise<TestDatabase> {
  if (kind === 'pglite') {
    // A copy of the run's migrated snapshot with the registry (tests/helpers/global-setup.ts).
    const snapshot = inject('pgliteSnapshot');
    const loadDataDir = snapshot ? new Blob([fs.readFileSync(snapshot)]) : undefined;
    const db = await openDatabase({ dataDir: 'memory://', ...(loadDataDir ? { loadDataDir } : {}), ...options });
    return { ...db, destroy: () => db.close() };
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `hopso_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  const template = inject('pgTemplate');
  await admin.unsafe(template ? `create database ${name} template ${template}` : `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ url: url.toString(), max: 20, ...options });
  return {
    ...db,
    url: url.toString(),
    destroy: async () => {
      await db.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** `describe` once per database kind; the suite's name says which ("… [postgres]"). */
export function describeEachDb(name: string, body: (kind: DbKind) => void): void {
  for (const kind of dbKinds) describe(`${name} [${kind}]`, () => body(kind));
}
