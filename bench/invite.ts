/**
 * npm run bench:invite — one national meeting (convened by the Government Office) inviting
 * every province's UBND and every commune's UBND (34 + 3,321 bodies), on PGlite and on
 * PostgreSQL. Times the issue call (lead-time check, resolution, Giấy mời number, frozen
 * invitee list, reminders, 3,355 notifications) and reading the invitee list back, both
 * through the real HTTP routes (app.inject), after one small warm-up invitation. PostgreSQL: BENCH_DATABASE_URL or
 * TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres); a temporary
 * database is created and dropped. Last line: RESULT invite pglite_ms=<n> postgres_ms=<n>
 * (the issue call).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../server/app.ts';
import { createUser } from '../server/auth/users.ts';
import { addWorkingDays, vietnamDate } from '../server/calendar/working-days.ts';
import { loadConfig } from '../server/config.ts';
import type { DbKind } from '../server/db/client.ts';
import { benchDatabase } from './lib/databases.ts';

const PASSWORD = 'bench-mat-khau-dai';

interface Figures {
  issueMs: number;
  readMs: number;
  invited: number;
  read: number;
}

async function run(kind: DbKind): Promise<Figures> {
  const scratch = await benchDatabase(kind);
  const { database } = scratch;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hopso-bench-'));
  const app = await buildApp(loadConfig({}, { LOG_LEVEL: 'silent', MEDIA_WORKERS: 0, DATA_DIR: dataDir }), { database });
  try {
    await app.ready();
    await createUser(app.db, { username: 'bench.vpcp', password: PASSWORD, fullName: 'Người đo', position: 'Chuyên viên', bodyId: 'TW:vpcp', role: 'convener' });
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'bench.vpcp', password: PASSWORD } });
    const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const headers = { cookie, 'x-csrf-token': login.json<{ csrfToken: string }>().csrfToken };
    const provinces = (await app.inject({ method: 'GET', url: '/api/units?level=province&limit=100', headers })).json<{ items: { code: string }[] }>().items.map((u) => u.code);
    const day = addWorkingDays(vietnamDate(new Date()), 10);
    // A running server has its code paths compiled and its statements planned: warm them
    // with a one-commune meeting first, so the figure is the national invitation's own cost.
    const warm = await app.inject({
      method: 'POST', url: '/api/meetings', headers,
      payload: { kind: 'chuyen_mon', form: 'truc_tuyen', title: 'Khởi động', chairName: 'A', startsAt: `${day}T14:00`, endsAt: `${day}T15:00`, invitees: { communes: ['18562'] } },
    });
    const warmId = warm.json<{ id: string }>().id;
    // A Chuyên viên drafts; the Giấy mời is signed by someone with authority (NĐ 30).
    const signing = { signer: { authority: [{ prefix: 'KT.', of: 'Bộ trưởng, Chủ nhiệm' }], position: 'Phó Chủ nhiệm', fullName: 'Người ký' } };
    await app.inject({ method: 'POST', url: `/api/meetings/${warmId}/invitations/issue`, headers, payload: signing });
    await app.inject({ method: 'GET', url: `/api/meetings/${warmId}/invitees`, headers });

    const created = await app.inject({
      method: 'POST', url: '/api/meetings', headers,
      payload: {
        kind: 'so_ket_tong_ket', form: 'truc_tuyen', title: 'Hội nghị trực tuyến toàn quốc', chairName: 'Thủ tướng Chính phủ',
        hostRoom: 'Trụ sở Chính phủ', startsAt: `${day}T08:00`, endsAt: `${day}T11:30`,
        invitees: { allProvinces: true, communesOf: provinces },
      },
    });
    if (created.statusCode !== 201) throw new Error(`create: ${created.statusCode} ${created.body}`);
    const id = created.json<{ id: string }>().id;

    let started = performance.now();
    const issued = await app.inject({ method: 'POST', url: `/api/meetings/${id}/invitations/issue`, headers, payload: signing });
    const issueMs = performance.now() - started;
    if (issued.statusCode !== 200) throw new Error(`issue: ${issued.statusCode} ${issued.body}`);

    started = performance.now();
    const list = await app.inject({ method: 'GET', url: `/api/meetings/${id}/invitees`, headers });
    const readMs = performance.now() - started;
    if (list.statusCode !== 200) throw new Error(`invitees: ${list.statusCode} ${list.body}`);
    return { issueMs, readMs, invited: issued.json<{ invited: number }>().invited, read: list.json<{ items: unknown[] }>().items.length };
  } finally {
    await app.close();
    await scratch.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const results: Partial<Record<DbKind, Figures>> = {};
for (const kind of ['pglite', 'postgres'] as const) {
  const figures = await run(kind);
  results[kind] = figures;
  console.log(`${kind.padEnd(8)} issue ${figures.issueMs.toFixed(0).padStart(5)} ms (${figures.invited} invitees)   read back ${figures.readMs.toFixed(0).padStart(5)} ms (${figures.read} rows)`);
}
console.log(`RESULT invite pglite_ms=${Math.round(results.pglite!.issueMs)} postgres_ms=${Math.round(results.postgres!.issueMs)}`);
