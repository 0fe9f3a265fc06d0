import type { LivePeer } from './peer.ts';
import type { PresenceKey, PresenceListener } from './presence.ts';

/**
 * What attendance is told of one meeting's peers. Each peer is one presence of its site's
 * session (meeting, site, account, site session): it arrives once, then come its headcount, its
 * roll-call answers, its lost links and returns, and its departure — each stored before the
 * caller answers, so a server that dies now still closes the presence at its restart.
 */
export class PeerAttendance {
  private readonly presence: PresenceListener;
  private readonly meetingId: string;
  constructor(presence: PresenceListener, meetingId: string) {
    this.presence = presence;
    this.meetingId = meetingId;
  }

  /** The peer came: told once, with the headcount it declared. */
  async arrive(peer: LivePeer): Promise<void> {
    if (peer.present || peer.closed) return;
    peer.present = true;
    await this.presence.arrive(this.key(peer), {
      siteName: peer.siteName, displayName: peer.displayName, declaredName: peer.declaredName, userName: peer.user.fullName, role: peer.role, substitute: peer.substituteName,
    });
    if (peer.headcount !== null) await this.record(peer, 'headcount', { count: peer.headcount });
  }

  /** The peer's link came back (a re-attach within the media grace): the same presence, after its gap. */
  resumed(peer: LivePeer): Promise<void> {
    return this.presence.arrive(this.key(peer), { siteName: peer.siteName, resumed: true });
  }

  /** The peer's link was lost ('away': a gap if it comes back) or it left. */
  depart(peer: LivePeer, how: 'leave' | 'away', reason: string): Promise<void> {
    return this.presence.depart(this.key(peer), how, { reason });
  }

  /** A headcount or roll-call event of a peer that has attended. */
  record(peer: LivePeer, kind: 'headcount' | 'rollcall', data: Record<string, unknown>): Promise<void> {
    return this.presence.record(this.key(peer), kind, data);
  }

  private key(peer: LivePeer): PresenceKey {
    return { meetingId: this.meetingId, siteId: peer.siteId, userId: peer.user.id, sessionId: peer.siteSessionId };
  }
}
