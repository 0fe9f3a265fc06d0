import { openDatabase, type Database } from '../db/client.ts';
import type { Config } from '../config.ts';
import { importRegistry } from '../units/import.ts';
import type { CommandContext } from './args.ts';

/** The configured database, migrated (opening applies every pending migration). */
export function openConfigured(config: Config): Promise<Database> {
  return openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR, max: 2 });
}

/** Applies pending migrations and the unit registry: what an upgrade runs before the new version starts. */
export async function migrateCommand({ config }: CommandContext): Promise<number> {
  const database = await openConfigured(config);
  try {
    const registry = await importRegistry(database.db);
    console.log(`Database (${database.kind}) is up to date; unit registry ${registry.skipped ? 'unchanged' : `imported (${registry.units} units)`}.`);
    return 0;
  } finally {
    await database.close();
  }
}
