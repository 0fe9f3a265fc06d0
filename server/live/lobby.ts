import { Unavailable } from '../lib/errors.ts';
import type { LivePeer } from './peer.ts';
import type { PeerInfo } from './protocol.ts';

export interface LobbyNews {
  added(peer: PeerInfo): void;
  removed(peerId: string): void;
}

/**
 * The sites waiting for the chair to let them in (not those merely on their way in), in
 * arrival order. Bounded: past `limit` a new arrival is refused, not queued. The chairs hear
 * each change as it happens (lobbyAdded / lobbyRemoved), never the whole list again: a
 * thousand arrivals cost a thousand small messages, not a million entries.
 */
export class Lobby {
  private readonly waiting = new Map<string, LivePeer>();

  private readonly limit: number;
  private readonly news: LobbyNews;
  constructor(
    limit: number,
    news: LobbyNews,
  ) {
    this.limit = limit;
    this.news = news;
  }

  get size(): number {
    return this.waiting.size;
  }

  has(peer: LivePeer): boolean {
    return this.waiting.get(peer.peerId) === peer;
  }

  /** Refuses when the lobby is full: checked before a peer is put in place, so a refusal changes nothing. */
  assertRoom(): void {
    if (this.waiting.size >= this.limit) {
      throw new Unavailable(
        `Phòng chờ đã đủ ${this.limit} điểm cầu, hãy thử lại sau khi chủ trì cho vào. / The lobby is full (${this.limit} sites); try again once the chair has let some in.`,
        { reason: 'lobby_full', limit: this.limit },
      );
    }
  }

  /** The peer waits; `force` puts back one whose admission failed (it held its place already). */
  add(peer: LivePeer, force = false): void {
    if (this.has(peer)) return;
    if (!force) this.assertRoom();
    this.waiting.set(peer.peerId, peer);
    this.news.added(peer.info());
  }

  /** The peer stops waiting (admitted, gone); true when it was waiting. */
  remove(peer: LivePeer, quietly = false): boolean {
    if (!this.has(peer)) return false;
    this.waiting.delete(peer.peerId);
    if (!quietly) this.news.removed(peer.peerId);
    return true;
  }

  list(): PeerInfo[] {
    return [...this.waiting.values()].map((p) => p.info());
  }
}
