import { applyGridPage, type GridHost } from './grid-page.ts';
import type { JoinResult } from './protocol.ts';

/** What a join's answer and the admission from the lobby (`admitted`) both bring of the room. */
export type RoomSnapshot = Pick<JoinResult, 'peers' | 'producers' | 'floor' | 'locked' | 'started' | 'roster' | 'presence' | 'grid'>;

/**
 * The room as the server sees it now: who this site hears of (everyone, or — a summary roster —
 * the chairs, the sites on the stage and those of the first page), what they send, the floor,
 * and the first page of the grid (the server's default size; the site then asks for its own
 * with showPage, once it can receive). Replaces what an earlier join knew.
 */
export function adoptRoom(host: GridHost, room: RoomSnapshot): void {
  const s = host.state;
  const selfId = s.self?.peerId;
  s.started = room.started;
  s.floor = room.floor;
  s.locked = room.locked;
  s.peers = new Map(room.peers.map((p) => [p.peerId, p]));
  s.roster = room.roster ?? 'full';
  s.presence = room.presence ?? null;
  s.producers = new Map(room.producers.filter((p) => p.peerId !== selfId).map((p) => [p.producerId, p]));
  s.grid = null;
  if (room.grid) applyGridPage(host, room.grid);
  host.mark('peers', 'producers', 'floor');
}
