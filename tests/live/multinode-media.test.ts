import dgram from 'node:dgram';
import { asc, eq } from 'drizzle-orm';
import type { types } from 'mediasoup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attendanceEvents } from '../../server/attendance/schema.ts';
import type { TestServer } from '../helpers/app.ts';
import { sessionCookie } from '../helpers/app.ts';
import { connectLive, extraSites, fakeRtpParameters, insertMeeting, joinWithMedia, userIds, type LiveClient } from '../helpers/live.ts';
import { startTestNodes, type TestNodes } from '../helpers/nodes.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * Media across nodes (docs/scaling.md, NODE_MEDIA=site): the chủ trì on node A, which owns the
 * meeting; a site on node B whose media stays on B's workers, reached from A through the node link.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('a site\'s media on its own node [postgres]', () => {
  let cluster: TestNodes;
  let a: TestServer, b: TestServer;
  const clients: LiveClient[] = [];
  let meetingId: string;
  let chair: LiveClient, site: LiveClient;
  let siteJoin: Awaited<ReturnType<typeof joinWithMedia>>;
  let ids: { chair: string; site: string };
  let chairCaps: NonNullable<typeof siteJoin['joined']['routerRtpCapabilities']>;

  /** The WebRTC transports each node's worker serves (one worker per node here). */
  const transportsOn = async (node: TestServer) => (await node.app.media!.workers[0]!.webRtcServer.dump()).webRtcTransportIds;
  const rtcPortsOf = async (node: TestServer) => {
    const dump = await node.app.media!.workers[0]!.webRtcServer.dump();
    return { udp: dump.udpSockets[0]!.port, tcp: dump.tcpServers[0]!.port };
  };
  const siteMediaOnB = () => b.app.mediaHost!.peer(meetingId, ids.site);

  afterAll(async () => {
    for (const c of clients) c.close();
    await cluster?.close();
  });

  beforeAll(async () => {
    cluster = await startTestNodes(2, { basePort: 3191, mediaWorkers: 1, config: { NODE_MEDIA: 'site' } });
    [a, b] = cluster.nodes as [TestServer, TestServer];
    const { 'xa.thachha': siteUser } = await userIds(a.db, ['xa.thachha']);
    meetingId = (await insertMeeting(a.db, { status: 'live', invitees: [{ bodyId: siteUser!.bodyId }] })).id;
    chair = await connectLive(a.url, await sessionCookie(a.app, 'vp.hatinh'), 'vp.hatinh');
    site = await connectLive(b.url, await sessionCookie(b.app, 'xa.thachha'), 'xa.thachha');
    clients.push(chair, site);
    const c = await joinWithMedia(chair, meetingId, { audio: true });
    siteJoin = await joinWithMedia(site, meetingId, { audio: true });
    ids = { chair: c.joined.peerId, site: siteJoin.joined.peerId };
    chairCaps = c.joined.routerRtpCapabilities!;
  });

  it('the site on B makes its transports on B: B\'s worker serves them, A\'s does not, and their candidates carry B\'s port', async () => {
    const siteTransports = [siteJoin.send.id, siteJoin.recv.id].sort();
    expect((await transportsOn(b)).sort()).toEqual(siteTransports);
    const onA = await transportsOn(a);
    expect(onA).toHaveLength(2);
    for (const id of siteTransports) expect(onA).not.toContain(id);
    const portsB = await rtcPortsOf(b), portsA = await rtcPortsOf(a);
    expect(portsB.udp).not.toBe(portsA.udp);
    for (const candidate of [...siteJoin.send.iceCandidates, ...siteJoin.recv.iceCandidates]) expect(candidate.port).toBe(portsB[candidate.protocol]);
  });

  it('the owner keeps only its record of the site\'s producer; the producer itself is on B', () => {
    const onOwner = a.app.live.get(meetingId)!.peers.get(ids.site)!;
    expect(onOwner.localMedia).toBeNull();
    expect(onOwner.media?.node).toBe('node-b');
    expect([...onOwner.media!.producers.values()].map((p) => ({ id: p.id, source: p.appData.source, kind: p.kind }))).toEqual([{ id: siteJoin.audio, source: 'mic', kind: 'audio' }]);
    expect([...siteMediaOnB()!.producers.keys()]).toEqual([siteJoin.audio]);
    expect(b.app.live.get(meetingId)).toBeUndefined();
  });

  it('the site\'s simulcast camera on B: B tells the site to encode its lowest layer; a viewer on A, through the pipe, makes it send every layer', async () => {
    const first = site.next('encodeLayers');
    const ssrc = 4_000_000;
    const rtpParameters = { ...fakeRtpParameters('video', ssrc), encodings: [{ ssrc }, { ssrc: ssrc + 1 }, { ssrc: ssrc + 2 }] };
    const { producerId } = await site.call('produce', { transportId: siteJoin.send.id, kind: 'video', source: 'camera', rtpParameters });
    expect(await first).toEqual({ producerId, spatialLayer: 0 });
    // Who watches it on A is not known on B: the pipe's consumer wants every layer.
    const raised = site.next('encodeLayers', (e) => e.producerId === producerId && e.spatialLayer === 2);
    await eventually(async () => (await chair.call('showPage', { page: 0, pageSize: 9 })).subscription.video.includes(producerId), 10_000, 'the camera on the chủ trì\'s page');
    await chair.call('consume', { producerId, rtpCapabilities: chairCaps });
    await raised;
    await site.call('closeProducer', { producerId });
  });

  it('the chủ trì on A mutes the site: its producer on B is paused, and the site may not reopen it', async () => {
    const told = site.next('producerPaused', (e) => e.producerId === siteJoin.audio);
    await chair.call('mute', { peerId: ids.site });
    expect(await told).toMatchObject({ byChair: true });
    expect(siteMediaOnB()!.producers.get(siteJoin.audio!)!.paused).toBe(true);
    expect(await site.refused('resumeProducer', { producerId: siteJoin.audio! })).toBe('forbidden');
    await chair.call('unmute', { peerId: ids.site });
    await site.call('resumeProducer', { producerId: siteJoin.audio! });
    expect(siteMediaOnB()!.producers.get(siteJoin.audio!)!.paused).toBe(false);
  });

  it('the site closes its microphone on B: the chủ trì hears it closed', async () => {
    const closed = chair.next('producerClosed', (e) => e.producerId === siteJoin.audio);
    await site.call('closeProducer', { producerId: siteJoin.audio! });
    await closed;
    expect(a.app.live.get(meetingId)!.peers.get(ids.site)!.media!.producers.size).toBe(0);
    expect(siteMediaOnB()!.producers.size).toBe(0);
  });

  it('the site leaves: its media on B closes, and B keeps no room for the meeting', async () => {
    const left = chair.next('peerLeft', (e) => e.peerId === ids.site);
    await site.call('leave', {});
    await left;
    await eventually(async () => (await transportsOn(b)).length === 0, 5_000, 'B\'s transports closed');
    expect(b.app.mediaHost!.size).toBe(0);
  });

  it('a media worker dies on B under the site\'s media: the owner asks the meeting\'s sites to rejoin, as on its own workers', async () => {
    const again = await joinWithMedia(site, meetingId, { audio: true });
    expect(b.app.mediaHost!.peer(meetingId, again.joined.peerId)).toBeDefined();
    const told = site.next('reconnect');
    const chairTold = chair.next('reconnect');
    process.kill(b.app.media!.workers[0]!.worker.pid, 'SIGKILL');
    expect(await told).toMatchObject({ reason: 'media_worker_restarted' });
    await chairTold;
    expect(b.app.mediaHost!.size).toBe(0);
    expect(a.app.live.get(meetingId)!.peers.get(again.joined.peerId)!.media).toBeNull();
  });
});

/**
 * A producer on node A consumed by sites on node B through the meeting's pipe pair between A
 * and B (docs/scaling.md, steps 2 and 3). The chủ trì's microphone is a PlainTransport on A
 * fed with Opus RTP from this process, as tests/live/media.test.ts does.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('a producer piped from A to the sites on B [postgres]', () => {
  let cluster: TestNodes;
  let a: TestServer, b: TestServer;
  const clients: LiveClient[] = [];
  let meetingId: string;
  let chair: LiveClient;
  let sites: { client: LiveClient; joined: Awaited<ReturnType<typeof joinWithMedia>> }[];
  let mic: string;
  let rtp: { stop(): void };
  let chairCaps: NonNullable<Awaited<ReturnType<typeof joinWithMedia>>['joined']['routerRtpCapabilities']>;

  const pipesOf = (node: TestServer) => {
    const room = node === a ? node.app.live.get(meetingId)?.media.current() : node.app.mediaHost!.room(meetingId);
    return room ? node.app.mediaPipes!.counts(room) : { pairs: 0, producers: 0, consumers: 0 };
  };

  afterAll(async () => {
    rtp?.stop();
    for (const c of clients) c.close();
    await cluster?.close();
  });

  beforeAll(async () => {
    cluster = await startTestNodes(2, { basePort: 3193, mediaWorkers: 1, config: { NODE_MEDIA: 'site', PIPE_MIN_PORT: 45100, PIPE_MAX_PORT: 45199 } });
    [a, b] = cluster.nodes as [TestServer, TestServer];
    const accounts = await extraSites(a.db, 3, 'pipe');
    meetingId = (await insertMeeting(a.db, { status: 'live', invitees: accounts.map((s) => ({ bodyId: s.bodyId })) })).id;
    chair = await connectLive(a.url, await sessionCookie(a.app, 'vp.hatinh'), 'vp.hatinh');
    clients.push(chair);
    const c = await joinWithMedia(chair, meetingId);
    chairCaps = c.joined.routerRtpCapabilities!;
    // The chủ trì's microphone: a plain RTP sender on its own router, produced through signalling like any other.
    const chairMedia = a.app.live.get(meetingId)!.peers.get(c.joined.peerId)!.localMedia!;
    const plain = await chairMedia.home.router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: true, comedia: true, appData: { direction: 'send' } });
    chairMedia.transports.set(plain.id, plain as unknown as types.WebRtcTransport<{ direction: 'send' | 'recv' }>);
    const ssrc = 33333333;
    ({ producerId: mic } = await chair.call('produce', {
      transportId: plain.id, kind: 'audio', source: 'mic',
      rtpParameters: { mid: '0', codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2, parameters: {}, rtcpFeedback: [] }], headerExtensions: [], encodings: [{ ssrc }], rtcp: { cname: 'chair', reducedSize: true } },
    }));
    rtp = sendOpus(plain.tuple.localPort, ssrc);
    sites = [];
    for (const s of accounts) {
      const client = await connectLive(b.url, s.cookie, s.username);
      clients.push(client);
      sites.push({ client, joined: await joinWithMedia(client, meetingId) });
    }
  });

  it('two sites on B consume the chủ trì\'s microphone at once: one pipe pair, one pipe producer on B, one pipe consumer on A', async () => {
    const [s1, s2] = sites as [typeof sites[0], typeof sites[0]];
    const [c1, c2] = await Promise.all([s1, s2].map(({ client, joined }) => client.call('consume', { producerId: mic, rtpCapabilities: joined.joined.routerRtpCapabilities! })));
    expect(c1).toMatchObject({ producerId: mic, kind: 'audio' });
    await s1.client.call('resumeConsumer', { consumerId: c1!.consumerId });
    await s2.client.call('resumeConsumer', { consumerId: c2!.consumerId });
    expect(pipesOf(b)).toEqual({ pairs: 1, producers: 1, consumers: 0 });
    expect(pipesOf(a)).toEqual({ pairs: 1, producers: 0, consumers: 1 });
    // The chủ trì's RTP reaches B: the bytes of its stream as B's consumer sees them grow.
    const consumer = b.app.mediaHost!.peer(meetingId, s1.joined.joined.peerId)!.consumers.get(c1!.consumerId)!;
    const bytes = async () => (await consumer.getStats()).filter((st) => st.type === 'inbound-rtp').reduce((n, st) => n + st.byteCount, 0);
    const before = await bytes();
    await eventually(async () => (await bytes()) > before + 1000, 10_000, 'bytes through the pipe');
  });

  it('the chủ trì pauses its microphone on A: the pipe producer on B pauses, and plays again on resume', async () => {
    const consumerOnB = () => [...b.app.mediaHost!.peer(meetingId, sites[0]!.joined.joined.peerId)!.consumers.values()][0]!;
    const pausedOnB = () => consumerOnB().producerPaused;
    expect(pausedOnB()).toBe(false);
    await chair.call('pauseProducer', { producerId: mic });
    await eventually(pausedOnB, 5_000, 'the pipe producer paused on B');
    await chair.call('resumeProducer', { producerId: mic });
    await eventually(() => !pausedOnB(), 5_000, 'the pipe producer playing on B');
  });

  it('the sites leave: B\'s pipe producer and A\'s pipe consumer close with the last of them; the pair stays while B keeps the room', async () => {
    const [s1, s2] = sites as [typeof sites[0], typeof sites[0]];
    await s1.client.call('leave', {});
    expect(pipesOf(b).producers).toBe(1);
    await s2.client.call('leave', {});
    await eventually(() => pipesOf(b).producers === 0 && pipesOf(a).consumers === 0, 5_000, 'the pipe producer and consumer closed');
    expect(b.app.mediaHost!.room(meetingId)!.hasProducer(mic)).toBe(false);
    expect(pipesOf(b).pairs).toBe(1);
    expect(pipesOf(a).pairs).toBe(1);
  });

  it('a site on B consumes it again: the producer is piped in anew through the same pair', async () => {
    const s3 = sites[2]!;
    const again = await s3.client.call('consume', { producerId: mic, rtpCapabilities: s3.joined.joined.routerRtpCapabilities! });
    expect(again.producerId).toBe(mic);
    expect(pipesOf(b)).toEqual({ pairs: 1, producers: 1, consumers: 0 });
    expect(pipesOf(a)).toEqual({ pairs: 1, producers: 0, consumers: 1 });
  });

  it('the chủ trì on A consumes a site\'s microphone on B: piped the other way through the same pair', async () => {
    const s3 = sites[2]!;
    const { producerId } = await s3.client.call('produce', { transportId: s3.joined.send.id, kind: 'audio', source: 'mic', rtpParameters: fakeRtpParameters('audio') });
    await chair.next('newProducer', (e) => e.producerId === producerId, { past: true });
    const consumed = await chair.call('consume', { producerId, rtpCapabilities: chairCaps });
    expect(consumed.producerId).toBe(producerId);
    expect(pipesOf(a)).toEqual({ pairs: 1, producers: 1, consumers: 1 });
    expect(pipesOf(b)).toEqual({ pairs: 1, producers: 1, consumers: 1 });
  });

  it('the last site leaves B: B\'s room closes with its end of the pair, and A closes its own end', async () => {
    const closed = chair.next('consumerClosed');
    await sites[2]!.client.call('leave', {});
    await closed;
    expect(b.app.mediaHost!.size).toBe(0);
    await eventually(() => pipesOf(a).pairs === 0, 5_000, 'A\'s end of the pair closed');
    expect(pipesOf(a)).toEqual({ pairs: 0, producers: 0, consumers: 0 });
  });
});

/**
 * A site on B whose socket drops and comes back (media grace on): back on B it resumes its kept
 * media there, and B's own notices reach its new socket; back through A (its node may have died)
 * its media cannot follow, so it is made anew on A — a new peer, one presence with a gap.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('a site on B reconnecting [postgres]', () => {
  let cluster: TestNodes;
  let a: TestServer, b: TestServer;
  const clients: LiveClient[] = [];
  let meetingId: string;
  let chair: LiveClient;
  let chairMic: string;
  let first: LiveClient;
  let joined: Awaited<ReturnType<typeof joinWithMedia>>;
  let resumed: LiveClient;

  afterAll(async () => {
    for (const c of clients) c.close();
    await cluster?.close();
  });

  beforeAll(async () => {
    cluster = await startTestNodes(2, { basePort: 3195, mediaWorkers: 1, config: { NODE_MEDIA: 'site', LIVE_MEDIA_GRACE_SECONDS: 30, PIPE_MIN_PORT: 45200, PIPE_MAX_PORT: 45299 } });
    [a, b] = cluster.nodes as [TestServer, TestServer];
    const { 'xa.thachha': siteUser } = await userIds(a.db, ['xa.thachha']);
    meetingId = (await insertMeeting(a.db, { status: 'live', invitees: [{ bodyId: siteUser!.bodyId }] })).id;
    chair = await connectLive(a.url, await sessionCookie(a.app, 'vp.hatinh'), 'vp.hatinh');
    first = await connectLive(b.url, await sessionCookie(b.app, 'xa.thachha'), 'xa.thachha');
    clients.push(chair, first);
    chairMic = (await joinWithMedia(chair, meetingId, { audio: true })).audio!;
    joined = await joinWithMedia(first, meetingId, { audio: true });
  });

  const reconnect = async (node: TestServer) => {
    const client = await connectLive(node.url, await sessionCookie(node.app, 'xa.thachha'), 'xa.thachha');
    clients.push(client);
    return client;
  };

  it('its socket on B drops and it resumes on B: the same peer and media there, and B tells the new socket of a closed consumer', async () => {
    const peerId = joined.joined.peerId;
    const { consumerId } = await first.call('consume', { producerId: chairMic, rtpCapabilities: joined.joined.routerRtpCapabilities! });
    first.close();
    await chair.next('peerUpdated', (p) => p.peerId === peerId && !p.connected);
    resumed = await reconnect(b);
    const again = await resumed.call('join', { meetingId, siteSessionId: first.siteSessionId, resume: true });
    expect(again).toMatchObject({ resumed: true, peerId });
    expect(b.app.mediaHost!.peer(meetingId, peerId)!.consumers.has(consumerId)).toBe(true);
    // The chủ trì closes its microphone: B's consumer of it closes, and B says so to the socket the site is on now.
    const told = resumed.next('consumerClosed', (e) => e.consumerId === consumerId);
    await chair.call('closeProducer', { producerId: chairMic });
    await told;
  });

  it('its socket drops again and it comes back through A: its media on B cannot follow, so a new peer is made with its media on A, one presence with a gap', async () => {
    const peerId = joined.joined.peerId;
    resumed.close();
    await chair.next('peerUpdated', (p) => p.peerId === peerId && !p.connected);
    const onA = await reconnect(a);
    const again = await onA.call('join', { meetingId, siteSessionId: first.siteSessionId, resume: true });
    expect(again.resumed).toBeUndefined();
    expect(again).toMatchObject({ state: 'admitted' });
    expect(again.peerId).not.toBe(peerId);
    expect(a.app.live.get(meetingId)!.peers.get(again.peerId)!.localMedia).not.toBeNull();
    await eventually(() => b.app.mediaHost!.size === 0, 5_000, 'B\'s media of the meeting closed');
    await a.app.presence.writes.idle();
    const kinds = (await a.db.select().from(attendanceEvents).where(eq(attendanceEvents.meetingId, meetingId)).orderBy(asc(attendanceEvents.id)))
      .filter((e) => e.sessionId === first.siteSessionId).map((e) => e.kind);
    expect(kinds).toEqual(['join', 'reconnect', 'reconnect']);
  });
});

/** Opus packets every 20 ms to a comedia PlainTransport on this host. */
function sendOpus(port: number, ssrc: number): { stop(): void } {
  const socket = dgram.createSocket('udp4');
  let seq = 0;
  const timer = setInterval(() => {
    const packet = Buffer.alloc(12 + 40, 0x5a);
    packet.writeUInt8(0x80, 0);
    packet.writeUInt8(111, 1);
    packet.writeUInt16BE(seq++ & 0xffff, 2);
    packet.writeUInt32BE(seq * 960, 4);
    packet.writeUInt32BE(ssrc, 8);
    socket.send(packet, port, '127.0.0.1');
  }, 20);
  return {
    stop: () => {
      clearInterval(timer);
      socket.close();
    },
  };
}
