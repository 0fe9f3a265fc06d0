/**
 * npm run bench:reports — a generated year and a half of one province's records (Hà Tĩnh: 69
 * communes, 250 meetings of VP UBND tỉnh and Sở each inviting every commune's UBND, answers,
 * joins and leaves, GM, BB and TB, task assignments in every state; server/demo/history.ts, the
 * demo start's generator), on PGlite and on PostgreSQL. Times the
 * province dashboard (GET /api/reports/dashboard, through the real route) over the whole
 * period, the same for the centre (every province), and one commune's record page: warmed
 * once, then the median of 5. PostgreSQL: BENCH_DATABASE_URL or TEST_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres); a temporary database is created and dropped.
 * Last line: RESULT reports pglite_ms=<n> postgres_ms=<n> (the province dashboard's median).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { buildApp } from '../server/app.ts';
import { createUser } from '../server/auth/users.ts';
import { addWorkingDays, vietnamDate } from '../server/calendar/working-days.ts';
import { loadConfig } from '../server/config.ts';
import { generateHistory } from '../server/demo/history.ts';
import type { DbKind } from '../server/db/client.ts';
import { benchDatabase } from './lib/databases.ts';

const PASSWORD = 'bench-mat-khau-dai';
const MEETINGS = 250;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function run(kind: DbKind): Promise<{ province: number; centre: number; record: number; rows: string }> {
  const scratch = await benchDatabase(kind);
  const { database } = scratch;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hopso-bench-'));
  const app = await buildApp(loadConfig({}, { LOG_LEVEL: 'silent', MEDIA_WORKERS: 0, DATA_DIR: dataDir }), { database });
  try {
    await app.ready();
    const today = vietnamDate(new Date());
    const start = addWorkingDays(today, -Math.round(MEETINGS * 1.5) - 10);
    const began = performance.now();
    const { communeBodies } = await generateHistory(app.db, { province: '42', from: start, meetings: MEETINGS, tasksPerMeeting: 2, bodiesPerTask: 10, everyCommune: true });
    const counts = await app.db.execute(
      sql`select (select count(*) from meetings)::int m, (select count(*) from meeting_invitees)::int i, (select count(*) from attendance_events)::int e, (select count(*) from task_assignments)::int a, (select count(*) from documents)::int d`,
    );
    const c = (Array.isArray(counts) ? counts[0] : (counts as { rows: unknown[] }).rows[0]) as Record<string, number>;
    const rows = `${c['m']} meetings, ${c['i']} invitations, ${c['e']} attendance events, ${c['d']} BB/TB, ${c['a']} task assignments (generated in ${((performance.now() - began) / 1000).toFixed(1)} s)`;
    await createUser(app.db, { username: 'bench.vp', password: PASSWORD, fullName: 'Người đo', position: 'Chuyên viên', bodyId: '42:vp_ubnd', role: 'convener' });
    await createUser(app.db, { username: 'bench.tw', password: PASSWORD, fullName: 'Người đo', position: 'Chuyên viên', bodyId: 'TW:vpcp', role: 'observer' });
    const headersOf = async (username: string) => {
      const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: PASSWORD } });
      return { cookie: login.cookies.map((k) => `${k.name}=${k.value}`).join('; ') };
    };
    const vp = await headersOf('bench.vp');
    const tw = await headersOf('bench.tw');
    const time = async (url: string, headers: Record<string, string>) => {
      const first = await app.inject({ method: 'GET', url, headers });
      if (first.statusCode !== 200) throw new Error(`${url}: ${first.statusCode} ${first.body.slice(0, 300)}`);
      const times = [];
      for (let i = 0; i < 5; i++) {
        const began = performance.now();
        await app.inject({ method: 'GET', url, headers });
        times.push(performance.now() - began);
      }
      return median(times);
    };
    const period = `from=${start}&to=${today}`;
    return {
      province: await time(`/api/reports/dashboard?unit=42&${period}`, vp),
      centre: await time(`/api/reports/dashboard?unit=TW&${period}`, tw),
      record: await time(`/api/records/${encodeURIComponent(communeBodies[0]!)}?${period}`, vp),
      rows,
    };
  } finally {
    await app.close();
    await scratch.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const results: Partial<Record<DbKind, number>> = {};
for (const kind of ['pglite', 'postgres'] as const) {
  const f = await run(kind);
  results[kind] = f.province;
  console.log(`${kind.padEnd(8)} ${f.rows}`);
  console.log(`${kind.padEnd(8)} province dashboard ${f.province.toFixed(0).padStart(5)} ms   centre dashboard ${f.centre.toFixed(0).padStart(5)} ms   commune record ${f.record.toFixed(0).padStart(5)} ms`);
}
console.log(`RESULT reports pglite_ms=${Math.round(results.pglite!)} postgres_ms=${Math.round(results.postgres!)}`);
