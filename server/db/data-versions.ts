import { eq, sql } from 'drizzle-orm';
import type { Db } from './client.ts';
import { dataVersions } from './schema.ts';

export type DataVersionName = 'calendar';

function build(db: Db) {
  return db.select({ version: dataVersions.version }).from(dataVersions)
    .where(eq(dataVersions.name, sql.placeholder('name'))).prepare('data_version');
}

const built = new WeakMap<Db, ReturnType<typeof build>>();

/** The current version of a family of tables (one primary-key read, as cheap as `select 1`). */
export async function dataVersion(db: Db, name: DataVersionName): Promise<number> {
  let statement = built.get(db);
  if (!statement) {
    statement = build(db);
    built.set(db, statement);
  }
  const [row] = await statement.execute({ name });
  return row?.version ?? 0;
}
