import { spawn, type ChildProcess } from 'node:child_process';
import { and, eq } from 'drizzle-orm';
import { DateTime } from 'luxon';
import supertest from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { attendanceEvents, livePresences } from '../../server/attendance/schema.ts';
import { openDatabase } from '../../server/db/client.ts';
import { DEMO_PASSWORD, TEST_SIGNING_SECRET } from '../helpers/app.ts';
import { cliDatabase, HOPSO_BIN } from '../helpers/cli.ts';
import { describeEachDb } from '../helpers/db.ts';
import { connectLive } from '../helpers/live.ts';
import { freePort } from '../helpers/mail.ts';
import { localTime } from '../helpers/sessions.ts';
import { eventually } from '../helpers/wait.ts';

describeEachDb('hopso start and a graceful stop on SIGTERM', (kind) => {
  let target: Awaited<ReturnType<typeof cliDatabase>>;
  let child: ChildProcess | undefined;
  let output = '';

  beforeAll(async () => {
    target = await cliDatabase(kind);
  });
  afterAll(async () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    await target?.drop();
  });

  it('serves, tells live sites to reconnect, stores their departure and exits 0', async () => {
    const port = await freePort();
    child = spawn(HOPSO_BIN, ['start'], {
      env: {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/tmp', ...target.env,
        PORT: String(port), HOST: '127.0.0.1', DEMO_DATA: 'true', COOKIE_SECURE: 'false', MEDIA_WORKERS: '1', RTC_PORT: '0',
        SIGNING_KEY_SECRET: TEST_SIGNING_SECRET, LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    const url = `http://127.0.0.1:${port}`;
    await eventually(async () => (await fetch(`${url}/health`).catch(() => null))?.ok, 90_000, 'the server to answer /health');

    const agent = supertest.agent(url);
    const login = await agent.post('/api/auth/login').send({ username: 'vp.hatinh', password: DEMO_PASSWORD }).expect(200);
    agent.set('x-csrf-token', login.body.csrfToken);
    const start = DateTime.now().plus({ minutes: 20 });
    const meeting = await agent.post('/api/meetings').send({
      kind: 'giao_ban', form: 'truc_tuyen', title: 'Họp trước khi khởi động lại', chairName: 'Nguyễn Văn An',
      startsAt: localTime(start), endsAt: localTime(start.plus({ hours: 1 })), invitees: { communesOf: ['42'] },
    }).expect(201);
    await agent.post(`/api/meetings/${meeting.body.id}/invitations/issue`).send({ urgent: true, urgentReason: 'Nâng cấp máy chủ theo kế hoạch' }).expect(200);
    const cookie = ([] as string[]).concat(login.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
    const site = await connectLive(url, cookie, 'vp.hatinh');
    const joined = await site.join(meeting.body.id);
    expect(joined.state).toBe('admitted');
    // Started early by its chair: attendance counts from now, so the stop must store a leave.
    await site.call('start', {});

    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    const disconnected = new Promise<string>((resolve) => site.socket.once('disconnect', (reason) => resolve(reason)));
    child.kill('SIGTERM');
    expect(await disconnected).toBe('io server disconnect');
    // Told before being let go: come back in a few seconds, at a random moment.
    expect(site.events.find((e) => e.name === 'restarting')?.payload).toEqual({ retryAfterMs: 3000, spreadMs: 7000 });
    expect(await exited).toBe(0);
    expect(output).toContain('shutting down');
    site.close();

    // The departure was stored before the process ended: no presence left open for the next start to close as interrupted.
    const db = await openDatabase(target.url ? { url: target.url, max: 1 } : { dataDir: target.dataDir });
    try {
      expect(await db.db.select().from(livePresences).where(eq(livePresences.meetingId, meeting.body.id))).toEqual([]);
      const leaves = await db.db.select().from(attendanceEvents).where(and(eq(attendanceEvents.meetingId, meeting.body.id), eq(attendanceEvents.kind, 'leave')));
      const joins = await db.db.select().from(attendanceEvents).where(and(eq(attendanceEvents.meetingId, meeting.body.id), eq(attendanceEvents.kind, 'join')));
      expect(joins).toHaveLength(1);
      expect(leaves).toHaveLength(1);
      expect(leaves[0]!.data).not.toMatchObject({ reason: 'server_interrupted' });
    } finally {
      await db.close();
    }
  });
});
