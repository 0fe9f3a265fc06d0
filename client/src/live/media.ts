import type { Device, types } from 'mediasoup-client';
import { JoinTimeline } from './join-timeline.ts';
import type { ConsumeResult, IceServer, MediaSource, Methods, PeerTransports, ProducerInfo, TransportParams } from './protocol.ts';

type Request = <M extends keyof Methods>(method: M, payload: Methods[M]['req']) => Promise<Methods[M]['res']>;

/**
 * Camera simulcast: three layers (¼, ½ and full resolution) so the SFU can send each
 * site what its link and tile size afford. Bitrates suit a 720p camera in a meeting room.
 */
const CAMERA_ENCODINGS: types.RtpEncodingParameters[] = [
  { scaleResolutionDownBy: 4, maxBitrate: 150_000, scalabilityMode: 'L1T3' },
  { scaleResolutionDownBy: 2, maxBitrate: 500_000, scalabilityMode: 'L1T3' },
  { scaleResolutionDownBy: 1, maxBitrate: 1_200_000, scalabilityMode: 'L1T3' },
];
/** Slides: a readable low layer for weak links (what audio-only sites still get) and a sharp one. */
const SCREEN_ENCODINGS: types.RtpEncodingParameters[] = [
  { scaleResolutionDownBy: 2, maxBitrate: 250_000 },
  { scaleResolutionDownBy: 1, maxBitrate: 1_500_000 },
];

/** The layers a consumer was last asked for, as compared before asking again. */
const layersKey = (spatialLayer: number, temporalLayer?: number) => `${spatialLayer}/${temporalLayer ?? ''}`;

export interface RemoteMedia {
  consumer: types.Consumer;
  info: ProducerInfo;
}

export type TransportTrouble = { direction: 'send' | 'recv'; state: types.ConnectionState };

/**
 * The mediasoup-client side of one join: a Device loaded with the router's capabilities (the
 * session's, loaded once: device.ts), one send and one recv transport, our producers and the consumers of other sites'
 * media. Local tracks belong to the session, not to the engine, so a rejoin re-produces
 * the same microphone and camera without asking the browser again (`stopTracks: false`).
 */
export class MediaEngine {
  readonly device: Device;
  private send: types.Transport | null = null;
  private recv: types.Transport | null = null;
  private readonly producers = new Map<MediaSource, types.Producer>();
  /** Keyed by producer id: one consumer per remote producer. */
  private readonly consumers = new Map<string, RemoteMedia>();
  /** The highest simulcast layer the server says each of our producers need send (`encodeLayers`), by producer id. */
  private readonly encodeLimits = new Map<string, number>();
  /** Consume requests in flight, by producer id: a second ask waits for the first (two would replace each other at the server). */
  private readonly consuming = new Map<string, Promise<RemoteMedia | null>>();
  private closed = false;

  private readonly request: Request;
  private readonly onTransportState: (trouble: TransportTrouble) => void;
  /** TURN relays (with this join's credentials) besides the server's own candidates: for sites that reach only 443/TCP. */
  private iceServers: IceServer[];
  private readonly timeline: JoinTimeline;
  constructor(
    device: Device,
    request: Request,
    onTransportState: (trouble: TransportTrouble) => void,
    iceServers: IceServer[] = [],
    timeline = new JoinTimeline(),
  ) {
    this.device = device;
    this.request = request;
    this.onTransportState = onTransportState;
    this.iceServers = iceServers;
    this.timeline = timeline;
  }

  /**
   * Both transports: from the parameters the server sent with the admission, or else asked of it
   * together (its answers come one after the other, without a round trip between).
   */
  async createTransports(given?: PeerTransports): Promise<void> {
    const [send, recv] = given
      ? [given.send, given.recv]
      : await Promise.all([this.request('createTransport', { direction: 'send' }), this.request('createTransport', { direction: 'recv' })]);
    if (this.closed) return;
    this.send = this.createTransport('send', send);
    this.recv = this.createTransport('recv', recv);
  }

  private createTransport(direction: 'send' | 'recv', params: TransportParams): types.Transport {
    const options = { ...params, iceServers: this.iceServers };
    const transport = direction === 'send' ? this.device.createSendTransport(options) : this.device.createRecvTransport(options);
    transport.on('connect', ({ dtlsParameters }, callback, errback) => {
      this.request('connectTransport', { transportId: transport.id, dtlsParameters }).then(() => callback(), errback);
    });
    if (direction === 'send') {
      transport.on('produce', ({ kind, rtpParameters, appData }, callback, errback) => {
        // Typed from the server's schema (Methods), which is the authority on valid sources.
        const source = appData['source'] as Methods['produce']['req']['source'];
        this.request('produce', { transportId: transport.id, kind, rtpParameters, source }).then(
          ({ producerId }) => callback({ id: producerId }),
          errback,
        );
      });
    }
    transport.on('connectionstatechange', (state) => {
      if (direction === 'recv' && state === 'connected') this.timeline.mark('recvConnected');
      if (!this.closed) this.onTransportState({ direction, state });
    });
    return transport;
  }

  get sendTransport(): types.Transport | null {
    return this.send;
  }

  get recvTransport(): types.Transport | null {
    return this.recv;
  }

  canProduce(kind: types.MediaKind): boolean {
    return this.device.loaded && this.device.canProduce(kind);
  }

  /** Sends a local track; `paused` starts it muted (a site that joins with its microphone off). */
  async produce(source: MediaSource, track: MediaStreamTrack, paused = false): Promise<types.Producer> {
    if (!this.send) throw new Error('No send transport');
    const options: types.ProducerOptions = { track, stopTracks: false, appData: { source } };
    if (source === 'camera') {
      options.encodings = CAMERA_ENCODINGS;
      options.codecOptions = { videoGoogleStartBitrate: 1000 };
    } else if (source === 'screen') {
      options.encodings = SCREEN_ENCODINGS;
    } else {
      // DTX sends almost nothing during silence; FEC hides some loss on weak links.
      options.codecOptions = { opusDtx: true, opusFec: true };
    }
    const producer = await this.send.produce(options);
    this.producers.set(source, producer);
    producer.on('transportclose', () => {
      this.producers.delete(source);
      this.encodeLimits.delete(producer.id);
    });
    // The server tells a new producer's layers before its answer: applied as soon as the producer
    // exists; and again to the others, in case this offer/answer touched their encodings.
    for (const own of this.producers.values()) this.applyEncodeLimit(own);
    if (paused) {
      producer.pause();
      await this.request('pauseProducer', { producerId: producer.id });
    }
    return producer;
  }

  /**
   * The server says who receives what of our simulcast producer: layers above `spatialLayer`
   * stop being encoded and sent (an unwatched sharp layer costs the site's uplink and CPU),
   * and start again when someone shows this site large.
   */
  limitEncoding(producerId: string, spatialLayer: number): void {
    this.encodeLimits.set(producerId, spatialLayer);
    for (const producer of this.producers.values()) if (producer.id === producerId) this.applyEncodeLimit(producer);
  }

  /**
   * Turns encodings on and off on the RTCRtpSender itself: no offer/answer (mediasoup-client's
   * setMaxSpatialLayer renegotiates the whole send connection each time, which a busy office PC
   * pays for while it is receiving its first pictures), and the server reads nothing of it.
   */
  private applyEncodeLimit(producer: types.Producer): void {
    const limit = this.encodeLimits.get(producer.id);
    const sender = producer.rtpSender;
    if (limit === undefined || producer.closed || producer.kind !== 'video' || !sender) return;
    const parameters = sender.getParameters();
    let changed = false;
    parameters.encodings.forEach((encoding, layer) => {
      if (encoding.active === layer <= limit) return;
      encoding.active = layer <= limit;
      changed = true;
    });
    if (changed) sender.setParameters(parameters).catch((err: unknown) => console.warn('[live] could not change the encodings sent', err));
  }

  /** The highest layer the server last said our producer need send (undefined: not told). */
  encodeLimit(producerId: string): number | undefined {
    return this.encodeLimits.get(producerId);
  }

  producer(source: MediaSource): types.Producer | undefined {
    return this.producers.get(source);
  }

  ownsProducer(producerId: string): MediaSource | null {
    for (const [source, producer] of this.producers) if (producer.id === producerId) return source;
    return null;
  }

  async closeProducer(source: MediaSource): Promise<void> {
    const producer = this.producers.get(source);
    if (!producer) return;
    this.producers.delete(source);
    this.encodeLimits.delete(producer.id);
    producer.close();
    await this.request('closeProducer', { producerId: producer.id });
  }

  /**
   * Receives a remote producer. The server creates the consumer paused; it is resumed
   * only once the local consumer exists, so no packet arrives before it can be decoded.
   */
  consume(info: ProducerInfo): Promise<RemoteMedia | null> {
    if (!this.recv || this.consumers.has(info.producerId)) return Promise.resolve(this.consumers.get(info.producerId) ?? null);
    let pending = this.consuming.get(info.producerId);
    if (!pending) {
      pending = this.consumeNow(info).finally(() => this.consuming.delete(info.producerId));
      this.consuming.set(info.producerId, pending);
    }
    return pending;
  }

  private async consumeNow(info: ProducerInfo): Promise<RemoteMedia | null> {
    const result: ConsumeResult = await this.request('consume', { producerId: info.producerId, rtpCapabilities: this.device.rtpCapabilities });
    const video = result.kind === 'video';
    if (video) this.timeline.mark('videoConsumeAnswered');
    if (this.closed || !this.recv) return null;
    const consumer = await this.recv.consume({
      id: result.consumerId,
      producerId: result.producerId,
      kind: result.kind,
      rtpParameters: result.rtpParameters,
      // The layers the server starts it towards: a tile asking for the same needs no call (setPreferredLayers).
      appData: { peerId: info.peerId, source: info.source, ...(result.spatialLayer === undefined ? {} : { layers: layersKey(result.spatialLayer) }) },
    });
    const remote: RemoteMedia = { consumer, info: { ...info, paused: result.producerPaused } };
    this.consumers.set(info.producerId, remote);
    consumer.on('transportclose', () => this.consumers.delete(info.producerId));
    if (video) this.timeline.mark('videoConsumer');
    await this.request('resumeConsumer', { consumerId: consumer.id });
    if (video) this.timeline.mark('videoResumed');
    return remote;
  }

  remote(producerId: string): RemoteMedia | undefined {
    return this.consumers.get(producerId);
  }

  remotes(): RemoteMedia[] {
    return [...this.consumers.values()];
  }

  /** The server closed a consumer or its producer went away. */
  dropConsumer(match: { producerId?: string; consumerId?: string }): RemoteMedia | null {
    for (const [producerId, remote] of this.consumers) {
      if (producerId === match.producerId || remote.consumer.id === match.consumerId) {
        this.consumers.delete(producerId);
        remote.consumer.close();
        return remote;
      }
    }
    return null;
  }

  /** The layers wanted of a remote video; without `temporalLayer` the server sends up to the highest. */
  async setPreferredLayers(producerId: string, spatialLayer: number, temporalLayer?: number): Promise<void> {
    const remote = this.consumers.get(producerId);
    if (!remote || remote.consumer.kind !== 'video') return;
    const wanted = layersKey(spatialLayer, temporalLayer);
    if (remote.consumer.appData['layers'] === wanted) return;
    remote.consumer.appData['layers'] = wanted;
    await this.request('setPreferredLayers', { consumerId: remote.consumer.id, spatialLayer, ...(temporalLayer === undefined ? {} : { temporalLayer }) });
  }

  /** New TURN credentials (a resumed join): the next ICE restart gathers relay candidates with them. */
  async updateIceServers(iceServers: IceServer[]): Promise<void> {
    this.iceServers = iceServers;
    const open = [this.send, this.recv].filter((t): t is types.Transport => !!t && !t.closed);
    await Promise.all(open.map((transport) => transport.updateIceServers({ iceServers })));
  }

  /** ICE restart on one transport: new ICE credentials from the server, then a local restart. */
  async restartIce(direction: 'send' | 'recv'): Promise<void> {
    const transport = direction === 'send' ? this.send : this.recv;
    if (!transport || transport.closed) return;
    const { iceParameters } = await this.request('restartIce', { transportId: transport.id });
    await transport.restartIce({ iceParameters });
  }

  /** Closing the transports closes every producer and consumer with them; local tracks live on. */
  close(): void {
    this.closed = true;
    this.send?.close();
    this.recv?.close();
    this.send = null;
    this.recv = null;
    this.producers.clear();
    this.consumers.clear();
  }
}
