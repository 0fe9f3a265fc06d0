import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { meetings } from '../../server/meetings/schema.ts';
import { startTestApp, type TestServer } from '../helpers/app.ts';
import { connectLive, siteClients, fakeDtlsParameters, fakeRtpParameters, insertMeeting, joinWithMedia, userIds } from '../helpers/live.ts';

/**
 * Signalling of the live room over a real socket.io connection to the app, with real mediasoup
 * workers: who gets in, the lobby, the lock, chair controls and what they do to server-side
 * producers and consumers.
 */
describe('live signalling', () => {
  let live: TestServer;
  let bodyOf: Record<string, { id: string; bodyId: string }>;
  const { as, closeAll } = siteClients(() => live);
  const meetingWith = (usernames: string[], extra: Partial<Parameters<typeof insertMeeting>[1]> = {}) =>
    insertMeeting(live.db, { invitees: usernames.map((u) => ({ bodyId: bodyOf[u]!.bodyId })), ...extra });
  const serverPeer = (meetingId: string, peerId: string) => live.app.live.get(meetingId)!.peers.get(peerId)!;

  beforeAll(async () => {
    live = await startTestApp({ listen: true, mediaWorkers: 2 });
    bodyOf = await userIds(live.db, ['vp.hatinh', 'xa.thachha', 'xa.canloc', 'p.thanhsen']);
  });
  afterEach(closeAll);
  afterAll(() => live?.close());

  it('refuses a socket without a session, an uninvited body, bad payloads and unknown methods', async () => {
    await expect(connectLive(live.url, null)).rejects.toThrow('unauthenticated');
    const meeting = await meetingWith(['xa.thachha']);
    const canloc = await as('xa.canloc');
    expect(await canloc.refused('join', { meetingId: meeting.id, siteSessionId: canloc.siteSessionId })).toBe('forbidden');
    expect(live.app.live.get(meeting.id)).toBeUndefined();
    expect(await canloc.refused('join', { meetingId: 'not-a-uuid', siteSessionId: canloc.siteSessionId })).toBe('invalid_input');
    expect(await canloc.refused('join', { meetingId: '00000000-0000-4000-8000-000000000000', siteSessionId: canloc.siteSessionId })).toBe('not_found');
    expect(await canloc.refused('createTransport', { direction: 'send' })).toBe('conflict');
    expect(await canloc.refused('mute', { peerId: 'someone' })).toBe('conflict');
    const unknown = await new Promise<{ error: { code: string } }>((resolve) => canloc.socket.emit('nonsense', {}, resolve));
    expect(unknown.error.code).toBe('not_found');
    const draft = await meetingWith(['xa.canloc'], { status: 'draft' });
    expect(await canloc.refused('join', { meetingId: draft.id, siteSessionId: canloc.siteSessionId })).toBe('conflict');
  });

  it('holds participants who come before the start time in the lobby until the chair admits them', async () => {
    const meeting = await meetingWith(['xa.thachha'], { startsAt: new Date(Date.now() + 3600_000) });
    const commune = await as('xa.thachha');
    const early = await commune.join(meeting.id);
    expect(early).toMatchObject({ state: 'lobby', role: 'participant', peers: [], producers: [] });
    expect(early.routerRtpCapabilities).toBeUndefined();
    expect(await commune.refused('createTransport', { direction: 'send' })).toBe('forbidden');

    const chair = await as('vp.hatinh');
    const waiting = chair.next('lobby', (l) => l.waiting.length === 1);
    const chairJoin = await chair.join(meeting.id);
    expect(chairJoin).toMatchObject({ role: 'chair', state: 'admitted', peers: [] });
    expect(chairJoin.routerRtpCapabilities?.codecs?.length).toBeGreaterThan(0);
    expect((await waiting).waiting[0]).toMatchObject({ peerId: early.peerId, siteName: expect.stringContaining('Thạch Hà') });
    // An hour early, the chair's coming in does not start the meeting (issue #9).
    const [row] = await live.db.select().from(meetings).where(eq(meetings.id, meeting.id));
    expect(row!.status).toBe('invited');

    expect(await commune.refused('admit', { peerId: early.peerId })).toBe('forbidden');
    const admitted = commune.next('admitted');
    const joined = chair.next('peerJoined');
    await chair.call('admit', { peerId: early.peerId });
    expect((await admitted).routerRtpCapabilities.codecs?.length).toBeGreaterThan(0);
    expect((await admitted).peers.map((p) => p.peerId)).toEqual([chairJoin.peerId]);
    expect(await joined).toMatchObject({ peerId: early.peerId, state: 'admitted' });
    await commune.call('createTransport', { direction: 'send' });
    expect(await chair.refused('admit', { peerId: early.peerId })).toBe('conflict');
  });

  it('opens both transports with the answer that lets a site in, when its join asks (no createTransport round trip)', async () => {
    const meeting = await meetingWith(['xa.thachha', 'xa.canloc'], { startsAt: new Date(Date.now() + 3600_000) });
    const chair = await as('vp.hatinh');
    const chairJoin = await chair.join(meeting.id, { transports: true });
    const { send, recv } = chairJoin.transports!;
    expect(send.id).not.toBe(recv.id);
    for (const t of [send, recv]) {
      expect(t.iceCandidates.map((c) => c.protocol).sort()).toEqual(['tcp', 'udp']);
      expect(t.dtlsParameters.fingerprints.length).toBeGreaterThan(0);
    }
    const room = live.app.live.get(meeting.id)!;
    const media = room.peers.get(chairJoin.peerId)!.localMedia!;
    expect([...media.transports.keys()].sort()).toEqual([send.id, recv.id].sort());
    // They are the peer's own: it connects the one it was given.
    await chair.call('connectTransport', { transportId: recv.id, dtlsParameters: fakeDtlsParameters });

    // In the lobby nothing is opened; the admission brings them.
    const commune = await as('xa.thachha');
    const early = await commune.join(meeting.id, { transports: true });
    expect(early.state).toBe('lobby');
    expect(early.transports).toBeUndefined();
    const admitted = commune.next('admitted');
    await chair.call('admit', { peerId: early.peerId });
    const given = (await admitted).transports!;
    expect(room.peers.get(early.peerId)!.localMedia!.transports.has(given.recv.id)).toBe(true);

    // A join that does not ask gets none (it makes them itself).
    const other = await as('xa.canloc');
    const plain = await other.join(meeting.id);
    const letIn = other.next('admitted');
    await chair.call('admit', { peerId: plain.peerId });
    expect((await letIn).transports).toBeUndefined();
    expect(room.peers.get(plain.peerId)!.localMedia!.transports.size).toBe(0);
  });

  it('answers the page a join asks for with the join: its sites and what the site may consume, as showPage would', async () => {
    const meeting = await meetingWith(['xa.thachha', 'xa.canloc', 'p.thanhsen']);
    const chair = await as('vp.hatinh');
    const sender = await joinWithMedia(chair, meeting.id, { audio: true, video: true });
    const canloc = await as('xa.canloc');
    const other = await joinWithMedia(canloc, meeting.id, { audio: true });
    const commune = await as('xa.thachha');
    const joined = await commune.join(meeting.id, { transports: true, view: { page: 0, pageSize: 4, gridLayer: 1 } });
    const view = joined.view!;
    expect(view).toMatchObject({ page: 0, pageSize: 4 });
    // The chủ trì's camera (on its stage) and the microphones: consumable at once, without showPage.
    expect(view.subscription.video).toEqual([sender.video]);
    expect([...view.subscription.audio].sort()).toEqual([sender.audio, other.audio].sort());
    const again = (await commune.call('showPage', { page: 0, pageSize: 4, gridLayer: 1 })).subscription;
    expect(again.video).toEqual(view.subscription.video);
    expect([...again.audio].sort()).toEqual([...view.subscription.audio].sort());
    await commune.call('consume', { producerId: sender.video!, rtpCapabilities: joined.routerRtpCapabilities! });
    // A join without a page, or one waiting in the lobby, gets none.
    expect((await (await as('xa.canloc')).join(meeting.id)).view).toBeUndefined();
    await chair.call('lock', { locked: true });
    const late = await (await as('p.thanhsen')).join(meeting.id, { view: { page: 0, pageSize: 4 } });
    expect(late.state).toBe('lobby');
    expect(late.view).toBeUndefined();
    expect(await commune.refused('join', { meetingId: meeting.id, siteSessionId: commune.siteSessionId, view: { page: 0, pageSize: 99 } })).toBe('invalid_input');
  });

  it('tells a consume of a simulcast camera the layer its place wants (stage: the top, grid: the page\'s), so the client need not ask again', async () => {
    const meeting = await meetingWith(['xa.thachha', 'xa.canloc']);
    const simulcast = (ssrc: number) => ({ ...fakeRtpParameters('video', ssrc), encodings: [{ ssrc }, { ssrc: ssrc + 1 }, { ssrc: ssrc + 2 }] });
    const camera = async (client: Awaited<ReturnType<typeof as>>, ssrc: number) => {
      const { send } = await joinWithMedia(client, meeting.id);
      return (await client.call('produce', { transportId: send.id, kind: 'video', source: 'camera', rtpParameters: simulcast(ssrc) })).producerId;
    };
    const chairCamera = await camera(await as('vp.hatinh'), 7_100_000);
    const siteCamera = await camera(await as('xa.canloc'), 7_200_000);
    const viewer = await as('xa.thachha');
    const joined = await viewer.join(meeting.id, { transports: true, view: { page: 0, pageSize: 4, gridLayer: 1 } });
    const caps = joined.routerRtpCapabilities!;
    expect(joined.view!.subscription.video.sort()).toEqual([chairCamera, siteCamera].sort());
    expect(await viewer.call('consume', { producerId: chairCamera, rtpCapabilities: caps })).toMatchObject({ type: 'simulcast', spatialLayer: 2 });
    expect(await viewer.call('consume', { producerId: siteCamera, rtpCapabilities: caps })).toMatchObject({ type: 'simulcast', spatialLayer: 1 });
  });

  it('sends newcomers to the lobby while the room is locked, but lets a reconnecting site back in', async () => {
    const meeting = await meetingWith(['xa.thachha', 'xa.canloc']);
    const chair = await as('vp.hatinh');
    await chair.join(meeting.id);
    const thachha = await as('xa.thachha');
    expect((await thachha.join(meeting.id)).state).toBe('admitted');
    await chair.call('lock', { locked: true });
    await thachha.next('locked', (l) => l.locked, { past: true });
    const canloc = await as('xa.canloc');
    expect((await canloc.join(meeting.id)).state).toBe('lobby');
    // Same site session on a new connection (a dropped link): straight back in, the old peer replaced.
    const again = await as('xa.thachha');
    const replaced = thachha.next('removed');
    const back = await again.call('join', { meetingId: meeting.id, siteSessionId: thachha.siteSessionId });
    expect(back.state).toBe('admitted');
    expect((await replaced).reason).toBe('replaced');
    expect(live.app.live.get(meeting.id)!.admitted()).toHaveLength(2);
  });

  it('gives simultaneous first joins one media room and one router', async () => {
    const meeting = await meetingWith(['xa.thachha', 'xa.canloc', 'p.thanhsen']);
    const people = await Promise.all(['vp.hatinh', 'xa.thachha', 'xa.canloc', 'p.thanhsen'].map(as));
    const joins = await Promise.all(people.map((p) => p.join(meeting.id)));
    expect(joins.every((j) => j.state === 'admitted')).toBe(true);
    const routers = new Set(live.app.live.get(meeting.id)!.admitted().map((p) => p.localMedia!.home.router.id));
    expect(routers.size).toBe(1);
    const perWorker = await Promise.all(live.app.media!.workers.map(async (w) => (await w.worker.dump()).routerIds));
    expect(perWorker.flat().filter((id) => routers.has(id))).toHaveLength(1);
  });

  it('mutes a participant on the server: its producer is paused and it cannot unmute itself until unmuted', async () => {
    const meeting = await meetingWith(['xa.thachha', 'xa.canloc']);
    const chair = await as('vp.hatinh');
    await chair.join(meeting.id);
    const commune = await as('xa.thachha');
    const { joined, audio } = await joinWithMedia(commune, meeting.id, { audio: true });
    const producer = serverPeer(meeting.id, joined.peerId).localMedia!.producers.get(audio!)!;
    expect(producer.paused).toBe(false);

    const told = commune.next('producerPaused', (e) => e.producerId === audio);
    await chair.call('mute', { peerId: joined.peerId });
    expect(producer.paused).toBe(true);
    expect(await told).toMatchObject({ peerId: joined.peerId, byChair: true });
    expect(await commune.refused('resumeProducer', { producerId: audio! })).toBe('forbidden');
    expect(producer.paused).toBe(true);

    await chair.call('unmute', { peerId: joined.peerId });
    expect(producer.paused).toBe(true);
    await commune.call('resumeProducer', { producerId: audio! });
    expect(producer.paused).toBe(false);

    const canloc = await as('xa.canloc');
    const other = await joinWithMedia(canloc, meeting.id, { audio: true });
    await chair.call('muteAll', {});
    expect(producer.paused).toBe(true);
    expect(serverPeer(meeting.id, other.joined.peerId).localMedia!.producers.get(other.audio!)!.paused).toBe(true);
    // A microphone produced while muted starts paused.
    await commune.call('closeProducer', { producerId: audio! });
    const { producerId } = await commune.call('produce', { transportId: (await commune.call('createTransport', { direction: 'send' })).id, kind: 'audio', source: 'mic', rtpParameters: fakeRtpParameters('audio') });
    expect(serverPeer(meeting.id, joined.peerId).localMedia!.producers.get(producerId)!.paused).toBe(true);
  });

  it('creates consumers paused, resumes them on acknowledgement, and pauses camera video in audio-only mode', async () => {
    const meeting = await meetingWith(['xa.thachha', 'xa.canloc']);
    const chair = await as('vp.hatinh');
    const sender = await joinWithMedia(chair, meeting.id, { audio: true, video: true });
    const commune = await as('xa.thachha');
    const { joined } = await joinWithMedia(commune, meeting.id);
    expect(joined.producers.map((p) => p.producerId).sort()).toEqual([sender.audio, sender.video].sort());
    const caps = joined.routerRtpCapabilities!;
    const media = () => serverPeer(meeting.id, joined.peerId).localMedia!;
    const video = await commune.call('consume', { producerId: sender.video!, rtpCapabilities: caps });
    expect(video).toMatchObject({ kind: 'video', producerId: sender.video });
    expect(media().consumers.get(video.consumerId)!.paused).toBe(true);
    await commune.call('resumeConsumer', { consumerId: video.consumerId });
    expect(media().consumers.get(video.consumerId)!.paused).toBe(false);

    await commune.call('setReceiveMode', { mode: 'audio-only', reason: 'auto' });
    expect(media().consumers.get(video.consumerId)!.paused).toBe(true);
    const updated = await chair.next('peerUpdated', (p) => p.peerId === joined.peerId, { past: true });
    expect(updated.receiveMode).toBe('audio-only');
    await commune.call('setReceiveMode', { mode: 'full', reason: 'auto' });
    expect(media().consumers.get(video.consumerId)!.paused).toBe(false);

    const closed = commune.next('consumerClosed', (e) => e.consumerId === video.consumerId);
    const producerClosed = commune.next('producerClosed', (e) => e.producerId === sender.video);
    await chair.call('closeProducer', { producerId: sender.video! });
    await closed;
    await producerClosed;
    expect(await commune.refused('consume', { producerId: sender.video!, rtpCapabilities: caps })).toBe('not_found');
  });

  it('removes a site and refuses its rejoin for this meeting', async () => {
    const meeting = await meetingWith(['xa.thachha']);
    const chair = await as('vp.hatinh');
    await chair.join(meeting.id);
    const commune = await as('xa.thachha');
    const { joined } = await joinWithMedia(commune, meeting.id, { audio: true });
    const removed = commune.next('removed');
    const left = chair.next('peerLeft', (e) => e.peerId === joined.peerId);
    await chair.call('remove', { peerId: joined.peerId });
    expect((await removed).reason).toBe('chair');
    await left;
    expect(await commune.refused('join', { meetingId: meeting.id, siteSessionId: commune.siteSessionId })).toBe('forbidden');
    const fresh = await as('xa.thachha');
    expect(await fresh.refused('join', { meetingId: meeting.id, siteSessionId: fresh.siteSessionId })).toBe('forbidden');
  });
});
