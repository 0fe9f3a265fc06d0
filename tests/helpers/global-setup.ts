import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../server/db/client.ts';
import { importRegistry } from '../../server/units/import.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL database, migrated and with the unit registry, that each suite copies. */
    pgTemplate: string | null;
    /** A PGlite data directory (tarball), migrated and with the unit registry, that each suite loads. */
    pgliteSnapshot: string;
  }
}

/**
 * Migrating and importing the registry (~14,000 rows) once per run instead of once per suite:
 * every suite still gets its own database, copied from these.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hopso-test-'));
  const lite = await openDatabase({ dataDir: 'memory://' });
  await importRegistry(lite.db);
  const snapshot = path.join(dir, 'pglite.tar');
  if (!lite.dump) throw new Error('PGlite cannot dump its data directory');
  fs.writeFileSync(snapshot, Buffer.from(await (await lite.dump()).arrayBuffer()));
  await lite.close();
  project.provide('pgliteSnapshot', snapshot);

  const adminUrl = process.env.TEST_DATABASE_URL;
  let template: string | null = null;
  let admin: postgres.Sql | null = null;
  if (adminUrl) {
    template = `hopso_template_${randomBytes(6).toString('hex')}`;
    admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${template}`);
    const url = new URL(adminUrl);
    url.pathname = `/${template}`;
    const pg = await openDatabase({ url: url.toString(), max: 4 });
    await importRegistry(pg.db);
    await pg.close();
  }
  project.provide('pgTemplate', template);

  return async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    if (admin && template) {
      await admin.unsafe(`drop database if exists ${template} with (force)`);
      await admin.end();
    }
  };
}
