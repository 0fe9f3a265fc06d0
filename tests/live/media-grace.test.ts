import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attendanceEvents } from '../../server/attendance/schema.ts';
import { trackMediaObjects } from '../../server/media/counts.ts';
import { startTestApp, type TestServer } from '../helpers/app.ts';
import { connectAs, insertMeeting, joinWithMedia, userIds, type LiveClient } from '../helpers/live.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * A dropped socket keeps its peer's media for LIVE_MEDIA_GRACE_SECONDS (here 1 s): a client
 * coming back with the same site session re-attaches (join with `resume`) to the same peer and
 * transports and restarts ICE on them; one that does not come back is closed by the one close
 * path when the grace ends, and every media count returns to what the others hold.
 */
describe('media grace period for a dropped link', () => {
  const tracker = trackMediaObjects();
  let live: TestServer;
  let meetingId: string;
  const clients: LiveClient[] = [];
  const as = async (u: string) => {
    const c = await connectAs(live, u);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    live = await startTestApp({ listen: true, mediaWorkers: 1, config: { LIVE_MEDIA_GRACE_SECONDS: 1, LIVE_RECONNECT_GRACE_SECONDS: 60 } });
    const bodyOf = await userIds(live.db, ['xa.thachha']);
    meetingId = (await insertMeeting(live.db, { invitees: [{ bodyId: bodyOf['xa.thachha']!.bodyId }] })).id;
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await live?.close();
    tracker.stop();
  });

  const transportsOf = (peerId: string) => [...(live.app.live.get(meetingId)?.peers.get(peerId)?.localMedia?.transports.keys() ?? [])].sort();

  it('re-attaches a client that comes back within the grace to the same peer and transports', async () => {
    const chair = await as('vp.hatinh');
    await joinWithMedia(chair, meetingId, { audio: true });
    const first = await as('xa.thachha');
    const joined = await joinWithMedia(first, meetingId, { audio: true });
    const peerId = joined.joined.peerId;
    const kept = transportsOf(peerId);
    expect(kept).toHaveLength(2);

    first.close();
    await chair.next('peerUpdated', (p) => p.peerId === peerId && !p.connected);
    // Still there with its media: nobody was told it left.
    expect(transportsOf(peerId)).toEqual(kept);
    expect(chair.events.some((e) => e.name === 'peerLeft')).toBe(false);

    const back = await as('xa.thachha');
    const again = await back.call('join', { meetingId, siteSessionId: first.siteSessionId, resume: true });
    expect(again).toMatchObject({ resumed: true, peerId, state: 'admitted' });
    const ice = await back.call('restartIce', { transportId: joined.send.id });
    expect(ice.iceParameters.usernameFragment).toBeTruthy();
    // Past the grace period the peer is still open: the re-attach stopped the timer.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(transportsOf(peerId)).toEqual(kept);

    await live.app.presence.writes.idle();
    const kinds = (await live.db.select().from(attendanceEvents).where(eq(attendanceEvents.meetingId, meetingId)).orderBy(asc(attendanceEvents.id)))
      .filter((e) => e.sessionId === first.siteSessionId).map((e) => e.kind);
    expect(kinds).toEqual(['join', 'reconnect']);
    await back.call('leave', {});
    await chair.call('leave', {});
    await eventually(() => live.app.live.size === 0 && tracker.counts().transports === 0, 10_000, 'room closed');
  });

  it('counts a resume on a new socket as a reconnect even when the old socket was not seen to drop (its node died, or its TCP is half-open)', async () => {
    const chair = await as('vp.hatinh');
    await joinWithMedia(chair, meetingId, { audio: true });
    const first = await as('xa.thachha');
    const joined = await joinWithMedia(first, meetingId, { audio: true });
    const dropped = new Promise<void>((resolve) => first.socket.once('disconnect', () => resolve()));
    const back = await as('xa.thachha');
    const again = await back.call('join', { meetingId, siteSessionId: first.siteSessionId, resume: true });
    expect(again).toMatchObject({ resumed: true, peerId: joined.joined.peerId });
    await dropped; // the old socket no longer speaks for the peer
    await live.app.presence.writes.idle();
    const events = (await live.db.select().from(attendanceEvents).where(eq(attendanceEvents.meetingId, meetingId)).orderBy(asc(attendanceEvents.id)))
      .filter((e) => e.sessionId === first.siteSessionId);
    expect(events.map((e) => e.kind)).toEqual(['join', 'reconnect']);
    expect(events[1]!.data).toMatchObject({ resumed: true, gapSeconds: expect.any(Number) });
    await back.call('leave', {});
    await chair.call('leave', {});
    await eventually(() => live.app.live.size === 0 && tracker.counts().transports === 0, 10_000, 'room closed');
  });

  it('closes a peer that does not come back once the grace ends, media and all', async () => {
    const chair = await as('vp.hatinh');
    await joinWithMedia(chair, meetingId, { audio: true });
    const site = await as('xa.thachha');
    const joined = await joinWithMedia(site, meetingId, { audio: true });
    expect(tracker.counts()).toMatchObject({ transports: 4, producers: 2 });
    site.close();
    const left = await chair.next('peerLeft', (p) => p.peerId === joined.joined.peerId, { timeoutMs: 5_000 });
    expect(left.peerId).toBe(joined.joined.peerId);
    await eventually(() => tracker.counts().transports === 2, 5_000, 'the dropped peer\'s transports closed');
    expect(tracker.counts()).toMatchObject({ transports: 2, producers: 1, consumers: 0 });

    // Too late to resume: a new peer is made and the client must build its media again.
    const late = await as('xa.thachha');
    const again = await late.call('join', { meetingId, siteSessionId: site.siteSessionId, resume: true });
    expect(again.resumed).toBeUndefined();
    expect(again.peerId).not.toBe(joined.joined.peerId);
  });
});
