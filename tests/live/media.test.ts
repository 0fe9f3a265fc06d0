import dgram from 'node:dgram';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trackMediaObjects } from '../../server/media/counts.ts';
import { capabilitiesForBrowser } from '../../server/media/browser-rtp.ts';
import { MediaRoom, routerCapabilities } from '../../server/media/room.ts';
import { MediaPool } from '../../server/media/worker-pool.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * The media layer on real mediasoup workers, without signalling: pool, routers, transports
 * through the WebRtcServer, serialised router choice and a dead worker being replaced.
 */
describe('media worker pool and rooms', () => {
  const tracker = trackMediaObjects();
  let pool: MediaPool;

  beforeAll(async () => {
    pool = await MediaPool.start({ workers: 2, listenIp: '127.0.0.1', basePort: 0, log: pino({ level: 'silent' }) });
  });
  afterAll(async () => {
    await pool?.close();
    tracker.stop();
  });

  it('starts one worker per slot, each with one WebRtcServer on one UDP and one TCP port', async () => {
    expect(pool.size).toBe(2);
    for (const slot of pool.workers) {
      const dump = await slot.webRtcServer.dump();
      expect(dump.udpSockets).toHaveLength(1);
      expect(dump.tcpServers).toHaveLength(1);
    }
    expect(tracker.counts()).toMatchObject({ workers: 2, webRtcServers: 2, routers: 0 });
  });

  it('creates a router and a WebRtcTransport on the WebRtcServer, and closes them', async () => {
    const room = await MediaRoom.create(pool, { pipeConsumers: 100, onActiveSpeaker: () => {} });
    const entry = await room.routerForPeer();
    const transport = await entry.router.createWebRtcTransport({ webRtcServer: entry.slot.webRtcServer });
    expect(transport.iceCandidates.map((c) => c.protocol).sort()).toEqual(['tcp', 'udp']);
    expect(tracker.counts()).toMatchObject({ routers: 1, transports: 1, rtpObservers: 1 });
    expect((await entry.slot.webRtcServer.dump()).webRtcTransportIds).toEqual([transport.id]);
    room.close();
    expect(transport.closed).toBe(true);
    expect(tracker.counts()).toMatchObject({ routers: 0, transports: 0, rtpObservers: 0 });
    expect((await entry.slot.webRtcServer.dump()).webRtcTransportIds).toEqual([]);
  });

  it('knows before any room what every router answers for its capabilities (what a pre-join page loads)', async () => {
    const room = await MediaRoom.create(pool, { pipeConsumers: 100, onActiveSpeaker: () => {} });
    const entry = await room.routerForPeer();
    expect(routerCapabilities.codecs!.length).toBeGreaterThan(3);
    expect(routerCapabilities).toEqual(capabilitiesForBrowser(entry.router.rtpCapabilities));
    expect(room.rtpCapabilities).toBe(routerCapabilities);
    room.close();
  });

  it('makes one new router, not one per peer, when peers arrive together at a full router (serialised)', async () => {
    const room = await MediaRoom.create(pool, { pipeConsumers: 1, onActiveSpeaker: () => {} });
    const first = await room.routerForPeer();
    first.consumers = 1;
    const entries = await Promise.all(Array.from({ length: 5 }, () => room.routerForPeer()));
    expect(new Set(entries.map((e) => e.router.id)).size).toBe(1);
    expect(entries[0]!.router.id).not.toBe(first.router.id);
    expect(entries[0]!.peers).toBe(5);
    expect(tracker.counts().routers).toBe(2);
    room.close();
    expect(tracker.counts().routers).toBe(0);
  });

  it('moves new peers to a router on another worker once a router has its share of consumers', async () => {
    const room = await MediaRoom.create(pool, { pipeConsumers: 1, onActiveSpeaker: () => {} });
    const first = await room.routerForPeer();
    first.consumers = 1;
    const second = await room.routerForPeer();
    expect(second.router.id).not.toBe(first.router.id);
    expect(second.slot.index).not.toBe(first.slot.index);
    // Every worker now serves this meeting: further peers share the least busy router.
    second.consumers = 1;
    const third = await room.routerForPeer();
    expect([first.router.id, second.router.id]).toContain(third.router.id);
    room.close();
    expect(tracker.counts().routers).toBe(0);
  });

  it('reports the loudest microphone as the active speaker, again when its volume moves, and silence when it stops', async () => {
    const speakers: { id: string | null; volume: number | null }[] = [];
    const room = await MediaRoom.create(pool, { pipeConsumers: 100, onActiveSpeaker: (id, volume) => speakers.push({ id, volume }) });
    const entry = await room.routerForPeer();
    // A plain RTP sender stands in for a browser: Opus packets carrying the audio-level header extension.
    const transport = await entry.router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: true, comedia: true });
    const ssrc = 22222222;
    const producer = await transport.produce({
      kind: 'audio',
      rtpParameters: {
        codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2 }],
        headerExtensions: [{ uri: 'urn:ietf:params:rtp-hdrext:ssrc-audio-level', id: 1 }],
        encodings: [{ ssrc }],
      },
    });
    room.addProducer(producer, entry);
    const socket = dgram.createSocket('udp4');
    let seq = 0;
    let level = 10; // -dBov
    const send = () => {
      const packet = Buffer.alloc(12 + 8 + 20, 0x5a);
      packet.writeUInt8(0x90, 0); // RTP v2 with a header extension
      packet.writeUInt8(111, 1);
      packet.writeUInt16BE(seq++ & 0xffff, 2);
      packet.writeUInt32BE(seq * 960, 4);
      packet.writeUInt32BE(ssrc, 8);
      packet.writeUInt16BE(0xbede, 12); // one-byte extension header, one word
      packet.writeUInt16BE(1, 14);
      packet.writeUInt8(0x10, 16); // id 1, one byte of data
      packet.writeUInt8(0x80 | level, 17); // voice
      packet.fill(0, 18, 20);
      socket.send(packet, transport.tuple.localPort, '127.0.0.1');
    };
    const timer = setInterval(send, 20);
    try {
      await eventually(() => speakers.some((s) => s.id === producer.id), 10_000, 'the producer as active speaker');
      // The same speaker, 30 dB quieter: told again (another node's speaker may now be louder).
      level = 40;
      await eventually(() => speakers.some((s) => s.id === producer.id && s.volume !== null && s.volume <= -34), 10_000, 'the quieter volume reported');
    } finally {
      clearInterval(timer);
    }
    await eventually(() => speakers.at(-1)?.id === null, 10_000, 'silence');
    expect(speakers[0]).toEqual({ id: producer.id, volume: -10 });
    expect(speakers.slice(0, -1).every((s) => s.id === producer.id)).toBe(true);
    // A steady level is not reported again: each report moved by 6 dB or more.
    for (let i = 1; i < speakers.length - 1; i++) expect(Math.abs(speakers[i]!.volume! - speakers[i - 1]!.volume!)).toBeGreaterThanOrEqual(6);
    expect(speakers.at(-1)).toEqual({ id: null, volume: null });
    socket.close();
    room.close();
  });

  it('replaces a worker that dies, and its routers are gone', async () => {
    const room = await MediaRoom.create(pool, { pipeConsumers: 100, onActiveSpeaker: () => {} });
    const entry = await room.routerForPeer();
    const dead = entry.slot;
    const replaced = new Promise<number | undefined>((resolve) => pool.onWorkerDied((d, r) => d === dead && resolve(r?.worker.pid)));
    process.kill(dead.worker.pid, 'SIGKILL');
    const newPid = await replaced;
    expect(newPid).toEqual(expect.any(Number));
    expect(newPid).not.toBe(dead.worker.pid);
    expect(pool.size).toBe(2);
    expect(pool.workers.map((w) => w.index).sort()).toEqual([0, 1]);
    expect(entry.router.closed).toBe(true);
    expect(room.closed).toBe(true);
    expect(room.lostWorker).toBe(dead);
    expect(tracker.counts()).toMatchObject({ workers: 2, routers: 0, transports: 0 });
  });
});
