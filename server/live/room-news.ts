import { emit } from './emit.ts';
import type { LiveNamespace, LivePeer } from './peer.ts';
import type { EventName, ServerEvents } from './protocol.ts';
import { RemoteSocket } from './remote-socket.ts';
import type { RoomPeers } from './room-peers.ts';

/** What the news of a meeting's sites needs of the meeting. */
export interface NewsRoom {
  nsp: LiveNamespace;
  peers: RoomPeers;
  /** The socket.io rooms of every admitted peer and of the full-roster viewers. */
  room: string;
  rosterRoom: string;
  /** The sites whose grid page shows `peerId` (subscription.ts). */
  viewersOf(peerId: string): ReadonlySet<LivePeer>;
}

/**
 * Who hears what of a site (issue #13: a national meeting of 3,356 sites). The meeting's staff
 * (the full roster) hear of every site; every site hears of the featured ones (the chairs, and
 * those once on the stage, sharing a screen or heard off their page); the others are heard of
 * only by the sites whose grid page shows them. So a site's arrival, camera or headcount costs
 * the few that show it, not every site.
 */
export class RoomNews {
  private readonly room: NewsRoom;
  constructor(room: NewsRoom) {
    this.room = room;
  }

  /** An event about `peer` to those who hear of it, the peer itself told too ('to') or not ('except'). */
  about<E extends EventName>(peer: LivePeer, self: 'to' | 'except', event: E, payload: ServerEvents[E]): void {
    for (const target of this.of(peer, self)) emit(target, event, payload);
  }

  /** To one of the staff's rooms (chairs, full roster): through the adapter only when one of them is on another node. */
  toStaff(room: string) {
    return this.room.peers.fullViewerElsewhere() ? this.room.nsp.to(room) : this.room.nsp.local.to(room);
  }

  /**
   * The peer is featured from now: the sites that did not hear of it (not staff, not showing it
   * on their page) are told it and its producers.
   */
  feature(peer: LivePeer): void {
    if (peer.featured) return;
    const knew = [this.room.rosterRoom, peer.socket.id, ...[...this.room.viewersOf(peer.peerId)].map((v) => v.socket.id)];
    this.room.peers.feature(peer);
    const others = this.room.nsp.to(this.room.room).except(knew);
    emit(others, 'peerJoined', peer.info());
    for (const producer of peer.producerInfos()) emit(others, 'newProducer', producer);
  }

  /**
   * The broadcasts that reach those who hear of `peer`. The staff's room goes through the adapter
   * only when one of the staff is on another node; sites on other nodes are reached by their
   * socket ids alone, so the roster's news is never published to a node that holds none of it.
   */
  private of(peer: LivePeer, self: 'to' | 'except') {
    const { nsp } = this.room;
    if (peer.featured) return [self === 'except' ? nsp.to(this.room.room).except(peer.socket.id) : nsp.to(this.room.room)];
    const staffElsewhere = this.room.peers.fullViewerElsewhere();
    const here = [this.room.rosterRoom];
    const there: string[] = [];
    const add = (p: LivePeer) => (!staffElsewhere && p.socket instanceof RemoteSocket ? there : here).push(p.socket.id);
    for (const viewer of this.room.viewersOf(peer.peerId)) if (viewer.roster !== 'full' && !viewer.closed) add(viewer);
    if (self === 'to') add(peer);
    const local = (staffElsewhere ? nsp : nsp.local).to(here);
    return [self === 'except' ? local.except(peer.socket.id) : local, ...(there.length > 0 ? [nsp.to(there)] : [])];
  }
}
