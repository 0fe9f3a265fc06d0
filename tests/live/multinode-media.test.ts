import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestServer } from '../helpers/app.ts';
import { sessionCookie } from '../helpers/app.ts';
import { connectLive, insertMeeting, joinWithMedia, userIds, type LiveClient } from '../helpers/live.ts';
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
});
