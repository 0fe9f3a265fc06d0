import type { FastifyBaseLogger } from 'fastify';
import type { Resource } from '../auth/policy.ts';
import type { Db } from '../db/client.ts';
import { Conflict } from '../lib/errors.ts';
import type { Writes } from '../lib/write-queue.ts';
import type { NodePipes } from '../media/node-pipes.ts';
import type { MediaPool, PooledWorker } from '../media/worker-pool.ts';
import type { MeetingRow } from '../meetings/schema.ts';
import type { UnitIndex } from '../units/unit-index.ts';
import { LiveAgenda } from './agenda.ts';
import { emit } from './emit.ts';
import { FloorControl } from './floor.ts';
import { GridOrder } from './grid-order.ts';
import { MediaGrace } from './grace.ts';
import { Lobby } from './lobby.ts';
import { MeetingMedia } from './meeting-media.ts';
import { StartTimer } from './meeting-start.ts';
import { markEnded, markLive } from './meeting-status.ts';
import { endFloor } from './floor-rules.ts';
import { LiveMessages } from './messages.ts';
import { micAllowed } from './mics.ts';
import type { CloseReason, LiveNamespace, LivePeer } from './peer.ts';
import { PeerAttendance } from './peer-attendance.ts';
import type { PresenceListener } from './presence.ts';
import type { EventName, IceServer, PeerTransports, ProducerStateEvent, ServerEvents, SiteCounts } from './protocol.ts';
import type { RemoteMedia } from './remote-media.ts';
import { RemoteSocket } from './remote-socket.ts';
import { RoomNews } from './room-news.ts';
import { RoomPeers } from './room-peers.ts';
import { roomEntry } from './room-entry.ts';
import { SiteCountsNews } from './site-counts.ts';
import { Subscriptions } from './subscription.ts';
import { openTransports } from './transports.ts';
import { turnCredentials, type TurnSettings } from './turn.ts';

export interface LiveContext {
  db: Db;
  /** Who may read what of the room's records (messages). */
  units: UnitIndex;
  log: FastifyBaseLogger;
  pool: MediaPool | null;
  nsp: LiveNamespace;
  presence: PresenceListener;
  /** The speaker log's writes of a meeting (each meeting its own queue). */
  speakerWrites(meetingId: string): Writes;
  pipeConsumers: number;
  /** Several nodes with media on each site's node: where a remote socket's media is opened (null: here). */
  remoteMedia: RemoteMedia | null;
  pipes: NodePipes | null;
  /** How long a peer whose socket dropped keeps its media for a re-attach (0: closed at once). */
  mediaGraceMs: number;
  /** Sites that may wait in one meeting's lobby at once. */
  lobbyLimit: number;
  /** The TURN relay whose credentials admitted peers get (null: none configured). */
  turn: TurnSettings | null;
  /** The meeting has no peer left: forget it. */
  onEmpty(meeting: LiveMeeting): void;
}

export type { CloseReason };

/**
 * One meeting while its room is open: its peers (lobby and admitted), lock, floor and roll
 * call. Its parts each own one state: the lobby (lobby.ts), the media room (meeting-media.ts),
 * the media grace of dropped links (grace.ts), the start timer (meeting-start.ts). Every way a
 * peer goes away ends in `closePeer` — the one close path — which closes its media, updates the
 * floor and attendance and tells the others.
 *
 * The room opens as a waiting room: sites may come in and test their devices, but attendance
 * counts and the floor and roll call open only once the meeting has started (`start`).
 *
 * Calls of one socket run one at a time, in order (live/call-limits.ts), but handlers of
 * different sockets interleave at every await: between a check and an await's end another
 * peer's handler (or a disconnect) may have closed this peer or the meeting. So what racing
 * calls must see is set before the first await (join puts its peer in place at once), and what
 * an await may have invalidated is checked again after it (admit re-checks that the peer and
 * the meeting are still open).
 */
export class LiveMeeting {
  readonly peers = new RoomPeers();
  readonly floor: FloorControl;
  readonly agenda: LiveAgenda;
  readonly messages: LiveMessages;
  readonly lobby: Lobby;
  readonly media: MeetingMedia;
  readonly grace: MediaGrace;
  /** What attendance is told of the peers (peer-attendance.ts). */
  readonly attendance: PeerAttendance;
  /** What each site receives: its grid page, the stage and the voices (subscription.ts). */
  readonly subscriptions: Subscriptions;
  /** The order of the grid's pages (grid-order.ts). */
  readonly grid = new GridOrder();
  /** Who hears what of each site (room-news.ts). */
  private readonly news: RoomNews;
  private readonly startTimer: StartTimer;
  private readonly countsNews: SiteCountsNews;
  locked = false;
  /** The meeting has started (its status is live): attendance counts, the floor and roll call are open. */
  started: boolean;
  /** The open roll call; its answers by site session, so a site that drops and rejoins keeps its answer. */
  rollCall: { id: string; startedAt: Date; answers: Map<string, number> } | null = null;
  /** Users the chair removed: refused until this live session ends. */
  readonly removedUsers = new Set<string>();
  /** Site sessions admitted once: a reconnect skips the lobby. */
  readonly admittedSessions = new Set<string>();
  private closedFlag = false;
  /** The socket.io rooms of the admitted peers, of the chairs, and of the peers that hear about every site (PeerInfo.roster 'full'). */
  readonly room: string;
  readonly chairsRoom: string;
  readonly rosterRoom: string;

  private readonly ctx: LiveContext;
  meeting: MeetingRow;
  resource: Resource;
  constructor(
    ctx: LiveContext,
    meeting: MeetingRow,
    resource: Resource,
  ) {
    this.ctx = ctx;
    this.meeting = meeting;
    this.resource = resource;
    this.started = meeting.status === 'live';
    [this.room, this.chairsRoom, this.rosterRoom] = [`live:${meeting.id}`, `live:${meeting.id}:chairs`, `live:${meeting.id}:roster`];
    // onLimit runs from a timer: a rejection there would be unhandled (and end the process).
    const onLimit = () => {
      endFloor(this, 'limit').catch((err: unknown) => ctx.log.error({ err, meetingId: meeting.id }, 'floor time limit: could not take the floor back'));
    };
    this.agenda = new LiveAgenda({ db: ctx.db, writes: ctx.speakerWrites(meeting.id), meetingId: meeting.id });
    this.messages = new LiveMessages(ctx.db, meeting.id);
    this.floor = new FloorControl({
      db: ctx.db, writes: ctx.speakerWrites(meeting.id), meetingId: meeting.id, onLimit, currentItem: () => this.agenda.currentItem(),
    });
    this.lobby = new Lobby(ctx.lobbyLimit, {
      added: (info) => this.emitChairs('lobbyAdded', info),
      removed: (peerId) => this.emitChairs('lobbyRemoved', { peerId }),
    });
    this.media = new MeetingMedia({
      pool: ctx.pool, pipeConsumers: ctx.pipeConsumers, log: ctx.log, meetingId: meeting.id, remote: ctx.remoteMedia, pipes: ctx.pipes,
      onActiveSpeaker: (producerId) => this.emitAll('activeSpeaker', { peerId: producerId ? (this.peers.producerOwner(producerId)?.peerId ?? null) : null }),
      onRemoteLost: () => this.resetMedia('media_worker_restarted'),
    });
    this.attendance = new PeerAttendance(ctx.presence, meeting.id);
    this.grace = new MediaGrace({
      id: this.id, attendance: this.attendance,
      closePeer: (peer, reason) => this.closePeer(peer, reason),
      roomsOf: (peer) => this.roomsOf(peer),
      updated: (peer) => this.peerUpdated(peer, true),
    }, ctx.mediaGraceMs);
    this.subscriptions = new Subscriptions({
      isClosed: () => this.closedFlag,
      admitted: () => this.admitted(),
      floorHolder: () => this.floor.holder,
      peer: (peerId) => this.peers.get(peerId),
      grid: this.grid,
      emitTo: (peer, event, payload) => this.emitTo(peer, event, payload),
      feature: (peer) => this.news.feature(peer),
      log: ctx.log,
    });
    this.news = new RoomNews({
      nsp: ctx.nsp, peers: this.peers, room: this.room, rosterRoom: this.rosterRoom,
      viewersOf: (peerId) => this.subscriptions.viewersOf(peerId),
    });
    // The full-roster viewers count the sites themselves: only the summary viewers need the counts.
    this.countsNews = new SiteCountsNews(() => this.counts(), (counts) => emit(ctx.nsp.to(this.room).except(this.rosterRoom), 'presence', counts));
    this.startTimer = new StartTimer({
      id: this.id, log: ctx.log,
      startsAt: () => this.meeting.startsAt,
      chairPresent: () => this.admitted().find((p) => p.role === 'chair' && !p.closed),
      start: (by) => this.start({ userId: by.user.id, name: by.displayName }),
    });
  }

  get id(): string {
    return this.meeting.id;
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /** The socket.io rooms an admitted peer's socket is in. */
  roomsOf(peer: LivePeer): string[] {
    return [this.room, ...(peer.role === 'chair' ? [this.chairsRoom] : []), ...(peer.roster === 'full' ? [this.rosterRoom] : [])];
  }

  /** A peer changed (headcount, link, receive mode, mute, roll call): those who hear of it hear it, and the peer itself. */
  peerUpdated(peer: LivePeer, exceptSelf = false): void {
    this.news.about(peer, exceptSelf ? 'except' : 'to', 'peerUpdated', peer.info());
  }

  /** News of one site's media (its producers came, closed, paused, resumed): to those who hear of it. */
  emitAbout<E extends 'newProducer' | 'producerClosed' | 'producerPaused' | 'producerResumed'>(peer: LivePeer, self: 'to' | 'except', event: E, payload: ServerEvents[E]): void {
    this.news.about(peer, self, event, payload);
    this.subscriptions.observe(event, payload);
  }

  counts(): SiteCounts {
    return this.peers.counts();
  }

  /** The counts (sites, people) may have changed: every site hears them at the end of this tick. */
  countsChanged(): void {
    if (!this.closedFlag) this.countsNews.changed();
  }

  emitAll<E extends EventName>(event: E, payload: ServerEvents[E], except?: LivePeer): void {
    const target = except ? this.ctx.nsp.to(this.room).except(except.socket.id) : this.ctx.nsp.to(this.room);
    emit(target, event, payload);
    this.subscriptions.observe(event, payload);
  }

  emitChairs<E extends EventName>(event: E, payload: ServerEvents[E]): void {
    emit(this.news.toStaff(this.chairsRoom), event, payload);
  }

  emitTo<E extends EventName>(peer: LivePeer, event: E, payload: ServerEvents[E]): void {
    emit(peer.socket, event, payload);
  }

  admitted(): LivePeer[] {
    return this.peers.admitted();
  }

  /** True when a worker's death broke this meeting's media. */
  usesWorker(slot: PooledWorker): boolean {
    return this.media.lost(slot) || this.admitted().some((p) => p.media?.usesWorker(slot));
  }

  /** Floor and roll call belong to a meeting under way, not to the waiting room before it. */
  requireStarted(): void {
    if (!this.started) throw new Conflict('Cuộc họp chưa bắt đầu; chờ chủ trì bắt đầu. / The meeting has not started yet; wait for the chair to start it.');
  }

  /** Fresh TURN credentials for an admitted peer (issued at each join and admission, never to the lobby). */
  iceServersFor(peer: LivePeer): { iceServers?: IceServer[] } {
    if (!this.ctx.turn || peer.state !== 'admitted') return {};
    return { iceServers: [turnCredentials(this.ctx.turn, peer.user.id)] };
  }

  /** Lets a peer in: media on a router of the meeting, the broadcast room, attendance once the meeting has started. */
  async admit(peer: LivePeer, fromLobby: boolean): Promise<PeerTransports | null> {
    const wasWaiting = this.lobby.remove(peer);
    let media;
    try {
      const { socket } = peer;
      media = await this.media.newPeer(peer.peerId, {
        consumerClosed: (consumerId) => this.emitTo(peer, 'consumerClosed', { consumerId }),
        producerClosed: (producerId) => {
          this.grid.cameraGone(peer.peerId, producerId);
          if (!this.closedFlag && !peer.closed) this.emitAbout(peer, 'except', 'producerClosed', { producerId });
        },
        encodeLayers: (producerId, spatialLayer) => this.emitTo(peer, 'encodeLayers', { producerId, spatialLayer }),
      }, socket instanceof RemoteSocket ? { node: socket.node, socketId: socket.id } : null);
    } catch (err) {
      // Still waiting: the chair may try again.
      if (wasWaiting && !peer.closed && !this.closedFlag) this.lobby.add(peer, true);
      throw err;
    }
    if (peer.closed || this.closedFlag) {
      media.close();
      this.media.closeIfIdle(this.admitted().length);
      throw new Conflict('Bạn đã rời phòng họp. / You left the meeting room meanwhile.');
    }
    peer.media = media;
    this.peers.admit(peer);
    this.grid.add(peer);
    const grid = this.subscriptions.place(peer);
    this.admittedSessions.add(peer.sessionKey);
    await peer.socket.join(this.roomsOf(peer));
    this.news.about(peer, 'except', 'peerJoined', peer.info());
    this.subscriptions.observe('peerJoined', peer.info());
    this.countsChanged();
    if (this.started) await this.attendance.arrive(peer);
    const transports = peer.wantsTransports ? await openTransports(media, this.ctx.log) : null;
    if (fromLobby) {
      this.emitTo(peer, 'admitted', { routerRtpCapabilities: media.rtpCapabilities, ...roomEntry(this.ctx.units, this, peer, grid), ...(transports ? { transports } : {}) });
    }
    if (peer.role === 'chair' && !this.started) await this.startTimer.chairArrived();
    return transports;
  }

  /**
   * The chair starts the meeting (or its time came with a chair in the room): the status
   * becomes live, and everyone already in the room starts to attend from now.
   */
  async start(by: { userId: string; name: string }): Promise<void> {
    if (this.started || this.closedFlag) return;
    this.started = true;
    this.startTimer.stop();
    try {
      await markLive(this.ctx.db, this.id, this.meeting.status, by.userId);
    } catch (err) {
      this.started = false;
      throw err;
    }
    this.meeting = { ...this.meeting, status: 'live' };
    await Promise.all(this.admitted().map((peer) => this.attendance.arrive(peer)));
    this.emitAll('started', { startedAt: new Date().toISOString(), by: by.name });
  }

  /** A new peer of an already-present account takes over the old peer's place. */
  inherit(next: LivePeer, old: LivePeer): void {
    next.mutedByChair = old.mutedByChair;
    this.floor.replacePeer(old, next);
  }

  /** The one close path for a peer. Resolves once attendance has stored the departure. */
  closePeer(peer: LivePeer, reason: CloseReason): Promise<void> {
    if (peer.closed) return Promise.resolve();
    peer.closed = true;
    // A detached peer's lost link is already reported: attendance's own grace period ends it.
    const alreadyAway = this.grace.cancel(peer);
    this.peers.delete(peer);
    this.grid.remove(peer.peerId);
    this.subscriptions.drop(peer);
    const wasAdmitted = peer.state === 'admitted';
    // A closing meeting tells its chairs nothing more.
    this.lobby.remove(peer, this.closedFlag);
    peer.media?.close();
    peer.media = null;
    if (peer.socket.data.live?.peerId === peer.peerId) delete peer.socket.data.live;
    for (const room of [this.room, this.chairsRoom, this.rosterRoom]) void peer.socket.leave(room);
    if (this.floor.peerGone(peer) && !this.closedFlag) this.emitAll('floor', this.floor.state());
    let departed = Promise.resolve();
    if (peer.present && !alreadyAway) {
      const how = reason === 'disconnected' || reason === 'replaced' ? 'away' : 'leave';
      departed = this.attendance.depart(peer, how, reason);
    }
    if (!this.closedFlag && wasAdmitted) {
      this.news.about(peer, 'except', 'peerLeft', { peerId: peer.peerId });
      this.subscriptions.observe('peerLeft', { peerId: peer.peerId });
      this.countsChanged();
    }
    this.media.closeIfIdle(this.admitted().length);
    if (this.peers.size === 0 && !this.closedFlag) {
      this.startTimer.stop();
      this.ctx.onEmpty(this);
    }
    return departed;
  }

  /** A worker died under this meeting: drop all media and ask every admitted peer to rejoin. */
  resetMedia(reason: string): void {
    for (const peer of this.admitted()) {
      peer.media?.close();
      peer.media = null;
    }
    this.media.rebuild();
    this.emitAll('reconnect', { reason });
  }

  isMicAllowed(peer: LivePeer): boolean {
    return micAllowed(peer, this.floor.holder);
  }

  broadcastPaused(events: ProducerStateEvent[]): void {
    for (const e of events) this.mediaNews('producerPaused', e);
  }

  broadcastResumed(events: ProducerStateEvent[]): void {
    for (const e of events) this.mediaNews('producerResumed', e);
  }

  private mediaNews(event: 'producerPaused' | 'producerResumed', e: ProducerStateEvent): void {
    const peer = this.peers.get(e.peerId);
    if (peer) this.emitAbout(peer, 'to', event, e);
  }

  /**
   * The chair ends the meeting (in the room or over HTTP): everyone is told and let go, their
   * leaves are stored, then the status becomes 'ended'. A room that never started just closes:
   * its meeting stays as it was.
   */
  async end(byUserId: string): Promise<void> {
    // Told peer by peer, not to the room: with several nodes a room emit reaches this node's own
    // sockets only after the adapter has published it, and by then close() has taken them out
    // of the room. A socket's own emit is sent at once (a remote one, in order before its leave).
    for (const peer of [...this.peers.values()]) this.emitTo(peer, 'ended', {});
    const started = this.started;
    await this.close('ended');
    this.ctx.presence.settle(this.id, { reason: 'ended' });
    await Promise.all([started ? markEnded(this.ctx.db, this.id, byUserId) : Promise.resolve(), this.agenda.close()]);
  }

  /** Closes every peer and the media room (meeting ended or server stopping); resolves once their departures are stored. */
  async close(reason: 'ended' | 'shutdown'): Promise<void> {
    if (this.closedFlag) return;
    this.closedFlag = true;
    this.floor.close();
    this.startTimer.stop();
    this.countsNews.stop();
    const departed = [...this.peers.values()].map((peer) => this.closePeer(peer, reason));
    this.media.close();
    this.ctx.onEmpty(this);
    await Promise.all(departed);
  }
}
