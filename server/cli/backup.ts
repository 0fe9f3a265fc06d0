import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import type { Config } from '../config.ts';
import { parseOptions, UsageError, type CommandContext } from './args.ts';
import { openConfigured } from './migrate.ts';
import { digestTables, type TableDigest } from './table-digest.ts';

const run = promisify(execFile);

/** What a backup directory holds, besides the database: written last, so a backup without it is incomplete. */
export interface Manifest {
  format: 1;
  createdAt: string;
  database: 'postgres' | 'pglite';
  /** database.pgdump (pg_dump custom format) or database.pglite.tar (PGlite's data directory). */
  file: string;
  tables: Record<string, TableDigest>;
  files: number;
  signingSecret: boolean;
}

const SECRET = 'signing-key.secret';
const filesDir = (dataDir: string) => path.join(dataDir, 'files');

function stamp(now = new Date()): string {
  return now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/**
 * `hopso backup`: the database (pg_dump's custom format, or PGlite's data directory: stop the
 * service first, the embedded database has one owner), the uploaded files (DATA_DIR/files;
 * issued PDFs are in the database), and DATA_DIR's generated signing-key secret when there is
 * one (without it the signing keys in the database cannot be opened: keep backups private).
 */
export async function backupCommand({ args, config }: CommandContext): Promise<number> {
  const { options } = parseOptions(args);
  const out = path.resolve(options.get('out') ?? path.join('backups', `hopso-${stamp()}`));
  if (fs.existsSync(out) && fs.readdirSync(out).length > 0) throw new UsageError(`${out} is not empty`);
  fs.mkdirSync(out, { recursive: true, mode: 0o700 });
  const database = await openConfigured(config);
  let manifest: Manifest;
  try {
    const tables = await digestTables(database.db);
    let file: string;
    if (database.kind === 'postgres') {
      file = 'database.pgdump';
      await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${path.join(out, file)}`, `--dbname=${config.DATABASE_URL!}`]);
    } else {
      file = 'database.pglite.tar';
      fs.writeFileSync(path.join(out, file), Buffer.from(await (await database.dump!()).arrayBuffer()), { mode: 0o600 });
    }
    manifest = { format: 1, createdAt: new Date().toISOString(), database: database.kind, file, tables, files: 0, signingSecret: false };
  } finally {
    await database.close();
  }
  if (fs.existsSync(filesDir(config.DATA_DIR))) {
    fs.cpSync(filesDir(config.DATA_DIR), path.join(out, 'files'), { recursive: true });
    manifest.files = fs.readdirSync(path.join(out, 'files')).filter((f) => /^[0-9a-f]{64}$/.test(f)).length;
  }
  if (fs.existsSync(path.join(config.DATA_DIR, SECRET))) {
    fs.copyFileSync(path.join(config.DATA_DIR, SECRET), path.join(out, SECRET));
    fs.chmodSync(path.join(out, SECRET), 0o600);
    manifest.signingSecret = true;
  }
  fs.writeFileSync(path.join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const rows = Object.values(manifest.tables).reduce((n, t) => n + t.rows, 0);
  console.log(`Backup written to ${out}: ${Object.keys(manifest.tables).length} tables (${rows} rows), ${manifest.files} files${manifest.signingSecret ? ', the signing-key secret' : ''}.`);
  return 0;
}

function readManifest(dir: string): Manifest {
  const file = path.join(dir, 'manifest.json');
  if (!fs.existsSync(file)) throw new UsageError(`${dir} has no manifest.json: not a finished hopso backup`);
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
  if (manifest.format !== 1) throw new UsageError(`${dir}: unknown backup format ${String(manifest.format)}`);
  return manifest;
}

async function restoreDatabase(dir: string, manifest: Manifest, config: Config): Promise<void> {
  const source = path.join(dir, manifest.file);
  if (manifest.database === 'postgres') {
    if (!config.DATABASE_URL) throw new UsageError('this backup is of PostgreSQL: set DATABASE_URL to an empty database (createdb)');
    const { stdout } = await run('psql', ['--no-psqlrc', '-Atc', "select count(*) from pg_tables where schemaname in ('public', 'drizzle')", config.DATABASE_URL]);
    if (Number(stdout.trim()) > 0) throw new UsageError('the target database is not empty: restore into a new one (createdb) and point DATABASE_URL at it');
    await run('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', `--dbname=${config.DATABASE_URL}`, source]);
    return;
  }
  if (config.DATABASE_URL) throw new UsageError('this backup is of the embedded database: unset DATABASE_URL and set DATA_DIR');
  if (fs.existsSync(path.join(config.DATA_DIR, 'PG_VERSION'))) throw new UsageError(`${config.DATA_DIR} already holds a database: restore into a new DATA_DIR`);
  fs.mkdirSync(config.DATA_DIR, { recursive: true });
  const client = await PGlite.create(config.DATA_DIR, { loadDataDir: new Blob([fs.readFileSync(source)]) });
  await client.close();
}

/**
 * `hopso restore DIR`: into an empty database (and DATA_DIR for the files), then migrated to
 * this version and checked table by table against the manifest's row counts.
 */
export async function restoreCommand({ args, config }: CommandContext): Promise<number> {
  const { rest } = parseOptions(args);
  const dir = rest[0];
  if (!dir) throw new UsageError('restore needs the backup directory');
  const manifest = readManifest(path.resolve(dir));
  await restoreDatabase(path.resolve(dir), manifest, config);
  if (fs.existsSync(path.join(dir, 'files'))) fs.cpSync(path.join(dir, 'files'), filesDir(config.DATA_DIR), { recursive: true });
  if (manifest.signingSecret && !config.SIGNING_KEY_SECRET && !fs.existsSync(path.join(config.DATA_DIR, SECRET))) {
    fs.copyFileSync(path.join(dir, SECRET), path.join(config.DATA_DIR, SECRET));
    fs.chmodSync(path.join(config.DATA_DIR, SECRET), 0o600);
  }
  const database = await openConfigured(config);
  try {
    const now = await digestTables(database.db);
    const short = Object.entries(manifest.tables).filter(([name, t]) => (now[name]?.rows ?? -1) < t.rows).map(([name]) => name);
    if (short.length > 0) {
      console.error(`Restored, but these tables have fewer rows than backed up: ${short.join(', ')}`);
      return 1;
    }
  } finally {
    await database.close();
  }
  console.log(`Restored ${Object.keys(manifest.tables).length} tables and ${manifest.files} files from ${dir} (backed up ${manifest.createdAt}).`);
  return 0;
}
