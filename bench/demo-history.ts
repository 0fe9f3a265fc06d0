/**
 * npm run bench:demo — how long the demo start's history takes to write (server/demo/history.ts:
 * ~4 months of Hà Tĩnh, what `DEMO_DATA=true` writes on a first start), on a fresh PGlite and a
 * fresh PostgreSQL database with the unit registry imported: the median of 3 fresh databases each.
 * Last line: RESULT demo_history pglite_ms=<n> postgres_ms=<n>.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import type { DbKind } from '../server/db/client.ts';
import { seedDemoHistory } from '../server/demo/history.ts';
import { benchDatabase } from './lib/databases.ts';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function once(kind: DbKind): Promise<{ ms: number; counts: Record<string, number> }> {
  const scratch = await benchDatabase(kind);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hopso-bench-'));
  // DEMO_DATA for the accounts; the history is written below, timed on its own.
  const app = await buildApp(loadConfig({}, { LOG_LEVEL: 'silent', MEDIA_WORKERS: 0, DATA_DIR: dataDir, DEMO_DATA: true, DEMO_HISTORY: false }), { database: scratch.database });
  try {
    await app.ready();
    const communes = app.demoLogins.filter((l) => l.role === 'participant').map((l) => l.bodyId);
    const written = await seedDemoHistory(app.db, communes);
    if (!written) throw new Error('nothing written');
    return { ms: written.ms, counts: written.counts };
  } finally {
    await app.close();
    await scratch.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const results: Partial<Record<DbKind, number>> = {};
for (const kind of ['pglite', 'postgres'] as const) {
  const times: number[] = [];
  let counts: Record<string, number> = {};
  for (let i = 0; i < RUNS; i++) ({ ms: times[i], counts } = await once(kind).then((r) => ({ ms: r.ms, counts: r.counts })));
  results[kind] = median(times);
  console.log(`${kind.padEnd(8)} ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')}`);
  console.log(`${kind.padEnd(8)} written in ${times.map((t) => `${t} ms`).join(', ')} (median ${results[kind]} ms)`);
}
console.log(`RESULT demo_history pglite_ms=${results.pglite} postgres_ms=${results.postgres}`);
