import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attendanceEvents } from '../../server/attendance/schema.ts';
import { trackMediaObjects } from '../../server/media/counts.ts';
import { startTestApp, type TestServer } from '../helpers/app.ts';
import { connectAs, insertMeeting, joinWithMedia, userIds, type LiveClient } from '../helpers/live.ts';

/**
 * A media worker killed under a live meeting: the pool spawns a replacement, the meeting's
 * media is rebuilt, every client is told to reconnect, and rejoining (same site session)
 * works and counts as a reconnect in attendance, not a second person.
 */
describe('media worker death', () => {
  const tracker = trackMediaObjects();
  let live: TestServer;
  const clients: LiveClient[] = [];

  beforeAll(async () => {
    live = await startTestApp({ listen: true, mediaWorkers: 2 });
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await live?.close();
    tracker.stop();
  });

  it('replaces the worker, tells the room to reconnect, and the room works again after rejoining', async () => {
    const bodyOf = await userIds(live.db, ['xa.thachha']);
    const meeting = await insertMeeting(live.db, { invitees: [{ bodyId: bodyOf['xa.thachha']!.bodyId }] });
    const [chair, commune] = await Promise.all(['vp.hatinh', 'xa.thachha'].map((u) => connectAs(live, u)));
    clients.push(chair!, commune!);
    await joinWithMedia(chair!, meeting.id, { audio: true, video: true });
    const before = await joinWithMedia(commune!, meeting.id, { audio: true });

    const room = live.app.live.get(meeting.id)!;
    const dead = room.peers.get(before.joined.peerId)!.localMedia!.home.slot;
    const deadPid = dead.worker.pid;
    const told = Promise.all([chair!.next('reconnect'), commune!.next('reconnect')]);
    process.kill(deadPid, 'SIGKILL');
    const [a, b] = await told;
    expect(a.reason).toBe('media_worker_restarted');
    expect(b.reason).toBe('media_worker_restarted');

    const pool = live.app.media!;
    expect(pool.size).toBe(2);
    expect(pool.workers.map((w) => w.worker.pid)).not.toContain(deadPid);
    expect(pool.workers.every((w) => !w.worker.closed)).toBe(true);
    // Nothing of the old media is left: the whole room's transports closed with it.
    expect(tracker.counts()).toMatchObject({ workers: 2, transports: 0, producers: 0, consumers: 0 });

    const again = await joinWithMedia(commune!, meeting.id, { audio: true });
    expect(again.joined.state).toBe('admitted');
    expect(again.joined.routerRtpCapabilities?.codecs?.length).toBeGreaterThan(0);
    const chairAgain = await joinWithMedia(chair!, meeting.id, { audio: true });
    expect(chairAgain.joined.peers.map((p) => p.peerId)).toEqual([again.joined.peerId]);
    const consumer = await chair!.call('consume', { producerId: again.audio!, rtpCapabilities: chairAgain.joined.routerRtpCapabilities! });
    expect(consumer.kind).toBe('audio');
    const home = room.peers.get(again.joined.peerId)!.localMedia!.home;
    expect(home.router.closed).toBe(false);
    expect(home.slot).not.toBe(dead);

    await live.app.presence.writes.idle();
    const kinds = (await live.db.select().from(attendanceEvents).where(eq(attendanceEvents.meetingId, meeting.id)).orderBy(asc(attendanceEvents.id)))
      .filter((e) => e.siteId === bodyOf['xa.thachha']!.bodyId).map((e) => e.kind);
    expect(kinds).toEqual(['join', 'reconnect']);
  });
});
