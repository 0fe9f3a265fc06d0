import { randomUUID } from 'node:crypto';
import type { DefaultEventsMap, Namespace, Socket } from 'socket.io';
import type { SessionUser } from '../auth/session-user.ts';
import { MediaPeer } from '../media/peer.ts';
import type { PeerMedia } from '../media/peer-media.ts';
import type { ClientToServerEvents, PeerInfo, PeerRole, PeerState, ProducerInfo, ReceiveMode, RollCallAnswer, RosterView, ServerToClientEvents } from './protocol.ts';

export interface LiveSocketData {
  user: SessionUser;
  /** The meeting and peer this socket joined as, if any (one meeting per socket); `node`: the meeting's owner when another node. */
  live?: { meetingId: string; peerId: string; node?: string };
}
/** The /live namespace and its sockets, typed by the signalling contract (protocol.ts). */
export type LiveNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, DefaultEventsMap, LiveSocketData>;
export type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, DefaultEventsMap, LiveSocketData>;

/**
 * What a meeting needs of a peer's socket: a socket of this node, or one of another node
 * that the meeting's owner reaches through socket.io's adapter (remote-socket.ts).
 */
export interface PeerSocket {
  readonly id: string;
  readonly connected: boolean;
  readonly data: LiveSocketData;
  emit: LiveSocket['emit'];
  join(rooms: string | string[]): Promise<void> | void;
  leave(room: string): Promise<void> | void;
  disconnect(close?: boolean): unknown;
}

/** Why a peer goes: what attendance records and what the peer is told. */
export type CloseReason = 'left' | 'disconnected' | 'removed' | 'replaced' | 'ended' | 'shutdown';

export interface PeerInit {
  socket: PeerSocket;
  user: SessionUser;
  role: PeerRole;
  state: PeerState;
  siteSessionId: string;
  displayName: string;
  declaredName: string | null;
  siteName: string;
  substituteName: string | null;
  headcount: number | null;
  /** What it hears of the other sites (the meeting's staff: everyone; a site: the counts, the featured and its grid page). */
  roster: RosterView;
}

/**
 * One site's presence in a live meeting, as signalling sees it: who, in which state, with
 * which chair-imposed constraints. Its media (if admitted) is a MediaPeer it owns.
 */
export class LivePeer {
  readonly peerId = randomUUID();
  /** The socket it speaks through; a reconnecting client re-attaches the peer to its new socket. */
  socket: PeerSocket;
  readonly user: SessionUser;
  readonly role: PeerRole;
  readonly siteSessionId: string;
  /** Who attends, as recorded: the account's name, or the substitute the chủ trì approved. */
  readonly displayName: string;
  /** A name typed at the pre-join screen: shown as self-declared, never recorded as the identity. */
  readonly declaredName: string | null;
  readonly siteName: string;
  readonly substituteName: string | null;
  state: PeerState;
  headcount: number | null;
  receiveMode: ReceiveMode = 'full';
  /** Its join asked for its transports with the answer (`transports`): admission opens them. */
  wantsTransports = false;
  /** Set by the chair's mute: the peer may not unmute itself until unmuted or given the floor. */
  mutedByChair = false;
  /** Its answer to the latest roll call; a rejoin of the same site session inherits it. */
  rollCallAnswer: RollCallAnswer | null = null;
  /** On this node's workers (a MediaPeer) or, for a site on another node, on that node's (media-host.ts). */
  media: PeerMedia | null = null;
  readonly roster: RosterView;
  /**
   * Every site hears about this peer (its arrival, changes, departure), not only the full-roster
   * viewers and the sites whose grid page shows it: the chủ trì, and a site once it is on the
   * stage, shares a screen or is heard off its page (room-news.ts). Never unset while the peer is
   * in the room, so a site that knew it also hears that it left.
   */
  featured: boolean;
  /** Attendance was told this peer arrived (peers waiting in the lobby, or in a room not yet started, have not yet attended). */
  present = false;
  closed = false;
  /** Set while its socket is gone and its media kept for the grace period; firing closes the peer (grace.ts owns it). */
  detachTimer: NodeJS.Timeout | null = null;

  constructor(init: PeerInit) {
    this.socket = init.socket;
    this.user = init.user;
    this.role = init.role;
    this.state = init.state;
    this.siteSessionId = init.siteSessionId;
    this.displayName = init.displayName;
    this.declaredName = init.declaredName;
    this.siteName = init.siteName;
    this.substituteName = init.substituteName;
    this.headcount = init.headcount;
    this.roster = init.roster;
    this.featured = init.role === 'chair';
  }

  /** Its media when on this node's workers (tests and metrics read mediasoup's objects). */
  get localMedia(): MediaPeer | null {
    return this.media instanceof MediaPeer ? this.media : null;
  }

  get siteId(): string {
    return this.user.body.id;
  }

  /** The identity a reconnecting browser tab keeps: same account, same site session. */
  get sessionKey(): string {
    return `${this.user.id}:${this.siteSessionId}`;
  }

  info(): PeerInfo {
    return {
      peerId: this.peerId,
      userId: this.user.id,
      siteId: this.siteId,
      siteName: this.siteName,
      displayName: this.displayName,
      declaredName: this.declaredName,
      role: this.role,
      state: this.state,
      headcount: this.headcount,
      receiveMode: this.receiveMode,
      connected: this.socket.connected && !this.detachTimer,
      mutedByChair: this.mutedByChair,
      substituteName: this.substituteName,
      rollCall: this.rollCallAnswer,
    };
  }

  producerInfos(): ProducerInfo[] {
    if (!this.media) return [];
    return [...this.media.producers.values()].map((p) => ({
      producerId: p.id, peerId: this.peerId, kind: p.kind, source: p.appData.source, paused: p.paused,
    }));
  }
}
