import { followLinkDecision } from './auto-receive.ts';
import { deviceFor, type LoadedDevice } from './device.ts';
import { bindServerEvents, roomEntry, type EventHost, type RoomEntry } from './events.ts';
import { JoinTimeline } from './join-timeline.ts';
import { LinkMonitor } from './link-monitor.ts';
import { MediaEngine } from './media.ts';
import type { JoinResult, Methods, ProducerInfo, Subscription } from './protocol.ts';
import { adoptRecords, bindRecordEvents } from './records.ts';
import { adoptRoom } from './room-adopt.ts';
import { Signalling, SignallingError } from './signalling.ts';
import { siteSessionId } from './site-session.ts';
import { Changes, emptyFloor, initialState, maySpeak, type LiveState, type Part } from './state.ts';
import { TransportWatch } from './transport-watch.ts';
import { ViewSync } from './view-sync.ts';

export interface SessionOptions {
  meetingId: string;
  /** The body this site attends for (the signed-in account's body). */
  siteName: string;
  displayName: string;
  headcount: number | null;
  audio: MediaStreamTrack | null;
  video: MediaStreamTrack | null;
  micOn: boolean;
  camOn: boolean;
}

/** What the pre-join page got ready (warm-up.ts): the open connection and a loaded device. */
export interface Prepared {
  signalling: Signalling;
  device: Promise<LoadedDevice | null>;
}

/**
 * Refusals of `join` after which trying again cannot help: not invited, removed, meeting
 * not found or over. The same codes from later steps (a media room restarting answers
 * `conflict`) are retried.
 */
const FINAL_JOIN_CODES = new Set(['forbidden', 'not_found', 'unauthenticated', 'invalid_input', 'conflict']);

/** Only a signalling refusal that is not final is worth another try; a browser error is not. */
const retryable = (err: unknown) => err instanceof SignallingError && !err.final;

/**
 * One site in one live meeting: the signalling connection, the media engine of the
 * current join, and the state the page shows. It owns the whole lifecycle — join, lobby,
 * admission, the link monitor, ICE restarts and full rejoins with the same site identity —
 * and one `dispose()` path that releases everything, however the page goes away.
 */
export class LiveSession implements EventHost {
  readonly state: LiveState;
  readonly changes = new Changes();
  readonly signalling: Signalling;
  engine: MediaEngine | null = null;
  readonly tracks: { audio: MediaStreamTrack | null; video: MediaStreamTrack | null; screen: MediaStreamTrack | null };
  readonly monitor: LinkMonitor;
  readonly siteSessionId: string;
  /** Where the first join's time went, step by step (test-hook.ts shows it). */
  readonly timeline = new JoinTimeline();
  private readonly offs: (() => void)[] = [];
  private readonly transports = new TransportWatch({ active: () => !this.disposed && this.signalling.connected, engine: () => this.engine, rejoin: () => this.rejoin() });
  private rejoining: Promise<void> | null = null;
  private disposed = false;
  /** The page of the grid shown and what this site receives (the server is told: showPage). */
  private readonly view = new ViewSync(this);
  /** The engine of the join being entered: it receives already while its own media is being sent (enterRoom). */
  entering: MediaEngine | null = null;
  /** The device every join of this session uses, loaded once (reloaded only if the server's capabilities differ). */
  private device: Promise<LoadedDevice | null>;

  readonly options: SessionOptions;
  constructor(options: SessionOptions, prepared?: Prepared) {
    this.options = options;
    this.state = initialState(options.meetingId);
    this.state.headcount = options.headcount;
    this.state.local = {
      ...this.state.local,
      micOn: options.micOn && !!options.audio,
      camOn: options.camOn && !!options.video,
      hasMic: !!options.audio,
      hasCam: !!options.video,
    };
    this.tracks = { audio: options.audio, video: options.video, screen: null };
    this.siteSessionId = siteSessionId(options.meetingId);
    this.signalling = prepared?.signalling ?? new Signalling();
    this.device = prepared?.device ?? Promise.resolve(null);
    this.monitor = new LinkMonitor(
      async () => (await this.engine?.recvTransport?.getStats()) ?? null,
      (mode) => void followLinkDecision(this, mode),
    );
    // The stage asks for the lowest layer while the link is strained: repaint it when that changes.
    this.monitor.onLowestLayer = () => this.mark('mode');
    this.offs.push(bindServerEvents(this), bindRecordEvents(this));
    this.offs.push(this.signalling.onConnection((change) => void this.onConnection(change.connected, change.reconnected)));
  }

  mark(...parts: Part[]): void {
    if (!this.disposed) this.changes.mark(...parts);
  }

  request<M extends keyof Methods>(method: M, payload: Methods[M]['req']): Promise<Methods[M]['res']> {
    return this.signalling.request(method, payload);
  }

  /** Connects and joins; resolves when in the lobby or the room, or after a refusal (see state.phase). */
  async start(): Promise<void> {
    try {
      await this.signalling.whenConnected();
      this.timeline.mark('connected');
      await this.join();
    } catch (err) {
      this.fail(err);
    }
  }

  private async join(): Promise<void> {
    const { meetingId, displayName } = this.options;
    const headcount = this.state.headcount;
    const view = this.view.request();
    const result = await this.request('join', {
      meetingId,
      siteSessionId: this.siteSessionId,
      transports: true,
      view,
      ...(displayName ? { displayName } : {}),
      ...(headcount ? { headcount } : {}),
    }).catch((err: unknown) => {
      throw err instanceof SignallingError && FINAL_JOIN_CODES.has(err.code) ? new SignallingError(err.code, err.message, true) : err;
    });
    if (this.disposed) return;
    this.timeline.mark('joined');
    this.adopt(result);
    if (result.state === 'lobby' || !result.routerRtpCapabilities) {
      this.state.phase = 'lobby';
      this.mark('phase');
      return; // the `admitted` event continues with enterRoom()
    }
    await this.enterRoom(roomEntry(result, result.routerRtpCapabilities, view));
  }

  private adopt(result: JoinResult): void {
    const s = this.state;
    s.self = { peerId: result.peerId, siteId: result.siteId, siteName: this.options.siteName, role: result.role, displayName: result.displayName, declaredName: result.declaredName };
    s.meeting = result.meeting;
    adoptRoom(this, result);
    // The roll call may have opened, closed or been answered (by this site before a reload) meanwhile.
    const open = result.rollCall ?? null;
    s.rollCall = open && {
      rollCallId: open.rollCallId,
      startedAt: open.startedAt,
      count: open.count,
      dismissed: s.rollCall?.rollCallId === open.rollCallId && s.rollCall.dismissed,
    };
    s.message = null;
    adoptRecords(this, result);
    this.mark('phase', 'lobby', 'message', 'rollCall');
  }

  /** Admitted (at join or later): load the device, open transports, send our media, receive theirs. */
  async enterRoom({ routerRtpCapabilities, iceServers = [], transports, view }: RoomEntry): Promise<void> {
    const loaded = deviceFor(await this.device, routerRtpCapabilities);
    this.device = loaded.catch(() => null);
    const { device } = await loaded;
    if (this.disposed) return;
    this.timeline.mark('deviceLoaded');
    this.engine?.close();
    const engine = new MediaEngine(
      device,
      (method, payload) => this.request(method, payload),
      (trouble) => this.transports.onTrouble(trouble),
      iceServers,
      this.timeline,
    );
    this.engine = engine;
    await engine.createTransports(transports);
    this.timeline.mark('transports');
    // Receiving does not wait for sending: each produce is an offer/answer in the browser and
    // calls to the server, seconds on a busy office PC, and the room is what the person waits to see.
    // The microphone goes out alongside; the camera (a simulcast encoder starting, and calls that
    // would queue ahead of the picture's own at the server) once the first picture is asked for.
    this.entering = engine;
    this.view.firstPicture = null;
    const receiving = this.receive(engine, view);
    try {
      await this.produceMic(engine);
      await receiving;
      // The first picture's consume (receive() has asked for it by now, if the room shows a video being sent).
      await (this.view.firstPicture ?? Promise.resolve());
      if (this.disposed || this.engine !== engine) return;
      await this.produceVideo(engine);
    } finally {
      if (this.entering === engine) this.entering = null;
      this.view.firstPicture = null;
    }
    if (this.disposed || this.engine !== engine) return;
    this.timeline.mark('produced');
    this.state.phase = 'live';
    this.timeline.mark('live');
    this.mark('phase', 'local');
    this.monitor.reset(this.state.receiveMode);
    this.monitor.start();
  }

  /** What this site receives is what it shows: the server answers the page with the subscription, and it is consumed. */
  private async receive(engine: MediaEngine, view?: RoomEntry['view']): Promise<void> {
    if (view) this.view.accept(view.request, view.answer);
    else await this.view.resend();
    if (this.engine === engine && this.state.receiveMode === 'audio-only') {
      await this.request('setReceiveMode', { mode: 'audio-only', reason: this.state.receiveReason ?? 'manual' }).catch(() => {});
    }
  }

  private async produceMic(engine: MediaEngine): Promise<void> {
    const local = this.state.local;
    const { audio } = this.tracks;
    if (audio && engine.canProduce('audio')) {
      // A site that was muted, or may not speak while another holds the floor, starts muted.
      await engine.produce('mic', audio, !local.micOn || local.mutedByChair || !maySpeak(this.state));
    }
  }

  private async produceVideo(engine: MediaEngine): Promise<void> {
    const { video, screen } = this.tracks;
    if (video && engine.canProduce('video')) await engine.produce('camera', video, !this.state.local.camOn);
    if (screen && engine.canProduce('video')) await engine.produce('screen', screen);
  }

  /** This join's media may be received: the room is entered, or being entered with its receive transport made. */
  canReceive(engine: MediaEngine | null = this.engine): engine is MediaEngine {
    return !!engine?.recvTransport && !this.disposed && engine === this.engine && (this.state.phase === 'live' || this.entering === engine);
  }

  consume(info: ProducerInfo): Promise<void> {
    return this.view.consume(info);
  }

  receives(producerId: string): boolean {
    return this.view.receives(producerId);
  }

  /** The stage shows this page of the grid (the server keeps the grid's order and answers with its sites). */
  showPage(page: number, pageSize: number, gridLayer: number): void {
    this.view.show(page, pageSize, gridLayer);
  }

  applySubscription(subscription: Subscription): void {
    this.view.applySubscription(subscription);
  }

  private async onConnection(connected: boolean, reconnected: boolean): Promise<void> {
    if (this.disposed || !this.inMeeting()) return;
    if (!connected) {
      this.state.phase = 'reconnecting';
      this.monitor.stop();
      this.mark('phase');
      return;
    }
    if (!reconnected) return;
    // The server keeps a dropped peer's media for a grace period: re-attach to it and restart
    // ICE on the same transports. Past the grace (or without media here) it is a full rejoin.
    if (await this.resume()) return;
    await this.rejoin();
  }

  /** Re-attaches the kept peer on the new socket; false when the server had nothing to keep. */
  private async resume(): Promise<boolean> {
    const engine = this.engine;
    if (!engine?.sendTransport || !engine.recvTransport || this.rejoining) return false;
    try {
      const result = await this.request('join', { meetingId: this.options.meetingId, siteSessionId: this.siteSessionId, resume: true, transports: true });
      this.state.reconnects += 1;
      if (!result.resumed) {
        // A new peer was made: this engine's transports are gone on the server.
        this.dropMedia();
        this.adopt(result);
        if (result.state === 'lobby' || !result.routerRtpCapabilities) {
          this.state.phase = 'lobby';
          this.mark('phase');
        } else {
          await this.enterRoom(roomEntry(result, result.routerRtpCapabilities));
        }
        return true;
      }
      if (this.disposed || this.engine !== engine) return true;
      this.adopt(result);
      // The relay may be what carried the media: its credentials of the first join may be near their end.
      await engine.updateIceServers(result.iceServers ?? []);
      await Promise.all([engine.restartIce('send'), engine.restartIce('recv')]);
      // Producers that came or went while the link was down: the events were lost with it.
      for (const remote of engine.remotes()) {
        if (!this.state.producers.has(remote.info.producerId)) engine.dropConsumer({ producerId: remote.info.producerId });
      }
      this.state.phase = 'live';
      this.mark('phase', 'producers');
      await this.view.resend();
      this.monitor.start();
      return true;
    } catch (err) {
      console.warn('[live] resume failed, rejoining', err);
      return false;
    }
  }

  /**
   * Full rejoin with the same site identity: drop this join's media objects, join again,
   * re-send the same local tracks. Serialised, retried with backoff until the socket is back.
   */
  rejoin(): Promise<void> {
    if (this.disposed || !this.inMeeting()) return Promise.resolve();
    this.rejoining ??= (async () => {
      this.state.reconnects += 1;
      this.state.phase = 'reconnecting';
      this.mark('phase');
      this.dropMedia();
      let delay = 500;
      while (!this.disposed) {
        try {
          await this.signalling.whenConnected(30_000);
          await this.join();
          return;
        } catch (err) {
          if (!retryable(err)) return this.fail(err);
          await new Promise((resolve) => setTimeout(resolve, delay));
          delay = Math.min(delay * 2, 5_000);
        }
      }
    })().finally(() => {
      this.rejoining = null;
    });
    return this.rejoining;
  }

  private dropMedia(): void {
    this.monitor.stop();
    this.transports.clear();
    this.engine?.close();
    this.engine = null;
    this.entering = null;
    this.state.producers.clear();
    this.state.subscription = { video: new Set(), audio: new Set() };
    this.view.reset();
    this.state.activeSpeaker = null;
    this.mark('producers', 'speaker');
  }

  inMeeting(): boolean {
    return ['connecting', 'lobby', 'live', 'reconnecting'].includes(this.state.phase);
  }

  /** The meeting is over for this site: ended, removed, refused or left. Media stops, no rejoin. */
  finish(phase: 'ended' | 'removed' | 'refused' | 'left', message: string | null = null): void {
    const s = this.state;
    s.phase = phase;
    s.message = message;
    // Nothing of the room outlives it: no floor, roll call or lobby is shown for a room one is not in.
    s.floor = emptyFloor();
    s.rollCall = null;
    s.lobby = [];
    s.local.mutedByChair = false;
    this.dropMedia();
    this.stopLocalTracks();
    this.mark('phase', 'message', 'local', 'floor', 'rollCall', 'lobby');
    this.signalling.close();
  }

  /** A step failed: a site that was already in rejoins by itself; otherwise the page says why and offers to retry. */
  fail(err: unknown): void {
    if (this.disposed) return;
    if (retryable(err) && this.state.self) {
      void this.rejoin(); // joins the rejoin already under way, if any
      return;
    }
    this.finish('refused', err instanceof Error ? err.message : String(err));
  }

  async leave(): Promise<void> {
    if (this.inMeeting() && this.signalling.connected) {
      await Promise.race([this.request('leave', {}).catch(() => {}), new Promise((r) => setTimeout(r, 1_500))]);
    }
    if (this.inMeeting()) this.finish('left');
  }

  stopLocalTracks(): void {
    for (const track of Object.values(this.tracks)) track?.stop();
  }

  /** The one release path: leave if still in, close everything, forget listeners. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    await this.leave();
    this.disposed = true;
    for (const off of this.offs) off();
    this.dropMedia();
    this.stopLocalTracks();
    this.signalling.close();
    this.changes.clear();
  }
}
