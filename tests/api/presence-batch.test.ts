import { and, eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PresenceTracker } from '../../server/attendance/presence.ts';
import { attendanceEvents, livePresences } from '../../server/attendance/schema.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { describeEachDb } from '../helpers/db.ts';
import { extraSites, insertMeeting, userIds } from '../helpers/live.ts';

/**
 * A national meeting's first minute: thousands of sites arrive within seconds. Arrivals (and
 * headcounts, roll-call answers) waiting in a meeting's write queue are stored together — a few
 * transactions, not one per site — and every one of them is stored, in order, before it is answered.
 */
describeEachDb('attendance writes of many arrivals', (kind) => {
  let t: TestApp;
  const queries: string[] = [];
  let meetingId: string;
  let sites: { id: string; bodyId: string }[];
  let tracker: PresenceTracker;

  beforeAll(async () => {
    t = await startTestApp({ kind, onQuery: (query) => queries.push(query) });
    const extra = await extraSites(t.db, 40, 'batch');
    const ids = await userIds(t.db, extra.map((e) => e.username));
    sites = extra.map((e) => ids[e.username]!);
    meetingId = (await insertMeeting(t.db, { invitees: extra.map((e) => ({ bodyId: e.bodyId })), status: 'live' })).id;
    tracker = new PresenceTracker(t.db, 60_000, pino({ level: 'silent' }));
  });
  afterAll(async () => {
    tracker?.stop();
    await t?.close();
  });

  const key = (i: number) => ({ meetingId, siteId: sites[i]!.bodyId, userId: sites[i]!.id, sessionId: `tab-${i}` });
  const inserts = (table: string) => queries.filter((q) => q.startsWith(`insert into "${table}"`)).length;

  it('40 arrivals in one moment: all stored, in a couple of transactions', async () => {
    queries.length = 0;
    await Promise.all(sites.map((_, i) => tracker.arrive(key(i), { siteName: `Điểm cầu ${i + 1}` })));
    const events = await t.db.select().from(attendanceEvents).where(eq(attendanceEvents.meetingId, meetingId));
    expect(events.filter((e) => e.kind === 'join')).toHaveLength(40);
    expect((await t.db.select().from(livePresences).where(eq(livePresences.meetingId, meetingId)))).toHaveLength(40);
    expect(inserts('attendance_events')).toBeLessThanOrEqual(2);
  });

  it('a site that comes back keeps its one open presence; headcounts arriving together are stored together', async () => {
    await tracker.depart(key(0), 'away');
    queries.length = 0;
    const back = tracker.arrive(key(0));
    const headcounts = sites.slice(1, 21).map((_, i) => tracker.record(key(i + 1), 'headcount', { count: i + 2 }));
    await Promise.all([back, ...headcounts]);
    expect(inserts('attendance_events')).toBeLessThanOrEqual(3);
    const mine = await t.db.select().from(attendanceEvents)
      .where(and(eq(attendanceEvents.meetingId, meetingId), eq(attendanceEvents.sessionId, 'tab-0')));
    expect(mine.map((e) => e.kind)).toEqual(['join', 'reconnect']);
    const [open] = await t.db.select().from(livePresences).where(and(eq(livePresences.meetingId, meetingId), eq(livePresences.sessionId, 'tab-0')));
    expect(open?.awaySince).toBeNull();
    const counted = await t.db.select().from(attendanceEvents).where(and(eq(attendanceEvents.meetingId, meetingId), eq(attendanceEvents.kind, 'headcount')));
    expect(counted.map((e) => (e.data as { count: number }).count).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
  });

  it('many links lost at once, then the meeting ends: aways and leaves are stored together, and no presence stays open', async () => {
    queries.length = 0;
    // A node with half the sites went away.
    await Promise.all(sites.slice(20).map((_, i) => tracker.depart(key(i + 20), 'away')));
    expect(queries.filter((q) => q.startsWith('update "live_presences"')).length).toBeLessThanOrEqual(2);
    const away = await t.db.select().from(livePresences).where(eq(livePresences.meetingId, meetingId));
    expect(away.filter((p) => p.awaySince !== null)).toHaveLength(20);

    queries.length = 0;
    await Promise.all(sites.slice(0, 20).map((_, i) => tracker.depart(key(i), 'leave', { reason: 'ended' })));
    tracker.settle(meetingId, { reason: 'ended' });
    await tracker.idle();
    expect(inserts('attendance_events')).toBeLessThanOrEqual(3);
    expect(await t.db.select().from(livePresences).where(eq(livePresences.meetingId, meetingId))).toEqual([]);
    const leaves = await t.db.select().from(attendanceEvents).where(and(eq(attendanceEvents.meetingId, meetingId), eq(attendanceEvents.kind, 'leave')));
    expect(leaves).toHaveLength(40);
    // The sites whose link was lost leave when it was lost, as disconnections.
    expect(leaves.filter((l) => (l.data as { reason?: string }).reason === 'disconnected')).toHaveLength(20);
  });
});
