import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestServer } from '../helpers/app.ts';
import { AckError, fakeRtpParameters, insertMeeting, joinWithMedia, siteClients, userIds } from '../helpers/live.ts';

/**
 * Calls of one socket run one at a time, in order: a client that fires two calls without
 * waiting for the first ack cannot break the media invariants its handlers check before they
 * await (real mediasoup workers; the calls go out in the same tick).
 */
describe('one socket, one call at a time', () => {
  let live: TestServer;
  let bodyOf: Record<string, { id: string; bodyId: string }>;
  const { as, closeAll } = siteClients(() => live);
  const settled = <T>(calls: Promise<T>[]) => Promise.allSettled(calls);
  const codes = (results: PromiseSettledResult<unknown>[]) =>
    results.map((r) => (r.status === 'fulfilled' ? 'ok' : r.reason instanceof AckError ? r.reason.code : String(r.reason)));

  beforeAll(async () => {
    live = await startTestApp({ listen: true, mediaWorkers: 1 });
    bodyOf = await userIds(live.db, ['vp.hatinh', 'xa.thachha']);
  });
  afterEach(closeAll);
  afterAll(() => live?.close());

  const meeting = () => insertMeeting(live.db, { invitees: [{ bodyId: bodyOf['xa.thachha']!.bodyId }] });
  const mediaOf = (meetingId: string, peerId: string) => live.app.live.get(meetingId)!.peers.get(peerId)!.localMedia!;

  it('keeps one transport per direction when two createTransport calls are in flight', async () => {
    const m = await meeting();
    const chair = await as('vp.hatinh');
    const { peerId } = await chair.join(m.id);
    const results = await settled([chair.call('createTransport', { direction: 'send' }), chair.call('createTransport', { direction: 'send' })]);
    expect(codes(results)).toEqual(['ok', 'ok']);
    const media = mediaOf(m.id, peerId);
    expect([...media.transports.values()].filter((t) => t.appData.direction === 'send')).toHaveLength(1);
    // The second call replaced the first: the surviving transport is the one the last ack named.
    const last = results[1] as PromiseFulfilledResult<{ id: string }>;
    expect([...media.transports.keys()]).toEqual([last.value.id]);
  });

  it('keeps one producer per source when two produce calls are in flight', async () => {
    const m = await meeting();
    const chair = await as('vp.hatinh');
    const { joined, send } = await joinWithMedia(chair, m.id);
    const produce = () => chair.call('produce', { transportId: send.id, kind: 'audio', source: 'mic', rtpParameters: fakeRtpParameters('audio') });
    const results = await settled([produce(), produce()]);
    expect(codes(results)).toEqual(['ok', 'conflict']);
    expect(mediaOf(m.id, joined.peerId).producers.size).toBe(1);
  });

  it('keeps one consumer per producer when two consume calls are in flight', async () => {
    const m = await meeting();
    const chair = await as('vp.hatinh');
    const { audio } = await joinWithMedia(chair, m.id, { audio: true });
    const commune = await as('xa.thachha');
    const { joined } = await joinWithMedia(commune, m.id);
    const rtpCapabilities = joined.routerRtpCapabilities!;
    const consume = () => commune.call('consume', { producerId: audio!, rtpCapabilities });
    const results = await settled([consume(), consume(), consume()]);
    expect(codes(results)).toEqual(['ok', 'ok', 'ok']);
    const consumers = [...mediaOf(m.id, joined.peerId).consumers.values()];
    expect(consumers).toHaveLength(1);
    expect(consumers[0]!.id).toBe((results[2] as PromiseFulfilledResult<{ consumerId: string }>).value.consumerId);
  });

  it('answers in the order the calls were sent', async () => {
    const m = await meeting();
    const chair = await as('vp.hatinh');
    await chair.join(m.id);
    const order: string[] = [];
    await Promise.all([
      chair.call('createTransport', { direction: 'send' }).then(() => order.push('send')),
      chair.call('declareHeadcount', { count: 3 }).then(() => order.push('headcount')),
      chair.call('createTransport', { direction: 'recv' }).then(() => order.push('recv')),
    ]);
    expect(order).toEqual(['send', 'headcount', 'recv']);
  });
});
