import pino from 'pino';
import type { types } from 'mediasoup';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MediaPeer, type MediaPeerEvents } from '../../server/media/peer.ts';
import { MediaRoom, routerCapabilities } from '../../server/media/room.ts';
import { MediaPool } from '../../server/media/worker-pool.ts';
import { eventually } from '../helpers/wait.ts';

const HOLD_MS = 300;

/** A VP8 camera in three simulcast layers, as a browser describes it (no packets are needed). */
const simulcastCamera = (base: number): types.RtpParameters => ({
  mid: '1',
  codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000, parameters: {}, rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }] }],
  headerExtensions: [],
  encodings: [{ ssrc: base }, { ssrc: base + 1 }, { ssrc: base + 2 }],
  rtcp: { cname: `cam-${base}`, reducedSize: true },
});

/**
 * Which simulcast layers a sender is asked to encode (server/media/layer-demand.ts), on real
 * mediasoup workers: the highest any consumer receives, raised at once, lowered after the
 * hold, none counted for a paused or closed consumer; consumers on another router of the room
 * (a pipe of the same producer) count too.
 */
describe('simulcast layers a sender is asked to encode', () => {
  let pool: MediaPool;
  let room: MediaRoom;
  let ssrc = 10_000;
  const told: { producerId: string; spatialLayer: number; at: number }[] = [];
  const events: MediaPeerEvents = {
    consumerClosed: () => {},
    producerClosed: () => {},
    encodeLayers: (producerId, spatialLayer) => told.push({ producerId, spatialLayer, at: performance.now() }),
  };
  const toldTo = (producerId: string) => told.filter((t) => t.producerId === producerId).map((t) => t.spatialLayer);

  const peer = async (name: string) => {
    const media = new MediaPeer(room, await room.routerForPeer(), name, events);
    const send = await media.createTransport('send');
    const recv = await media.createTransport('recv');
    return { media, send, recv };
  };
  const camera = async (sender: Awaited<ReturnType<typeof peer>>) => {
    ssrc += 10;
    return sender.media.produce(sender.send.id, 'video', simulcastCamera(ssrc), 'camera', false);
  };

  beforeAll(async () => {
    pool = await MediaPool.start({ workers: 2, listenIp: '127.0.0.1', basePort: 0, log: pino({ level: 'silent' }) });
  });
  afterEach(() => {
    room?.close();
    told.length = 0;
  });
  afterAll(async () => {
    await pool?.close();
  });

  it('tells a new camera to send its lowest layer, raises it at once for a stage consumer, and lowers it only after the hold', async () => {
    room = await MediaRoom.create(pool, { pipeConsumers: 100, onActiveSpeaker: () => {}, layerHoldMs: HOLD_MS });
    const sender = await peer('sender');
    const viewer = await peer('viewer');
    const producer = await camera(sender);
    // Told before its produce answered: nobody receives it yet.
    expect(toldTo(producer.id)).toEqual([0]);

    // On a stage (layer 2 wanted): it starts at layer 0 for its first picture, but the sender is asked for layer 2 now.
    const consumer = await viewer.media.consume(producer.id, routerCapabilities, 'camera', { spatialLayer: 2 });
    expect(consumer.preferredLayers?.spatialLayer).toBe(0);
    expect(toldTo(producer.id)).toEqual([0, 2]);
    await viewer.media.acknowledge(consumer.id);

    // Shown small: still layer 2 during the hold, then the lowest.
    await viewer.media.setPreferredLayers(consumer.id, { spatialLayer: 0 });
    const loweredAt = performance.now();
    expect(toldTo(producer.id)).toEqual([0, 2]);
    await eventually(() => toldTo(producer.id).length === 3, 5_000, 'lowered');
    expect(toldTo(producer.id)).toEqual([0, 2, 0]);
    expect(told.at(-1)!.at - loweredAt).toBeGreaterThanOrEqual(HOLD_MS - 20);
    expect(room.layers.told(producer.id)).toBe(0);
  });

  it('does not lower a layer wanted again within the hold, and counts the highest of several viewers', async () => {
    room = await MediaRoom.create(pool, { pipeConsumers: 100, onActiveSpeaker: () => {}, layerHoldMs: HOLD_MS });
    const sender = await peer('sender');
    const [a, b] = [await peer('a'), await peer('b')];
    const producer = await camera(sender);
    const ca = await a.media.consume(producer.id, routerCapabilities, 'camera', { spatialLayer: 1 });
    const cb = await b.media.consume(producer.id, routerCapabilities, 'camera', { spatialLayer: 2 });
    await Promise.all([a.media.acknowledge(ca.id), b.media.acknowledge(cb.id)]);
    expect(toldTo(producer.id)).toEqual([0, 1, 2]);
    // The active speaker moves away and back within the hold: the sharp layer is never turned off.
    await b.media.setPreferredLayers(cb.id, { spatialLayer: 0 });
    await b.media.setPreferredLayers(cb.id, { spatialLayer: 2 });
    await new Promise((resolve) => setTimeout(resolve, HOLD_MS * 2));
    expect(toldTo(producer.id)).toEqual([0, 1, 2]);
    // b leaves: a still shows it at layer 1.
    cb.close();
    await eventually(() => room.layers.told(producer.id) === 1, 5_000, 'lowered to what a receives');
    expect(toldTo(producer.id)).toEqual([0, 1, 2, 1]);
  });

  it('counts nothing for a consumer paused off screen, and a consumer on another router of the room through its pipe', async () => {
    // One consumer per router: the second viewer goes to a router on the other worker.
    room = await MediaRoom.create(pool, { pipeConsumers: 1, onActiveSpeaker: () => {}, layerHoldMs: HOLD_MS });
    const sender = await peer('sender');
    const near = await peer('near');
    const producer = await camera(sender);
    const c1 = await near.media.consume(producer.id, routerCapabilities, 'camera', { spatialLayer: 1 });
    await near.media.acknowledge(c1.id);
    const far = await peer('far');
    expect(far.media.home.router.id).not.toBe(sender.media.home.router.id);
    const c2 = await far.media.consume(producer.id, routerCapabilities, 'camera', { spatialLayer: 2 });
    await far.media.acknowledge(c2.id);
    expect(toldTo(producer.id)).toEqual([0, 1, 2]);
    // Off the far viewer's screen (paused at the server): only the near one's layer 1 is wanted.
    await far.media.setOffscreen(c2.id, true);
    expect(c2.paused).toBe(true);
    await eventually(() => room.layers.told(producer.id) === 1, 5_000, 'lowered to layer 1');
    // The near viewer goes audio-only: its camera consumer pauses, nothing above the lowest is wanted.
    await near.media.setReceiveMode('audio-only');
    await eventually(() => room.layers.told(producer.id) === 0, 5_000, 'lowered to layer 0');
    // Back on screen: raised at once.
    await far.media.setOffscreen(c2.id, false);
    expect(room.layers.told(producer.id)).toBe(2);
    expect(toldTo(producer.id)).toEqual([0, 1, 2, 1, 0, 2]);
  });

  it('leaves microphones and single-layer video alone', async () => {
    room = await MediaRoom.create(pool, { pipeConsumers: 100, onActiveSpeaker: () => {}, layerHoldMs: HOLD_MS });
    const sender = await peer('sender');
    const mic = await sender.media.produce(sender.send.id, 'audio', {
      mid: '0', codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2, parameters: {}, rtcpFeedback: [] }],
      headerExtensions: [], encodings: [{ ssrc: 5 }], rtcp: { cname: 'mic', reducedSize: true },
    }, 'mic', false);
    const single = { ...simulcastCamera(7_000), encodings: [{ ssrc: 7_000 }] };
    const screen = await sender.media.produce(sender.send.id, 'video', single, 'screen', false);
    expect(room.layers.told(mic.id)).toBeNull();
    expect(room.layers.told(screen.id)).toBeNull();
    expect(told).toEqual([]);
  });
});
