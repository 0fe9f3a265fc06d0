import type { FastifyBaseLogger } from 'fastify';
import type { types } from 'mediasoup';
import { generateRouterRtpCapabilities } from 'mediasoup/ortc';
import { NotFound, Unavailable } from '../lib/errors.ts';
import { capabilitiesForBrowser, type BrowserRtpCapabilities } from './browser-rtp.ts';
import { LayerDemand } from './layer-demand.ts';
import type { MediaPool, PooledWorker } from './worker-pool.ts';

/** How far the loudest producer's volume moves (dB) before it is reported again (setSpeaker). */
const SPEAKER_VOLUME_STEP = 6;

// A worker died under the room (it closed whole) or every router went: the meeting rebuilds
// its room and its peers rejoin, so the caller is told to try again, not that the server failed.
const roomGone = () => new Unavailable('Phòng họp đang khởi động lại phần media, hãy vào lại. / The media room is restarting; please rejoin.');

/**
 * Opus for speech; VP8, VP9 and H.264 for video (QĐ 444/QĐ-BKHCN lists all three). Opus asks
 * every sender for in-band FEC (a weak commune link loses packets: the next packet carries a
 * coarse copy of the lost one) and DTX (silence costs almost nothing on a thin link); the
 * client asks for both again on its own producer (codecOptions in client/src/live/media.ts).
 */
export const mediaCodecs: types.RouterRtpCodecCapability[] = [
  { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2, parameters: { useinbandfec: 1, usedtx: 1 } },
  { kind: 'video', mimeType: 'video/VP8', clockRate: 90000, parameters: { 'x-google-start-bitrate': 500 } },
  { kind: 'video', mimeType: 'video/VP9', clockRate: 90000, parameters: { 'profile-id': 0, 'x-google-start-bitrate': 500 } },
  {
    kind: 'video', mimeType: 'video/H264', clockRate: 90000,
    parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f', 'level-asymmetry-allowed': 1, 'x-google-start-bitrate': 500 },
  },
];

/**
 * What browsers load their device with: the capabilities every router made from `mediaCodecs`
 * has (mediasoup works them out the same way when it creates a router), for browsers. Known
 * without a room, so a page can load its device before it joins (the `capabilities` call).
 */
export const routerCapabilities: BrowserRtpCapabilities = capabilitiesForBrowser(generateRouterRtpCapabilities(structuredClone(mediaCodecs)));

/** One router of a meeting, on one worker, with the peers and consumers it serves. */
export interface RoomRouter {
  slot: PooledWorker;
  router: types.Router;
  levels: types.AudioLevelObserver;
  peers: number;
  consumers: number;
  /** Loudest producer this router heard in its last interval, or null after silence. */
  loudest: { producerId: string; volume: number } | null;
}

export interface MediaRoomOptions {
  /** Consumers on a router before new peers go to a router on another worker. */
  pipeConsumers: number;
  /** The loudest audio producer of the meeting changed (null: silence), with its volume in dBov. */
  onActiveSpeaker(producerId: string | null, volume: number | null): void;
  /** The active-speaker observer's settings (defaults: the loudest above -60 dBov, every 800 ms). */
  audioLevels?: types.AudioLevelObserverOptions;
  /** Where the room reports what it cannot act on (the app's logger); the console otherwise. */
  log?: Pick<FastifyBaseLogger, 'warn'>;
  /**
   * Several nodes: pipes in a producer whose media is on node `home` (node-pipes.ts); the
   * answer releases it when the consumer that needed it closes.
   */
  fetchRemote?(room: MediaRoom, producerId: string, home: string): Promise<() => void>;
  /** How long a simulcast layer nobody receives is still sent (layer-demand.ts LOWER_AFTER_MS). */
  layerHoldMs?: number;
}

/**
 * The media side of one live meeting. The room owns its routers (and through them the pipe
 * transports between them); peers own their transports. A meeting starts on one router; when
 * that router serves `pipeConsumers` consumers, new peers get a router on a worker the meeting
 * does not use yet, and a producer is piped (router.pipeToRouter) to a router the first time a
 * peer there consumes it — so one large meeting spreads over every core.
 *
 * Router creation is serialised (one `exclusive` chain per room) so that peers arriving
 * together never make two routers where one was meant.
 */
export class MediaRoom {
  readonly routers: RoomRouter[] = [];
  /** Which simulcast layers each sender of the room need send (its consumers' highest). */
  readonly layers: LayerDemand;
  private readonly producerHome = new Map<string, RoomRouter>();
  private readonly pipes = new Map<string, Promise<void>>();
  private chain: Promise<unknown> = Promise.resolve();
  private speaker: string | null = null;
  /** The volume last reported with `speaker`. */
  private speakerVolume: number | null = null;
  private closedFlag = false;
  private readonly closeListeners: (() => void)[] = [];
  /** The worker whose death broke this room, if one did. */
  lostWorker: PooledWorker | null = null;

  private readonly pool: MediaPool;
  private readonly options: MediaRoomOptions;
  private constructor(
    pool: MediaPool,
    options: MediaRoomOptions,
  ) {
    this.pool = pool;
    this.options = options;
    this.layers = new LayerDemand(options.layerHoldMs);
  }

  static async create(pool: MediaPool, options: MediaRoomOptions): Promise<MediaRoom> {
    const room = new MediaRoom(pool, options);
    await room.addRouter(pool.leastLoaded());
    return room;
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /** What browsers load their device with: every router is made from the same codec list. */
  get rtpCapabilities(): BrowserRtpCapabilities {
    if (this.routers.length === 0) throw roomGone();
    return routerCapabilities;
  }

  usesWorker(slot: PooledWorker): boolean {
    return this.routers.some((r) => r.slot === slot);
  }

  /** The router a newly admitted peer should use; the peer count is taken here, returned by `releasePeer`. */
  routerForPeer(): Promise<RoomRouter> {
    return this.exclusive(async () => {
      if (this.closedFlag) throw roomGone();
      let target = this.leastBusy();
      if (target.consumers >= this.options.pipeConsumers) {
        const unused = this.pool.workers.filter((w) => !this.usesWorker(w));
        if (unused.length > 0) target = await this.addRouter(this.pool.leastLoaded(unused));
      }
      target.peers++;
      return target;
    });
  }

  /** A peer left its router; a router nobody uses any more is closed unless it is the last one. */
  releasePeer(entry: RoomRouter): void {
    entry.peers = Math.max(0, entry.peers - 1);
    if (entry.peers === 0 && this.routers.length > 1 && !this.closedFlag) {
      this.removeRouter(entry);
      entry.router.close();
    }
  }

  /** Registers a peer's producer: heard by its router's level observer, closed with its transport. */
  addProducer(producer: types.Producer, home: RoomRouter): void {
    this.producerHome.set(producer.id, home);
    producer.observer.once('close', () => {
      this.producerHome.delete(producer.id);
      for (const key of this.pipes.keys()) if (key.startsWith(`${producer.id}>`)) this.pipes.delete(key);
      if (this.speaker === producer.id) this.setSpeaker(null, null);
    });
    if (producer.kind !== 'audio') return;
    // Not awaited: the producer works without it, it only goes unheard as active speaker.
    home.levels.addProducer({ producerId: producer.id }).catch((err: unknown) => {
      this.warn(
        { err, producerId: producer.id, routerId: home.router.id, producerClosed: producer.closed },
        'audio producer not added to the level observer: it cannot become active speaker',
      );
    });
  }

  /** Makes `producerId` consumable on `target`, piping it from its home router once. */
  async ensureOn(producerId: string, target: RoomRouter): Promise<void> {
    const home = this.producerHome.get(producerId);
    if (!home || home === target) return;
    const key = `${producerId}>${target.router.id}`;
    let pipe = this.pipes.get(key);
    if (!pipe) {
      pipe = home.router.pipeToRouter({ producerId, router: target.router }).then(
        () => undefined,
        (err: unknown) => {
          this.pipes.delete(key);
          throw err;
        },
      );
      this.pipes.set(key, pipe);
    }
    await pipe;
  }

  hasProducer(producerId: string): boolean {
    return this.producerHome.has(producerId);
  }

  /**
   * Makes a producer consumable here: one of this room's, or (several nodes) one whose media is
   * on node `home`, piped in. Answers what releases it once its consumer closes.
   */
  async acquire(producerId: string, home: string | null): Promise<() => void> {
    if (this.producerHome.has(producerId)) return () => {};
    if (!home || !this.options.fetchRemote) throw new NotFound(`Producer ${producerId}`);
    return this.options.fetchRemote(this, producerId, home);
  }

  onClose(listener: () => void): void {
    if (this.closedFlag) listener();
    else this.closeListeners.push(listener);
  }

  /** Closes every router; that closes the peers' transports, producers and consumers too. */
  close(): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    for (const entry of this.routers.splice(0)) entry.router.close();
    this.pipes.clear();
    this.producerHome.clear();
    for (const listener of this.closeListeners.splice(0)) listener();
  }

  private leastBusy(): RoomRouter {
    let best = this.routers[0];
    for (const entry of this.routers) if (best && entry.consumers < best.consumers) best = entry;
    if (!best) throw roomGone();
    return best;
  }

  private async addRouter(slot: PooledWorker): Promise<RoomRouter> {
    const router = await slot.worker.createRouter({ mediaCodecs });
    let levels: types.AudioLevelObserver;
    try {
      levels = await router.createAudioLevelObserver({ maxEntries: 1, threshold: -60, interval: 800, ...this.options.audioLevels });
    } catch (err) {
      // Not yet in `routers`, so nothing else would ever close it.
      router.close();
      throw err;
    }
    const entry: RoomRouter = { slot, router, levels, peers: 0, consumers: 0, loudest: null };
    levels.on('volumes', (volumes) => {
      const top = volumes[0];
      entry.loudest = top ? { producerId: top.producer.id, volume: top.volume } : null;
      this.updateSpeaker();
    });
    levels.on('silence', () => {
      entry.loudest = null;
      this.updateSpeaker();
    });
    router.observer.once('close', () => this.removeRouter(entry));
    // A dead worker takes its routers and every pipe through them: the room cannot go on as it
    // is, so it closes whole and the meeting rebuilds it (its peers are asked to rejoin).
    router.once('workerclose', () => {
      this.lostWorker = slot;
      this.close();
    });
    this.routers.push(entry);
    return entry;
  }

  private removeRouter(entry: RoomRouter): void {
    const at = this.routers.indexOf(entry);
    if (at !== -1) this.routers.splice(at, 1);
    for (const key of this.pipes.keys()) if (key.endsWith(`>${entry.router.id}`)) this.pipes.delete(key);
    if (entry.loudest) {
      entry.loudest = null;
      this.updateSpeaker();
    }
  }

  private updateSpeaker(): void {
    let best: RoomRouter['loudest'] = null;
    for (const entry of this.routers) if (entry.loudest && (!best || entry.loudest.volume > best.volume)) best = entry.loudest;
    this.setSpeaker(best?.producerId ?? null, best?.volume ?? null);
  }

  /**
   * Reports a new loudest producer, and the same one again when its volume has moved by
   * SPEAKER_VOLUME_STEP dB or more: a meeting spread over nodes compares each node's loudest
   * (node-speakers.ts), and a volume left from when it started would keep a speaker who has gone
   * quiet ahead of one speaking on another node. At most once per observer interval (800 ms).
   */
  private setSpeaker(producerId: string | null, volume: number | null): void {
    if (producerId === this.speaker && (producerId === null || Math.abs((volume ?? -127) - (this.speakerVolume ?? -127)) < SPEAKER_VOLUME_STEP)) return;
    this.speaker = producerId;
    this.speakerVolume = volume;
    this.options.onActiveSpeaker(producerId, volume);
  }

  private warn(fields: Record<string, unknown>, message: string): void {
    if (this.options.log) this.options.log.warn(fields, message);
    else console.warn(`[media] ${message}`, fields);
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.chain.then(task, task);
    this.chain = run.catch(() => undefined);
    return run;
  }
}
