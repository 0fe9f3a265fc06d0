import type { FastifyBaseLogger } from 'fastify';
import type { Resource } from '../auth/policy.ts';
import type { Db } from '../db/client.ts';
import { Conflict, Unavailable } from '../lib/errors.ts';
import type { WriteQueue } from '../lib/write-queue.ts';
import { MediaPeer } from '../media/peer.ts';
import { MediaRoom } from '../media/room.ts';
import type { MediaPool, PooledWorker } from '../media/worker-pool.ts';
import type { MeetingRow } from '../meetings/schema.ts';
import type { UnitIndex } from '../units/unit-index.ts';
import { LiveAgenda } from './agenda.ts';
import { FloorControl } from './floor.ts';
import { markEnded, markLive } from './meeting-status.ts';
import { LiveMessages } from './messages.ts';
import { micAllowed, pauseMics, resumeChairPausedMics } from './mics.ts';
import type { LiveNamespace, LivePeer } from './peer.ts';
import type { PresenceKey, PresenceListener } from './presence.ts';
import type { EventName, ProducerInfo, ProducerStateEvent, ServerEvents } from './protocol.ts';
import { recordsFor } from './room-records.ts';

export interface LiveContext {
  db: Db;
  /** Who may read what of the room's records (messages). */
  units: UnitIndex;
  log: FastifyBaseLogger;
  pool: MediaPool | null;
  nsp: LiveNamespace;
  presence: PresenceListener;
  speakerWrites: WriteQueue;
  pipeConsumers: number;
  /** How long a peer whose socket dropped keeps its media for a re-attach (0: closed at once). */
  mediaGraceMs: number;
  /** The meeting has no peer left: forget it. */
  onEmpty(meeting: LiveMeeting): void;
}

// socket.io's typed emit cannot follow a generic event name; emitAll, emitChairs and emitTo
// keep the contract in their signatures, and this is the one place that widens it.
function emit<E extends EventName>(target: { emit(event: never, ...args: never[]): boolean }, event: E, payload: ServerEvents[E]): void {
  (target.emit as (event: E, payload: ServerEvents[E]) => boolean).call(target, event, payload);
}

/** Why a peer goes: what attendance records and what the peer is told. */
export type CloseReason = 'left' | 'disconnected' | 'removed' | 'replaced' | 'ended' | 'shutdown';

/**
 * One meeting while it is live: its peers (lobby and admitted), lock, floor and roll call,
 * and its media room. Every way a peer goes away ends in `closePeer` — the one close path —
 * which closes its media, updates the floor and attendance and tells the others.
 *
 * Calls of one socket run one at a time, in order (live/call-limits.ts), but handlers of
 * different sockets interleave at every await: between a check and an await's end another
 * peer's handler (or a disconnect) may have closed this peer or the meeting. So what racing
 * calls must see is set before the first await (join puts its peer in place at once), and what
 * an await may have invalidated is checked again after it (admit re-checks that the peer and
 * the meeting are still open). The media room is created once per meeting
 * (one cached promise), so two simultaneous first joins share one router.
 */
export class LiveMeeting {
  readonly peers = new Map<string, LivePeer>();
  readonly floor: FloorControl;
  readonly agenda: LiveAgenda;
  readonly messages: LiveMessages;
  locked = false;
  /** The open roll call; its answers by site session, so a site that drops and rejoins keeps its answer. */
  rollCall: { id: string; startedAt: Date; answers: Map<string, number> } | null = null;
  /** Users the chair removed: refused until this live session ends. */
  readonly removedUsers = new Set<string>();
  /** Site sessions admitted once: a reconnect skips the lobby. */
  readonly admittedSessions = new Set<string>();
  private media: Promise<MediaRoom> | null = null;
  private resolvedRoom: MediaRoom | null = null;
  /** Admissions waiting for a router: the media room must not close under them. */
  private admitting = 0;
  private closedFlag = false;

  constructor(
    private readonly ctx: LiveContext,
    public meeting: MeetingRow,
    public resource: Resource,
  ) {
    // onLimit runs from a timer: a rejection there would be unhandled (and end the process).
    const onLimit = () => {
      this.endFloor('limit').catch((err: unknown) => ctx.log.error({ err, meetingId: meeting.id }, 'floor time limit: could not take the floor back'));
    };
    this.agenda = new LiveAgenda({ db: ctx.db, writes: ctx.speakerWrites, meetingId: meeting.id });
    this.messages = new LiveMessages(ctx.db, meeting.id);
    this.floor = new FloorControl({ db: ctx.db, writes: ctx.speakerWrites, meetingId: meeting.id, onLimit, currentItem: () => this.agenda.currentItem() });
  }

  get id(): string {
    return this.meeting.id;
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  get room(): string {
    return `live:${this.id}`;
  }

  get chairsRoom(): string {
    return `live:${this.id}:chairs`;
  }

  emitAll<E extends EventName>(event: E, payload: ServerEvents[E], except?: LivePeer): void {
    const target = except ? this.ctx.nsp.to(this.room).except(except.socket.id) : this.ctx.nsp.to(this.room);
    emit(target, event, payload);
  }

  emitChairs<E extends EventName>(event: E, payload: ServerEvents[E]): void {
    emit(this.ctx.nsp.to(this.chairsRoom), event, payload);
  }

  emitTo<E extends EventName>(peer: LivePeer, event: E, payload: ServerEvents[E]): void {
    emit(peer.socket, event, payload);
  }

  admitted(): LivePeer[] {
    return [...this.peers.values()].filter((p) => p.state === 'admitted');
  }

  producers(except?: LivePeer): ProducerInfo[] {
    return this.admitted().filter((p) => p !== except).flatMap((p) => p.producerInfos());
  }

  findBySession(sessionKey: string): LivePeer | undefined {
    for (const peer of this.peers.values()) if (peer.sessionKey === sessionKey) return peer;
    return undefined;
  }

  sendLobby(): void {
    this.emitChairs('lobby', { waiting: [...this.peers.values()].filter((p) => p.waiting).map((p) => p.info()) });
  }

  /** The meeting's media room, created on first use; a closed one is replaced. */
  mediaRoom(): Promise<MediaRoom> {
    const { pool } = this.ctx;
    if (!pool) return Promise.reject(new Unavailable('Máy chủ media chưa chạy. / No media server is running (MEDIA_WORKERS=0).'));
    if (!this.media) {
      const created = MediaRoom.create(pool, {
        pipeConsumers: this.ctx.pipeConsumers,
        log: this.ctx.log,
        onActiveSpeaker: (producerId) => this.emitAll('activeSpeaker', { peerId: producerId ? this.ownerOf(producerId) : null }),
      });
      this.media = created;
      created.then(
        (room) => {
          this.resolvedRoom = room;
        },
        () => {
          if (this.media === created) this.media = null;
        },
      );
    }
    const current = this.media;
    return current.then((room) => {
      if (!room.closed) return room;
      if (this.media === current) this.media = null;
      return this.mediaRoom();
    });
  }

  /** True when a worker's death broke this meeting's media. */
  usesWorker(slot: PooledWorker): boolean {
    return this.resolvedRoom?.lostWorker === slot || this.admitted().some((p) => p.media?.home.slot === slot);
  }

  /** Lets a peer in: media on a router of the meeting, the broadcast room, attendance. */
  async admit(peer: LivePeer, fromLobby: boolean): Promise<void> {
    peer.waiting = false;
    let media: MediaPeer;
    this.admitting++;
    try {
      const room = await this.mediaRoom();
      const home = await room.routerForPeer();
      media = new MediaPeer(room, home, peer.peerId, { consumerClosed: (consumerId) => this.emitTo(peer, 'consumerClosed', { consumerId }) });
    } catch (err) {
      // Still waiting: the chair may try again.
      peer.waiting = fromLobby && !peer.closed;
      throw err;
    } finally {
      this.admitting--;
    }
    if (peer.closed || this.closedFlag) {
      media.close();
      this.closeMediaIfIdle();
      throw new Conflict('Bạn đã rời phòng họp. / You left the meeting room meanwhile.');
    }
    peer.media = media;
    peer.state = 'admitted';
    this.admittedSessions.add(peer.sessionKey);
    await peer.socket.join(peer.role === 'chair' ? [this.room, this.chairsRoom] : [this.room]);
    this.emitAll('peerJoined', peer.info(), peer);
    if (!peer.present) {
      peer.present = true;
      // Stored before the join is answered: a server that dies now still closes this presence at its restart.
      await this.ctx.presence.arrive(this.presenceKey(peer), {
        siteName: peer.siteName, displayName: peer.displayName, declaredName: peer.declaredName, userName: peer.user.fullName, role: peer.role, substitute: peer.substituteName,
      });
      if (peer.headcount !== null) await this.recordPresence(peer, 'headcount', { count: peer.headcount });
    }
    if (fromLobby) {
      this.emitTo(peer, 'admitted', {
        routerRtpCapabilities: media.room.rtpCapabilities, peers: this.admitted().filter((p) => p !== peer).map((p) => p.info()),
        producers: this.producers(peer), floor: this.floor.state(), locked: this.locked, ...recordsFor(this.ctx.units, this, peer),
      });
      this.sendLobby();
    }
    if (peer.role === 'chair' && this.meeting.status !== 'live') {
      await markLive(this.ctx.db, this.id, this.meeting.status, peer.user.id);
      this.meeting = { ...this.meeting, status: 'live' };
    }
  }

  /** A new peer of an already-present site session takes over the old peer's place. */
  inherit(next: LivePeer, old: LivePeer): void {
    next.mutedByChair = old.mutedByChair;
    this.floor.replacePeer(old, next);
  }

  /**
   * The socket of an admitted peer dropped: its media stays for the grace period, so the
   * client can re-attach and restart ICE instead of rebuilding everything. Attendance sees a
   * lost link ('away'); a re-attach is a reconnect of the same presence, with its gap — as a
   * rejoin within LIVE_RECONNECT_GRACE_SECONDS would be. Returns false when the peer closes now.
   */
  detach(peer: LivePeer): boolean {
    if (this.ctx.mediaGraceMs === 0 || peer.closed || peer.state !== 'admitted' || !peer.media || peer.detachTimer) return false;
    peer.detachTimer = setTimeout(() => void this.closePeer(peer, 'disconnected'), this.ctx.mediaGraceMs);
    peer.detachTimer.unref();
    if (peer.present) void this.ctx.presence.depart(this.presenceKey(peer), 'away', { reason: 'disconnected' });
    this.emitAll('peerUpdated', peer.info(), peer);
    return true;
  }

  /** A reconnecting client takes its kept peer back on a new socket: same transports, producers, consumers. */
  async reattach(peer: LivePeer, socket: LivePeer['socket']): Promise<void> {
    const old = peer.socket;
    const wasDetached = peer.detachTimer !== null;
    if (peer.detachTimer) clearTimeout(peer.detachTimer);
    peer.detachTimer = null;
    peer.socket = socket;
    socket.data.live = { meetingId: this.id, peerId: peer.peerId };
    if (old !== socket) {
      // The old socket (if the server has not noticed it drop yet) no longer speaks for this peer.
      if (old.data.live?.peerId === peer.peerId) delete old.data.live;
      void old.leave(this.room);
      void old.leave(this.chairsRoom);
      if (!wasDetached && old.connected) old.disconnect(true);
    }
    await socket.join(peer.role === 'chair' ? [this.room, this.chairsRoom] : [this.room]);
    if (wasDetached && peer.present) await this.ctx.presence.arrive(this.presenceKey(peer), { siteName: peer.siteName, resumed: true });
    this.emitAll('peerUpdated', peer.info(), peer);
  }

  /** The one close path for a peer. Resolves once attendance has stored the departure. */
  closePeer(peer: LivePeer, reason: CloseReason): Promise<void> {
    if (peer.closed) return Promise.resolve();
    peer.closed = true;
    if (peer.detachTimer) clearTimeout(peer.detachTimer);
    // A detached peer's lost link is already reported: attendance's own grace period ends it.
    const alreadyAway = peer.detachTimer !== null;
    peer.detachTimer = null;
    this.peers.delete(peer.peerId);
    const wasAdmitted = peer.state === 'admitted';
    const wasWaiting = peer.waiting;
    peer.waiting = false;
    peer.media?.close();
    peer.media = null;
    if (peer.socket.data.live?.peerId === peer.peerId) delete peer.socket.data.live;
    void peer.socket.leave(this.room);
    void peer.socket.leave(this.chairsRoom);
    if (this.floor.peerGone(peer) && !this.closedFlag) this.emitAll('floor', this.floor.state());
    let departed = Promise.resolve();
    if (peer.present && !alreadyAway) {
      const how = reason === 'disconnected' || reason === 'replaced' ? 'away' : 'leave';
      departed = this.ctx.presence.depart(this.presenceKey(peer), how, { reason });
    }
    if (!this.closedFlag) {
      if (wasAdmitted) this.emitAll('peerLeft', { peerId: peer.peerId });
      else if (wasWaiting) this.sendLobby();
    }
    this.closeMediaIfIdle();
    if (this.peers.size === 0 && !this.closedFlag) this.ctx.onEmpty(this);
    return departed;
  }

  /** A worker died under this meeting: drop all media and ask every admitted peer to rejoin. */
  resetMedia(reason: string): void {
    for (const peer of this.admitted()) {
      peer.media?.close();
      peer.media = null;
    }
    this.closeMedia();
    this.emitAll('reconnect', { reason });
    // Rebuild the room right away, on the surviving or replacement workers.
    void this.mediaRoom().catch((err: unknown) => this.ctx.log.error({ err, meetingId: this.id }, 'could not rebuild media room'));
  }

  isMicAllowed(peer: LivePeer): boolean {
    return micAllowed(peer, this.floor.holder);
  }

  broadcastPaused(events: ProducerStateEvent[]): void {
    for (const e of events) this.emitAll('producerPaused', e);
  }

  broadcastResumed(events: ProducerStateEvent[]): void {
    for (const e of events) this.emitAll('producerResumed', e);
  }

  /** Gives the floor and applies what it means: the holder may speak, every other non-chair peer is muted. */
  async grantFloor(peer: LivePeer, by: LivePeer, limitSeconds: number | undefined): Promise<void> {
    this.floor.grant(peer, by, limitSeconds);
    const stored = this.floor.stored();
    peer.mutedByChair = false;
    // Microphones first, then the news: whoever sees the new floor sees the server already obeying it.
    this.broadcastResumed(await resumeChairPausedMics(peer));
    for (const other of this.admitted()) {
      if (other !== peer && other.role !== 'chair') this.broadcastPaused(await pauseMics(other));
    }
    this.emitAll('floor', this.floor.state());
    this.emitAll('peerUpdated', peer.info());
    await stored;
  }

  /** Takes the floor back (chair or time limit); the former holder's microphone closes with it. */
  async endFloor(reason: 'chair' | 'limit'): Promise<void> {
    await this.afterFloorEnd(this.floor.end(reason));
  }

  /** A site withdraws its request, or the holder hands the floor back. */
  async cancelFloor(peer: LivePeer): Promise<void> {
    await this.afterFloorEnd(this.floor.cancel(peer));
  }

  private async afterFloorEnd(holder: LivePeer | null): Promise<void> {
    const stored = this.floor.stored();
    try {
      if (holder && holder.role !== 'chair' && !holder.closed) this.broadcastPaused(await pauseMics(holder));
    } finally {
      // The floor has ended whatever happened to the microphone (its worker may have died meanwhile).
      this.emitAll('floor', this.floor.state());
    }
    await stored;
  }

  /** The chair ends the meeting (in the room or over HTTP): everyone is told and let go, the status becomes 'ended'. */
  async end(byUserId: string): Promise<void> {
    this.emitAll('ended', {});
    for (const peer of [...this.peers.values()]) if (peer.state === 'lobby') this.emitTo(peer, 'ended', {});
    this.close('ended');
    this.ctx.presence.settle(this.id, { reason: 'ended' });
    await Promise.all([markEnded(this.ctx.db, this.id, byUserId), this.agenda.close()]);
  }

  /** Closes every peer and the media room (meeting ended or server stopping). */
  close(reason: 'ended' | 'shutdown'): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    this.floor.close();
    for (const peer of [...this.peers.values()]) void this.closePeer(peer, reason);
    this.closeMedia();
    this.ctx.onEmpty(this);
  }

  /** A headcount or roll-call event of a peer that has attended; resolves once stored. */
  recordPresence(peer: LivePeer, kind: 'headcount' | 'rollcall', data: Record<string, unknown>): Promise<void> {
    return this.ctx.presence.record(this.presenceKey(peer), kind, data);
  }

  private presenceKey(peer: LivePeer): PresenceKey {
    return { meetingId: this.id, siteId: peer.siteId, userId: peer.user.id, sessionId: peer.siteSessionId };
  }

  private ownerOf(producerId: string): string | null {
    for (const peer of this.peers.values()) if (peer.media?.producers.has(producerId)) return peer.peerId;
    return null;
  }

  /** "Router closed when the last peer leaves." */
  private closeMediaIfIdle(): void {
    if (this.admitted().length === 0 && this.admitting === 0) this.closeMedia();
  }

  private closeMedia(): void {
    const media = this.media;
    this.media = null;
    void media?.then((room) => room.close(), () => undefined);
  }
}
