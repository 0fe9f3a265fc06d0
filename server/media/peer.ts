import type { types } from 'mediasoup';
import { Conflict, InvalidInput, NotFound } from '../lib/errors.ts';
import type { Direction, MediaPeerEvents, PeerMedia, ProducerData, ViewWant } from './peer-media.ts';
import type { MediaRoom, RoomRouter } from './room.ts';
import type { MediaSource, ReceiveMode } from './types.ts';
import type { PooledWorker } from './worker-pool.ts';

export type { Direction, MediaPeerEvents, ProducerData };

/**
 * The least bandwidth estimate mediasoup shares out among a site's video consumers. Its
 * estimator reads random loss as congestion: on a rural link with 5 % loss it holds a low
 * estimate, and below the lowest simulcast layer's bitrate it sends no video at all (measured at
 * 256 kbit/s: frozen for 18 s, no layer chosen). With this floor the lowest layer (≈ 60–90 kbit/s
 * at half frame rate) always goes out; a link too thin even for that loses packets, and the site's
 * own rule (client/src/live/link-quality.ts) turns it audio-only, which pauses the cameras.
 */
export const MIN_OUTGOING_BITRATE = 150_000;

export interface ConsumerData {
  [key: string]: unknown;
  source: MediaSource;
  /** The client has acknowledged the consumer (`resumeConsumer`); until then it stays paused. */
  acknowledged: boolean;
  /** Not on the site's screen now (live/subscription.ts): paused, kept for a quick return, closed when far off. */
  offscreen: boolean;
  /** When it was last on screen (performance.now(), monotonic): the longest off screen close first. */
  shownAt: number;
  /**
   * The layers its site wants, held back until its first picture has gone out at the lowest
   * spatial layer (`firstLayers`); null once applied, or when the lowest is what is wanted.
   */
  wantedLayers: types.ConsumerLayers | null;
}

/**
 * Where a new video consumer starts, whatever layer its tile wants: the lowest spatial layer.
 * It is the one every sender keeps sending (a sender short of uplink or CPU drops its upper
 * layers first, and turns them on and off again as its estimate moves), and its key frame is
 * the smallest. Started at the top, a consumer waits for a key frame of a layer that may have
 * just stopped until the worker notices (seconds: measured with bench:join, five sites
 * arriving together waited 1 to 4 s after their consumer was resumed). Once the first
 * picture is out, the wanted layers apply and the picture sharpens.
 */
const firstLayers = (wanted: types.ConsumerLayers): types.ConsumerLayers => ({
  spatialLayer: 0, ...(wanted.temporalLayer === undefined ? {} : { temporalLayer: wanted.temporalLayer }),
});

/**
 * The highest spatial layer a consumer receives (layer-demand.ts): what its site wants, even
 * before its first picture (the sender starts that layer meanwhile); none while it is paused
 * after its site acknowledged it (off screen, audio-only); until then it is about to flow.
 */
function wantedLayer(consumer: types.Consumer<ConsumerData>): number {
  if (consumer.closed || (consumer.paused && consumer.appData.acknowledged)) return -1;
  return (consumer.appData.wantedLayers ?? consumer.preferredLayers)?.spatialLayer ?? Number.MAX_SAFE_INTEGER;
}

/**
 * The mediasoup side of one peer: it owns its transports, and through them its producers and
 * consumers. `close()` is the one close path: closing the transports cascades to everything
 * they carry. At most one transport per direction; a new one replaces the old.
 */
export class MediaPeer implements PeerMedia {
  readonly node = null;
  readonly transports = new Map<string, types.WebRtcTransport<{ direction: Direction }>>();
  readonly producers = new Map<string, types.Producer<ProducerData>>();
  readonly consumers = new Map<string, types.Consumer<ConsumerData>>();
  private mode: ReceiveMode = 'full';
  private readonly pending = new WeakMap<types.Consumer<ConsumerData>, Promise<void>>();
  private closedFlag = false;

  readonly room: MediaRoom;
  readonly home: RoomRouter;
  readonly peerId: string;
  private readonly events: MediaPeerEvents;
  constructor(
    room: MediaRoom,
    home: RoomRouter,
    peerId: string,
    events: MediaPeerEvents,
  ) {
    this.room = room;
    this.home = home;
    this.peerId = peerId;
    this.events = events;
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  get rtpCapabilities() {
    return this.room.rtpCapabilities;
  }

  usesWorker(slot: PooledWorker): boolean {
    return this.home.slot === slot;
  }

  counts() {
    return { transports: this.transports.size, producers: this.producers.size, consumers: this.consumers.size };
  }

  async createTransport(direction: Direction) {
    this.assertOpen();
    for (const old of this.transports.values()) if (old.appData.direction === direction) old.close();
    const transport = await this.home.router.createWebRtcTransport<{ direction: Direction }>({
      webRtcServer: this.home.slot.webRtcServer,
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
      // Start low: commune links are often a few hundred kbit/s; BWE raises it when it can.
      initialAvailableOutgoingBitrate: 600_000,
      appData: { direction },
    });
    if (this.closedFlag) {
      transport.close();
      this.assertOpen();
    }
    this.transports.set(transport.id, transport);
    transport.observer.once('close', () => this.transports.delete(transport.id));
    if (direction === 'send') await transport.setMaxIncomingBitrate(2_500_000).catch(() => {});
    else await transport.setMinOutgoingBitrate(MIN_OUTGOING_BITRATE).catch(() => {});
    return transport;
  }

  transport(transportId: string) {
    const transport = this.transports.get(transportId);
    if (!transport) throw new NotFound(`Transport ${transportId}`);
    return transport;
  }

  async connectTransport(transportId: string, dtlsParameters: types.DtlsParameters): Promise<void> {
    await this.transport(transportId).connect({ dtlsParameters });
  }

  restartIce(transportId: string): Promise<types.IceParameters> {
    return this.transport(transportId).restartIce();
  }

  async produce(transportId: string, kind: types.MediaKind, rtpParameters: types.RtpParameters, source: MediaSource, byChair: boolean) {
    const transport = this.transport(transportId);
    if (transport.appData.direction !== 'send') throw new InvalidInput('Transport nhận không gửi được media. / A receive transport cannot produce.');
    if ((source === 'mic') !== (kind === 'audio')) throw new InvalidInput(`Nguồn ${source} không khớp loại ${kind}. / Source ${source} does not match kind ${kind}.`);
    for (const p of this.producers.values()) {
      if (p.appData.source === source) throw new Conflict(`Đã có luồng ${source}. / A ${source} producer already exists; close it first.`);
    }
    const producer = await transport.produce<ProducerData>({ kind, rtpParameters, paused: byChair, appData: { peerId: this.peerId, source, byChair } });
    this.producers.set(producer.id, producer);
    producer.observer.once('close', () => {
      this.producers.delete(producer.id);
      if (!this.closedFlag) this.events.producerClosed(producer.id);
    });
    this.room.addProducer(producer, this.home);
    this.room.layers.addProducer(producer, (spatialLayer) => {
      if (!this.closedFlag) this.events.encodeLayers(producer.id, spatialLayer);
    });
    return producer;
  }

  producer(producerId: string) {
    const producer = this.producers.get(producerId);
    if (!producer) throw new NotFound(`Producer ${producerId}`);
    return producer;
  }

  async closeProducer(producerId: string): Promise<void> {
    this.producer(producerId).close();
  }

  async pauseProducer(producerId: string, byChair: boolean): Promise<boolean> {
    const producer = this.producer(producerId);
    if (producer.paused) return false;
    producer.appData.byChair = byChair;
    await producer.pause();
    return true;
  }

  async resumeProducer(producerId: string, onlyByChair: boolean): Promise<boolean> {
    const producer = this.producer(producerId);
    if (!producer.paused || (onlyByChair && !producer.appData.byChair)) return false;
    producer.appData.byChair = false;
    await producer.resume();
    return true;
  }

  /** Consumes a producer of the meeting on this peer's receive transport, paused until acknowledged. */
  async consume(producerId: string, rtpCapabilities: types.RtpCapabilities, source: MediaSource, preferredLayers?: types.ConsumerLayers, home: string | null = null) {
    const transport = [...this.transports.values()].find((t) => t.appData.direction === 'recv');
    if (!transport) throw new Conflict('Chưa có transport nhận. / Create a receive transport first.');
    // A producer on another node is piped in (before the old consumer goes, so a re-consume keeps the pipe).
    const release = await this.room.acquire(producerId, home);
    try {
      return await this.consumeHere(transport, producerId, rtpCapabilities, source, preferredLayers, release);
    } catch (err) {
      release();
      throw err;
    }
  }

  private async consumeHere(
    transport: types.WebRtcTransport<{ direction: Direction }>, producerId: string, rtpCapabilities: types.RtpCapabilities,
    source: MediaSource, preferredLayers: types.ConsumerLayers | undefined, release: () => void,
  ) {
    // One consumer per producer: consuming again (a client recovering) replaces the old one.
    for (const old of this.consumers.values()) if (old.producerId === producerId) old.close();
    await this.room.ensureOn(producerId, this.home);
    if (!this.home.router.canConsume({ producerId, rtpCapabilities })) {
      throw new InvalidInput('Trình duyệt không giải mã được luồng này. / Your browser cannot decode this stream.');
    }
    const startLow = !!preferredLayers && preferredLayers.spatialLayer > 0;
    const consumer = await transport.consume<ConsumerData>({
      producerId, rtpCapabilities, paused: true,
      appData: { source, acknowledged: false, offscreen: false, shownAt: performance.now(), wantedLayers: startLow ? preferredLayers : null },
      ...(preferredLayers ? { preferredLayers: startLow ? firstLayers(preferredLayers) : preferredLayers } : {}),
    });
    if (startLow) {
      // The first layers it sends (layerschange: a key frame went out) are the first picture.
      const onLayers = (layers?: types.ConsumerLayers) => {
        if (!layers) return;
        consumer.off('layerschange', onLayers);
        const wanted = consumer.appData.wantedLayers;
        consumer.appData.wantedLayers = null;
        if (wanted && !consumer.closed && consumer.type !== 'simple') void consumer.setPreferredLayers(wanted).catch(() => {});
      };
      consumer.on('layerschange', onLayers);
    }
    this.consumers.set(consumer.id, consumer);
    this.home.consumers++;
    this.room.layers.addConsumer(consumer, () => wantedLayer(consumer));
    consumer.observer.once('close', () => {
      release();
      this.consumers.delete(consumer.id);
      this.home.consumers--;
      if (!this.closedFlag) this.events.consumerClosed(consumer.id);
    });
    return consumer;
  }

  consumer(consumerId: string) {
    const consumer = this.consumers.get(consumerId);
    if (!consumer) throw new NotFound(`Consumer ${consumerId}`);
    return consumer;
  }

  /** The client is ready: media may flow, unless the site is in audio-only mode and this is camera video. */
  async acknowledge(consumerId: string): Promise<void> {
    const consumer = this.consumer(consumerId);
    consumer.appData.acknowledged = true;
    await this.applyMode(consumer, false);
  }

  async setPreferredLayers(consumerId: string, layers: types.ConsumerLayers): Promise<void> {
    await this.preferLayers(this.consumer(consumerId), layers);
  }

  /** The layers a consumer's site wants: now, or once its first picture is out (`firstLayers`). */
  private async preferLayers(consumer: types.Consumer<ConsumerData>, layers: types.ConsumerLayers): Promise<void> {
    if (consumer.type === 'simple') return;
    if (consumer.appData.wantedLayers) {
      consumer.appData.wantedLayers = layers;
    } else {
      await consumer.setPreferredLayers(layers);
    }
    this.room.layers.changed(consumer.producerId);
  }

  setOffscreen(consumerId: string, offscreen: boolean): Promise<void> {
    return this.placeConsumer(this.consumer(consumerId), offscreen);
  }

  /**
   * The site's screen now: consumers of what it shows flow, the others pause (a quick flip back
   * resumes them), and beyond `keep` of a kind the longest off screen close.
   */
  async applyView(want: ViewWant): Promise<void> {
    if (this.closedFlag) return;
    const video = new Set(want.video), audio = new Set(want.audio);
    const now = performance.now();
    const changes: Promise<void>[] = [];
    for (const c of this.consumers.values()) {
      const on = c.kind === 'video' ? video.has(c.producerId) : audio.has(c.producerId);
      if (on) c.appData.shownAt = now;
      if (c.appData.offscreen === !on) continue;
      // A consumer closing meanwhile (its producer went, here or on another router of the room)
      // has nothing left to pause: the worker may answer "not found" before its close reaches us.
      changes.push(this.placeConsumer(c, !on).catch((err: unknown) => {
        if (!c.closed && !(err instanceof Error && err.name === 'NotFoundError')) throw err;
      }));
    }
    await Promise.all(changes);
    this.closeFarOff('video', want.keep.video);
    this.closeFarOff('audio', want.keep.audio);
  }

  /** Keeps the `keep` most recently shown off-screen consumers of a kind (a flip back is instant) and closes the rest. */
  private closeFarOff(kind: types.MediaKind, keep: number): void {
    const off: types.Consumer<ConsumerData>[] = [];
    for (const c of this.consumers.values()) if (c.kind === kind && c.appData.offscreen) off.push(c);
    if (off.length <= keep) return;
    off.sort((a, b) => a.appData.shownAt - b.appData.shownAt);
    for (const c of off.slice(0, off.length - keep)) c.close();
  }

  /** On or off the site's screen: off pauses it (whatever the client acknowledged), on lets it flow again. */
  private async placeConsumer(consumer: types.Consumer<ConsumerData>, offscreen: boolean): Promise<void> {
    if (!offscreen) consumer.appData.shownAt = performance.now();
    if (consumer.appData.offscreen === offscreen) return;
    consumer.appData.offscreen = offscreen;
    await this.applyMode(consumer, false);
  }

  get receiveMode(): ReceiveMode {
    return this.mode;
  }

  /** audio-only: camera video consumers paused, screen shares kept at their lowest layer. */
  async setReceiveMode(mode: ReceiveMode): Promise<void> {
    const changed = mode !== this.mode;
    this.mode = mode;
    await Promise.all([...this.consumers.values()].map((c) => this.applyMode(c, changed)));
  }

  async attach(): Promise<void> {
    // Its notices go through its maker's events, which follow the peer's socket.
  }

  close(): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    for (const transport of this.transports.values()) transport.close();
    this.transports.clear();
    this.room.releasePeer(this.home);
  }

  /**
   * Pauses or resumes a consumer as its flags say. One consumer's changes run one after the
   * other: mediasoup updates `paused` only when the worker answers, so a resume in flight and a
   * pause deciding from the old value would leave an off-screen consumer flowing.
   */
  private applyMode(consumer: types.Consumer<ConsumerData>, modeChanged: boolean): Promise<void> {
    const run = (this.pending.get(consumer) ?? Promise.resolve()).then(() => this.applyModeNow(consumer, modeChanged));
    const tail = run.catch(() => undefined);
    this.pending.set(consumer, tail);
    void tail.then(() => {
      if (this.pending.get(consumer) === tail) this.pending.delete(consumer);
    });
    return run;
  }

  private async applyModeNow(consumer: types.Consumer<ConsumerData>, modeChanged: boolean): Promise<void> {
    try {
      await this.applyFlags(consumer, modeChanged);
      // Acknowledged and left paused (audio-only) fires no pause: what it wants is read again here.
      this.room.layers.changed(consumer.producerId);
    } catch (err) {
      // Its producer went away while the worker was asked (a site leaving): nothing left to pause.
      if (consumer.closed) return;
      throw err;
    }
  }

  private async applyFlags(consumer: types.Consumer<ConsumerData>, modeChanged: boolean): Promise<void> {
    if (consumer.closed || !consumer.appData.acknowledged) return;
    if (consumer.appData.offscreen) {
      if (!consumer.paused) await consumer.pause();
      return;
    }
    const audioOnly = this.mode === 'audio-only';
    if (consumer.kind === 'video' && consumer.appData.source === 'camera' && audioOnly) {
      if (!consumer.paused) await consumer.pause();
      return;
    }
    // Slides stay readable at the lowest layer; back to the best layer the link allows afterwards.
    if (consumer.appData.source === 'screen' && consumer.type !== 'simple' && (audioOnly || modeChanged)) {
      await this.preferLayers(consumer, audioOnly ? { spatialLayer: 0, temporalLayer: 0 } : { spatialLayer: 2, temporalLayer: 2 });
    }
    if (consumer.paused) await consumer.resume();
  }

  private assertOpen(): void {
    if (this.closedFlag) throw new Conflict('Bạn đã rời phòng họp. / You have left the meeting room.');
  }
}
