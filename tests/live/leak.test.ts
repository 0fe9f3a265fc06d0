import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attendanceEvents } from '../../server/attendance/schema.ts';
import { trackMediaObjects } from '../../server/media/counts.ts';
import { startTestApp, type TestServer } from '../helpers/app.ts';
import { connectAs, insertMeeting, joinWithMedia, userIds, type LiveClient } from '../helpers/live.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * Every mediasoup object has one owner and one close path: after many join/leave cycles (with
 * producers, paused-then-resumed consumers and producers piped between routers on two workers)
 * the worker/router/transport/producer/consumer counts are back to zero, as the workers' own
 * dumps confirm. Then shutdown closes the rooms before the pool.
 */
describe('media lifecycle: piping, leaks and shutdown', () => {
  const tracker = trackMediaObjects();
  let live: TestServer;
  let meetingId: string;
  const CYCLES = 30;

  beforeAll(async () => {
    // One consumer per router is enough to send the next peer to another worker.
    // A dropped socket's media is kept 1 s for a re-attach; then the one close path takes it all.
    live = await startTestApp({ listen: true, mediaWorkers: 2, config: { LIVE_PIPE_CONSUMERS: 1, LIVE_MEDIA_GRACE_SECONDS: 1 } });
    const bodyOf = await userIds(live.db, ['xa.thachha', 'xa.canloc']);
    meetingId = (await insertMeeting(live.db, { invitees: [{ bodyId: bodyOf['xa.thachha']!.bodyId }, { bodyId: bodyOf['xa.canloc']!.bodyId }] })).id;
  });
  afterAll(async () => {
    await live?.close();
    tracker.stop();
  });

  const consumeAll = async (client: LiveClient, joined: { routerRtpCapabilities?: unknown }, producerIds: string[]) => {
    for (const producerId of producerIds) {
      const c = await client.call('consume', { producerId, rtpCapabilities: joined.routerRtpCapabilities as never });
      await client.call('resumeConsumer', { consumerId: c.consumerId });
    }
  };

  it('pipes a producer to a router on another worker when the first router is full', async () => {
    const [chair, a, b] = await Promise.all(['vp.hatinh', 'xa.thachha', 'xa.canloc'].map((u) => connectAs(live, u)));
    const c = await joinWithMedia(chair!, meetingId, { audio: true });
    const first = await joinWithMedia(a!, meetingId, { audio: true });
    await consumeAll(a!, first.joined, [c.audio!]);
    const second = await joinWithMedia(b!, meetingId);
    const room = live.app.live.get(meetingId)!;
    const homeOf = (peerId: string) => room.peers.get(peerId)!.localMedia!.home;
    expect(homeOf(second.joined.peerId).router.id).not.toBe(homeOf(first.joined.peerId).router.id);
    expect(homeOf(second.joined.peerId).slot.index).not.toBe(homeOf(first.joined.peerId).slot.index);

    await consumeAll(b!, second.joined, [first.audio!]);
    const dump = await homeOf(second.joined.peerId).router.dump();
    const consumers = dump.mapProducerIdConsumerIds.find((m) => m.key === first.audio)?.values ?? [];
    expect(consumers).toHaveLength(1);
    expect(tracker.counts()).toMatchObject({ routers: 2, consumers: 3 }); // two peer consumers + the pipe consumer
    for (const client of [chair, a, b]) await client!.call('leave', {});
    for (const client of [chair, a, b]) client!.close();
    expect(tracker.counts()).toMatchObject({ routers: 0, transports: 0, producers: 0, consumers: 0 });
  });

  it(`returns every count to zero after ${CYCLES} join/leave cycles`, { timeout: 180_000 }, async () => {
    let peak = { routers: 0, consumers: 0, producers: 0 };
    for (let i = 0; i < CYCLES; i++) {
      const sockets = await Promise.all(['vp.hatinh', 'xa.thachha', 'xa.canloc'].map((u) => connectAs(live, u)));
      const [chair, a, b] = sockets as [LiveClient, LiveClient, LiveClient];
      const c = await joinWithMedia(chair, meetingId, { audio: true, video: true });
      const x = await joinWithMedia(a, meetingId, { audio: true, video: i % 2 === 0 });
      await consumeAll(a, x.joined, [c.audio!, c.video!]);
      const y = await joinWithMedia(b, meetingId, { audio: true });
      await consumeAll(b, y.joined, [c.audio!, x.audio!]);
      await consumeAll(chair, c.joined, [x.audio!, y.audio!]);
      const now = tracker.counts();
      peak = { routers: Math.max(peak.routers, now.routers), consumers: Math.max(peak.consumers, now.consumers), producers: Math.max(peak.producers, now.producers) };
      // Every way of going: leave, a dropped socket, the chair removing someone, the chair going last.
      if (i % 3 === 0) await a.call('leave', {});
      else a.close();
      if (i % 3 === 1) await chair.call('remove', { peerId: y.joined.peerId });
      else b.close();
      // The two that went took all their media with them (and the second router with its pipes).
      // (Consumers of a closed producer are closed by the worker and reported a moment later.)
      const chairOnly = { routers: 1, transports: 2, producers: 2, consumers: 0 };
      await eventually(() => live.app.live.get(meetingId)!.peers.size === 1 && sameCounts(tracker.counts(), chairOnly), 5_000).catch(() => {});
      expect(tracker.counts()).toMatchObject(chairOnly);
      await chair.call('leave', {});
      for (const socket of sockets) socket.close();
      // A removed account stays out until the live session ends; it ends when its last peer goes.
      await eventually(() => live.app.live.size === 0, 10_000, 'live meeting gone');
    }
    expect(peak.routers).toBe(2);
    expect(peak.producers).toBeGreaterThanOrEqual(4);
    expect(peak.consumers).toBeGreaterThanOrEqual(6);

    await eventually(() => tracker.counts().transports === 0, 10_000, 'transports closed');
    expect(tracker.counts()).toEqual({ workers: 2, webRtcServers: 2, routers: 0, transports: 0, producers: 0, consumers: 0, rtpObservers: 0 });
    for (const slot of live.app.media!.workers) {
      expect((await slot.worker.dump()).routerIds).toEqual([]);
      const server = await slot.webRtcServer.dump();
      expect(server.webRtcTransportIds).toEqual([]);
      expect(server.localIceUsernameFragments).toEqual([]);
    }
  });

  it('on shutdown closes the rooms (attendance written) before the workers', async () => {
    const chair = await connectAs(live, 'vp.hatinh');
    await joinWithMedia(chair, meetingId, { audio: true });
    expect(tracker.counts().producers).toBe(1);
    const atWorkerClose: { liveMeetings: number; transports: number }[] = [];
    for (const slot of live.app.media!.workers) {
      slot.worker.observer.once('close', () => atWorkerClose.push({ liveMeetings: live.app.live.size, transports: tracker.counts().transports }));
    }
    await live.closeApp();
    expect(atWorkerClose).toEqual([{ liveMeetings: 0, transports: 0 }, { liveMeetings: 0, transports: 0 }]);
    expect(tracker.counts()).toEqual({ workers: 0, webRtcServers: 0, routers: 0, transports: 0, producers: 0, consumers: 0, rtpObservers: 0 });
    const leaves = await live.db.select().from(attendanceEvents)
      .where(and(eq(attendanceEvents.meetingId, meetingId), eq(attendanceEvents.kind, 'leave')));
    expect(leaves.filter((e) => (e.data as { reason?: string }).reason === 'shutdown')).toHaveLength(1);
    chair.close();
  });
});

function sameCounts(actual: object, expected: object): boolean {
  return Object.entries(expected).every(([k, v]) => (actual as Record<string, number>)[k] === v);
}
