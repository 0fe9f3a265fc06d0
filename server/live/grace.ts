import { Conflict } from '../lib/errors.ts';
import type { CloseReason, LivePeer, PeerSocket } from './peer.ts';
import type { PeerAttendance } from './peer-attendance.ts';
import { RemoteSocket } from './remote-socket.ts';

/** What the media grace needs of its meeting. */
export interface GraceHost {
  readonly id: string;
  readonly attendance: Pick<PeerAttendance, 'depart' | 'resumed'>;
  closePeer(peer: LivePeer, reason: CloseReason): Promise<void>;
  /** The socket.io rooms the peer's socket belongs in. */
  roomsOf(peer: LivePeer): string[];
  /** Tells the others that the peer's link changed (connected or not). */
  updated(peer: LivePeer): void;
}

/**
 * The socket of an admitted peer dropped: its media stays for the grace period, so the client
 * can re-attach and restart ICE instead of rebuilding everything. Attendance sees a lost link
 * ('away'); a re-attach is a reconnect of the same presence, with its gap — as a rejoin within
 * LIVE_RECONNECT_GRACE_SECONDS would be. This module alone sets and clears `peer.detachTimer`.
 */
export class MediaGrace {
  private readonly host: GraceHost;
  private readonly graceMs: number;
  constructor(
    host: GraceHost,
    graceMs: number,
  ) {
    this.host = host;
    this.graceMs = graceMs;
  }

  /** Returns false when the peer must close now (no grace, not admitted, already detached). */
  detach(peer: LivePeer): boolean {
    if (this.graceMs === 0 || peer.closed || peer.state !== 'admitted' || !peer.media || peer.media.closed || peer.detachTimer) return false;
    peer.detachTimer = setTimeout(() => void this.host.closePeer(peer, 'disconnected'), this.graceMs);
    peer.detachTimer.unref();
    if (peer.present) void this.host.attendance.depart(peer, 'away', 'disconnected');
    this.host.updated(peer);
    return true;
  }

  /**
   * Whether the peer's kept media can serve it on `socket`: media on this node always can; a
   * site's media on another node (NODE_MEDIA=site) only from a socket on that same node. A socket
   * that moved to another node most often did because that node died: its media is made anew
   * there (a new peer), not resumed.
   */
  canResume(peer: LivePeer, socket: PeerSocket): boolean {
    const media = peer.media;
    if (!media || media.closed) return false;
    return media.node === null || (socket instanceof RemoteSocket && socket.node === media.node);
  }

  /** A reconnecting client takes its kept peer back on a new socket: same transports, producers, consumers. */
  async reattach(peer: LivePeer, socket: PeerSocket): Promise<void> {
    // The media's node tells the site of closed consumers itself: from now on, on this socket.
    await peer.media?.attach(socket.id);
    if (peer.closed) throw new Conflict('Bạn đã rời phòng họp. / You left the meeting room meanwhile.');
    const old = peer.socket;
    const wasDetached = this.cancel(peer);
    peer.socket = socket;
    socket.data.live = { meetingId: this.host.id, peerId: peer.peerId };
    if (old !== socket) {
      // The old socket (if the server has not noticed it drop yet) no longer speaks for this peer.
      if (old.data.live?.peerId === peer.peerId) delete old.data.live;
      for (const room of this.host.roomsOf(peer)) void old.leave(room);
      if (!wasDetached && old.connected) old.disconnect(true);
    }
    await socket.join(this.host.roomsOf(peer));
    if (peer.present && !wasDetached && old !== socket) {
      // A resume comes from a client that lost its link, though this server had not noticed yet
      // (the socket was on a node that died, or its TCP is half-open): still a gap in the presence.
      await this.host.attendance.depart(peer, 'away', 'disconnected');
    }
    if (peer.present && (wasDetached || old !== socket)) await this.host.attendance.resumed(peer);
    this.host.updated(peer);
  }

  /** The peer closes or comes back: its grace ends. True when it was detached (its lost link already reported). */
  cancel(peer: LivePeer): boolean {
    const timer = peer.detachTimer;
    if (timer) clearTimeout(timer);
    peer.detachTimer = null;
    return timer !== null;
  }
}
