/**
 * npm run bench:api [-- --seconds 5] — autocannon (20 connections, in a child process) against
 * one server on PGlite and on PostgreSQL: a signed-in calendar read (a month with meetings),
 * GET /api/meetings/:id, /api/auth/me and /health; and against a raw node:http server that
 * answers /health's bytes, in the same run. Ratios: each route ÷ /health on its database,
 * /health ÷ raw node:http. Goal: calendar ≥ 0.5 × /health on both databases. The calendar is
 * read as people read it (answers kept while the data version stands: a repeated read is one
 * primary-key query) and once more with nothing kept (`calendar_uncached`: every read queries).
 * PostgreSQL: BENCH_DATABASE_URL or TEST_DATABASE_URL (a scratch database is created and
 * dropped). Last line: RESULT api …
 */
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { buildApp } from '../server/app.ts';
import { createSession } from '../server/auth/sessions.ts';
import { createUser } from '../server/auth/users.ts';
import { addWorkingDays, vietnamDate } from '../server/calendar/working-days.ts';
import { loadConfig } from '../server/config.ts';
import { VersionedCache } from '../server/lib/versioned-cache.ts';
import type { DbKind } from '../server/db/client.ts';
import { autocannon, type Load } from './lib/autocannon.ts';
import { benchDatabase } from './lib/databases.ts';
import { load1, machineLine, option } from './lib/machine.ts';

const SECONDS = Number(option('seconds', '5'));
// --db pglite|postgres runs one database only (profiling: node --cpu-prof bench/api.ts --db pglite).
const CONNECTIONS = 20;
const PASSWORD = 'bench-mat-khau-dai';
const routes = (option('routes', 'calendar,calendar_uncached,meeting,me,health').split(',')) as Route[];
type Route = 'calendar' | 'calendar_uncached' | 'meeting' | 'me' | 'health';

function show(label: string, load: Load, base?: Load) {
  const ratio = base ? `  ${(load.requestsPerSecond / base.requestsPerSecond).toFixed(2)} × ${base === undefined ? '' : 'baseline'}` : '';
  const bad = load.non2xx || load.errors ? `  (${load.non2xx} non-2xx, ${load.errors} errors)` : '';
  console.log(`  ${label.padEnd(22)} ${load.requestsPerSecond.toFixed(0).padStart(7)} req/s  p50 ${String(load.p50Ms).padStart(4)} ms  p99 ${String(load.p99Ms).padStart(4)} ms${ratio}${bad}`);
}

async function runOn(kind: DbKind): Promise<Record<Route, Load>> {
  const temp = await benchDatabase(kind);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hopso-bench-api-'));
  const app = await buildApp(
    loadConfig({}, { LOG_LEVEL: 'silent', MEDIA_WORKERS: 0, DATA_DIR: dataDir, COOKIE_SECURE: false }),
    { database: temp.database },
  );
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const user = await createUser(app.db, { username: 'bench.api', password: PASSWORD, fullName: 'Người đo', position: 'Chuyên viên', bodyId: 'TW:vpcp', role: 'convener' });
    const { token } = await createSession(app.db, user.id, 12);
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', cookies: { hopso_session: token } });
    const csrfCookie = ([] as string[]).concat(me.headers['set-cookie'] ?? []).find((c) => c.startsWith('hopso_csrf='))!.split(';')[0]!;
    const cookie = `hopso_session=${token}; ${csrfCookie}`;
    const headers = { cookie, 'x-csrf-token': me.json<{ csrfToken: string }>().csrfToken };
    // A month with a few meetings in it, like a body's real calendar.
    const day = addWorkingDays(vietnamDate(new Date()), 3);
    let meetingId = '';
    for (const hour of ['08', '10', '14']) {
      const res = await app.inject({
        method: 'POST', url: '/api/meetings', headers,
        payload: { kind: 'chuyen_mon', form: 'truc_tuyen', title: `Họp đo ${hour}h`, chairName: 'A', startsAt: `${day}T${hour}:00`, endsAt: `${day}T${hour}:45`, invitees: { provinces: ['01', '79'] } },
      });
      if (res.statusCode !== 201) throw new Error(`create: ${res.statusCode} ${res.body}`);
      meetingId = res.json<{ id: string }>().id;
    }
    const from = `${day.slice(0, 8)}01`;
    const to = addDaysIso(from, 30);
    const urls: Record<Route, string> = {
      calendar: `${base}/api/calendar?from=${from}&to=${to}`,
      calendar_uncached: `${base}/api/calendar?from=${from}&to=${to}`,
      meeting: `${base}/api/meetings/${meetingId}`,
      me: `${base}/api/auth/me`,
      health: `${base}/health`,
    };
    const check = await fetch(urls.calendar, { headers: { cookie } });
    const items = (await check.json() as { items?: unknown[] }).items?.length;
    if (check.status !== 200 || items !== 3) throw new Error(`calendar read: ${check.status}, ${items} items`);
    const out = {} as Record<Route, Load>;
    const kept = app.calendarCache;
    for (const route of routes) {
      // /health is the framework round trip: no session, as a load balancer asks it.
      const sent: Record<string, string> = route === 'health' ? {} : { cookie };
      app.calendarCache = route === 'calendar_uncached' ? new VersionedCache(0) : kept;
      await autocannon(urls[route], { connections: CONNECTIONS, seconds: 1, headers: sent }); // warm-up
      out[route] = await autocannon(urls[route], { connections: CONNECTIONS, seconds: SECONDS, headers: sent });
    }
    app.calendarCache = kept;
    console.log(`${kind} (load ${load1()})`);
    for (const route of routes) show(`${route}`, out[route], route === 'health' ? undefined : out.health);
    return out;
  } finally {
    await app.close();
    await temp.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function addDaysIso(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** node:http answering exactly what /health answers: the framework-free floor. */
async function runRaw(): Promise<Load> {
  const body = '{"status":"ok"}';
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/health`;
  try {
    await autocannon(url, { connections: CONNECTIONS, seconds: 1 });
    return await autocannon(url, { connections: CONNECTIONS, seconds: SECONDS });
  } finally {
    server.close();
  }
}

console.log(machineLine());
console.log(`autocannon: ${CONNECTIONS} connections, ${SECONDS} s per route (after 1 s warm-up), req/s and ratio to /health of the same server`);
const raw = await runRaw();
console.log('raw node:http');
show('/health bytes', raw);
const only = option('db', 'both');
const pglite = only === 'postgres' ? null : await runOn('pglite');
const pg = only === 'pglite' ? null : await runOn('postgres');
if (!pglite || !pg) process.exit(0);
const ratio = (a: number, b: number) => (a / b).toFixed(2);
console.log(`/health ÷ raw node:http: pglite ${ratio(pglite.health.requestsPerSecond, raw.requestsPerSecond)}, postgres ${ratio(pg.health.requestsPerSecond, raw.requestsPerSecond)}`);
const r = (l: Load) => Math.round(l.requestsPerSecond);
console.log(
  `RESULT api pglite_calendar=${r(pglite.calendar)} pglite_calendar_uncached=${r(pglite.calendar_uncached)} pglite_meeting=${r(pglite.meeting)} pglite_me=${r(pglite.me)} pglite_health=${r(pglite.health)} ` +
  `pglite_calendar_ratio=${ratio(pglite.calendar.requestsPerSecond, pglite.health.requestsPerSecond)} ` +
  `postgres_calendar=${r(pg.calendar)} postgres_calendar_uncached=${r(pg.calendar_uncached)} postgres_meeting=${r(pg.meeting)} postgres_me=${r(pg.me)} postgres_health=${r(pg.health)} ` +
  `postgres_calendar_ratio=${ratio(pg.calendar.requestsPerSecond, pg.health.requestsPerSecond)} raw_http=${r(raw)} load=${load1()}`,
);
