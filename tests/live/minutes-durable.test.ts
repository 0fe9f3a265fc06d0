import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../server/demo/seed.ts';
import { meetings } from '../../server/meetings/schema.ts';
import { meetingRecords } from '../../server/minutes/schema.ts';
import type { MinutesContent, RecordView } from '../../server/minutes/schemas.ts';
import { importRegistry } from '../../server/units/import.ts';
import { DEMO_PASSWORD } from '../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { insertMeeting, userIds } from '../helpers/live.ts';
import { freePort, ServerProcess } from '../helpers/server-process.ts';

/**
 * The secretary's autosave is durable: the real server runs as a child process on PostgreSQL,
 * the editor sends its draft as it would (one save in flight at a time, every ~300 ms, as the
 * page's debounce allows), and the server is killed with SIGKILL in the middle of it. Every
 * save the server acknowledged is in the database, so no edit older than 2 s is lost.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('minutes autosave survives a killed server [postgres]', () => {
  let database: TestDatabase;
  let server: ServerProcess;
  let url: string;

  beforeAll(async () => {
    database = await createTestDatabase('postgres');
    await importRegistry(database.db);
    await seedDemo(database.db);
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    server = new ServerProcess({
      DATABASE_URL: database.url!, PORT: String(port), HOST: '127.0.0.1', MEDIA_WORKERS: '0', DEMO_DATA: 'true', DEMO_HISTORY: 'false', LOG_LEVEL: 'warn',
    });
    await server.start();
  }, 90_000);
  afterAll(async () => {
    await server?.kill();
    await database?.destroy();
  });

  it('keeps every acknowledged save, and so every edit older than 2 seconds', async () => {
    const ids = await userIds(database.db, ['thuky.hatinh', 'xa.thachha']);
    const meeting = await insertMeeting(database.db, { status: 'live', invitees: [{ bodyId: ids['xa.thachha']!.bodyId }], agenda: ['Báo cáo tình hình'] });
    await database.db.update(meetings).set({ secretaryUserId: ids['thuky.hatinh']!.id }).where(eq(meetings.id, meeting.id));

    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'thuky.hatinh', password: DEMO_PASSWORD }),
    });
    const { csrfToken } = await login.json() as { csrfToken: string };
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const send = (method: string, path: string, body?: unknown) => fetch(`${url}/api/meetings/${meeting.id}/records${path}`, {
      method, headers: { cookie, 'x-csrf-token': csrfToken, ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : null,
    });
    const opened = await send('POST', '/minutes');
    expect(opened.status).toBe(200);
    const content = (await opened.json() as RecordView).content as MinutesContent;
    expect((await send('POST', '/minutes/lock', {})).status).toBe(200);

    // The editor: edit n is made at editedAt[n]; saves go one at a time, each carrying the latest edit.
    const editedAt: number[] = [];
    const acknowledged: number[] = [];
    let edit = 0;
    let stop = false;
    const typing = setInterval(() => editedAt.push(Date.now()) && (edit = editedAt.length), 100);
    const saving = (async () => {
      while (!stop) {
        const n = edit;
        const draft = { ...content, items: content.items.map((i) => ({ ...i, presented: `Bản sửa số ${n}` })) };
        try {
          const res = await send('PUT', '/minutes/content', { content: draft });
          if (res.status === 200) acknowledged.push(n);
        } catch {
          return; // the server is gone
        }
        await new Promise((r) => setTimeout(r, 300));
      }
    })();
    await new Promise((r) => setTimeout(r, 3000));
    await server.kill();
    const killedAt = Date.now();
    clearInterval(typing);
    stop = true;
    await saving;

    const [row] = await database.db.select().from(meetingRecords).where(and(eq(meetingRecords.meetingId, meeting.id), eq(meetingRecords.kind, 'minutes')));
    const stored = Number(/Bản sửa số (\d+)/.exec((row!.content as MinutesContent).items[0]!.presented)?.[1] ?? -1);
    expect(acknowledged.length).toBeGreaterThan(3);
    // Every acknowledged save is there (the last one, or one the server wrote as it died).
    expect(stored).toBeGreaterThanOrEqual(Math.max(...acknowledged));
    // And so is every edit made 2 s or more before the kill.
    const olderThan2s = editedAt.filter((at) => at <= killedAt - 2000).length;
    expect(stored).toBeGreaterThanOrEqual(olderThan2s);
  }, 120_000);
});
