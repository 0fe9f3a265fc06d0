import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attendanceEvents } from '../../server/attendance/schema.ts';
import { agendaRuns, meetingMessages } from '../../server/live/schema.ts';
import { seedDemo } from '../../server/demo/seed.ts';
import { importRegistry } from '../../server/units/import.ts';
import { DEMO_PASSWORD } from '../helpers/app.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { connectLive, insertMeeting, userIds, type LiveClient } from '../helpers/live.ts';
import { freePort, ServerProcess } from '../helpers/server-process.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * "Acknowledged means durable": the real server runs as a child process on PostgreSQL; two sites
 * are in a live meeting, the commune declares 7 people and the server is killed (SIGKILL) the
 * moment it acknowledges. Restarted on the same database, the headcount is there and both
 * presences are closed at their last known moment, marked as a server interruption.
 * (PostgreSQL only: PGlite lives inside one process and cannot be shared with a child.)
 */

describe.skipIf(!process.env.TEST_DATABASE_URL)('acknowledged means durable [postgres]', () => {
    let database: TestDatabase;
    let server: ServerProcess;
    let url: string;
    const clients: LiveClient[] = [];

    beforeAll(async () => {
      database = await createTestDatabase('postgres');
      // The first start imports 3,321 communes; done here in-process, the child's start stays quick.
      await importRegistry(database.db);
      await seedDemo(database.db);
      const port = await freePort();
      url = `http://127.0.0.1:${port}`;
      server = new ServerProcess({
        DATABASE_URL: database.url!, PORT: String(port), HOST: '127.0.0.1', MEDIA_WORKERS: '1', RTC_PORT: '0',
        RTC_LISTEN_IP: '127.0.0.1', DEMO_DATA: 'true', DEMO_HISTORY: 'false', LOG_LEVEL: 'warn', LIVE_RECONNECT_GRACE_SECONDS: '60',
        LIVE_PRESENCE_HEARTBEAT_SECONDS: '1',
      });
      await server.start();
    }, 90_000);
    afterAll(async () => {
      for (const c of clients) c.close();
      await server?.kill();
      await database?.destroy();
    });

    const login = async (username: string) => {
      const res = await fetch(`${url}/api/auth/login`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }),
      });
      expect(res.status).toBe(200);
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('hopso_session='))!;
      const client = await connectLive(url, cookie.split(';')[0]!, username);
      clients.push(client);
      return client;
    };

    it('keeps an acknowledged headcount, agenda item and question, and closes presences left open by a killed server', async () => {
      const ids = await userIds(database.db, ['vp.hatinh', 'xa.thachha']);
      const meeting = await insertMeeting(database.db, { invitees: [{ bodyId: ids['xa.thachha']!.bodyId }], agenda: ['Báo cáo tình hình', 'Ý kiến các xã'] });
      const chair = await login('vp.hatinh');
      await chair.join(meeting.id);
      const commune = await login('xa.thachha');
      await commune.join(meeting.id);
      // Both sites were seen alive by the heartbeat at least once after joining.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const joinedBefore = Date.now();

      await chair.call('setAgendaItem', { index: 1 });
      await commune.call('sendMessage', { to: 'chair', text: 'Xin phát biểu về mục 2.' });
      await commune.call('declareHeadcount', { count: 7 });
      await server.kill();
      const killedAt = Date.now();
      for (const c of clients) c.close();

      await server.start();
      const events = await eventually(async () => {
        const rows = await database.db.select().from(attendanceEvents).where(eq(attendanceEvents.meetingId, meeting.id)).orderBy(asc(attendanceEvents.id));
        return rows.filter((r) => r.kind === 'leave').length >= 2 ? rows : null;
      }, 30_000, 'leaves of the interrupted presences');

      // The agenda item and the question were acknowledged, so they were stored.
      const runs = await database.db.select().from(agendaRuns).where(eq(agendaRuns.meetingId, meeting.id));
      expect(runs.map((r) => [r.itemIndex, r.endedAt])).toEqual([[1, null]]);
      const messages = await database.db.select().from(meetingMessages).where(eq(meetingMessages.meetingId, meeting.id));
      expect(messages.map((m) => [m.to, m.text])).toEqual([['chair', 'Xin phát biểu về mục 2.']]);

      const headcount = events.find((e) => e.kind === 'headcount' && e.siteId === ids['xa.thachha']!.bodyId);
      expect((headcount?.data as { count?: number } | undefined)?.count).toBe(7);
      for (const who of ['vp.hatinh', 'xa.thachha'] as const) {
        const leaves = events.filter((e) => e.kind === 'leave' && e.userId === ids[who]!.id);
        expect(leaves).toHaveLength(1);
        expect(leaves[0]!.data).toMatchObject({ reason: 'server_interrupted' });
        // Closed at the last moment the dead process was known to be alive, not at restart.
        expect(leaves[0]!.at.getTime()).toBeGreaterThan(joinedBefore - 1500);
        expect(leaves[0]!.at.getTime()).toBeLessThanOrEqual(killedAt + 1000);
      }

      // The summary no longer shows the site connected, and says why its presence ended.
      const reader = await fetch(`${url}/api/auth/login`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'vp.hatinh', password: DEMO_PASSWORD }),
      });
      const cookie = reader.headers.getSetCookie().find((c) => c.startsWith('hopso_session='))!.split(';')[0]!;
      const summary = await (await fetch(`${url}/api/meetings/${meeting.id}/attendance`, { headers: { cookie } })).json() as {
        sites: { siteId: string; connected: boolean; headcount: number | null; interrupted: boolean }[];
      };
      const site = summary.sites.find((s) => s.siteId === ids['xa.thachha']!.bodyId)!;
      expect(site).toMatchObject({ connected: false, headcount: 7, interrupted: true });
      const csv = await (await fetch(`${url}/api/meetings/${meeting.id}/attendance.csv`, { headers: { cookie } })).text();
      expect(csv).toContain('Gián đoạn do máy chủ');
    }, 120_000);
});
