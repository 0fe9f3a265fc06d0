import type { LivePeer } from './peer.ts';
import { RemoteSocket } from './remote-socket.ts';
import type { PeerInfo, ProducerInfo, SiteCounts } from './protocol.ts';

/**
 * The peers of one live meeting (lobby and admitted), with the indexes a join asks of them: by
 * site session, by account, and the featured ones (the chairs, and the sites once on the stage,
 * sharing a screen or heard off their page: room-news.ts). A site's join looks up its own session
 * and account and lists the featured sites, so its cost does not grow with the sites already in
 * the room (issue #13: 3,356 sites in one meeting).
 */
export class RoomPeers {
  private readonly byId = new Map<string, LivePeer>();
  private readonly bySession = new Map<string, LivePeer>();
  private readonly byUser = new Map<string, Set<LivePeer>>();
  private readonly featured = new Set<LivePeer>();
  /** The peers that see every site (chairs, the meeting's staff): a few. */
  private readonly full = new Set<LivePeer>();
  /** Admitted sites and the people they declared, kept as peers come, declare and go. */
  private sites = 0;
  private people = 0;

  get size(): number {
    return this.byId.size;
  }

  get(peerId: string): LivePeer | undefined {
    return this.byId.get(peerId);
  }

  values(): IterableIterator<LivePeer> {
    return this.byId.values();
  }

  add(peer: LivePeer): void {
    this.byId.set(peer.peerId, peer);
    this.bySession.set(peer.sessionKey, peer);
    const mine = this.byUser.get(peer.user.id) ?? new Set<LivePeer>();
    mine.add(peer);
    this.byUser.set(peer.user.id, mine);
    if (peer.featured) this.featured.add(peer);
    if (peer.roster === 'full') this.full.add(peer);
    if (peer.state === 'admitted') this.count(peer, 1);
  }

  delete(peer: LivePeer): void {
    if (this.byId.get(peer.peerId) !== peer) return;
    this.byId.delete(peer.peerId);
    // A newer peer of the same session may have taken the key already.
    if (this.bySession.get(peer.sessionKey) === peer) this.bySession.delete(peer.sessionKey);
    const mine = this.byUser.get(peer.user.id);
    mine?.delete(peer);
    if (mine?.size === 0) this.byUser.delete(peer.user.id);
    this.featured.delete(peer);
    this.full.delete(peer);
    if (peer.state === 'admitted') this.count(peer, -1);
  }

  /** The peer is let in: it counts from now. */
  admit(peer: LivePeer): void {
    if (peer.state === 'admitted') return;
    peer.state = 'admitted';
    if (this.byId.get(peer.peerId) === peer) this.count(peer, 1);
  }

  /** The site declares how many people sit in front of its camera. */
  setHeadcount(peer: LivePeer, headcount: number): void {
    const counted = peer.state === 'admitted' && this.byId.get(peer.peerId) === peer;
    if (counted) this.count(peer, -1);
    peer.headcount = headcount;
    if (counted) this.count(peer, 1);
  }

  /** Every site hears of the peer from now (RoomNews.feature tells them). */
  feature(peer: LivePeer): void {
    peer.featured = true;
    if (this.byId.get(peer.peerId) === peer) this.featured.add(peer);
  }

  findBySession(sessionKey: string): LivePeer | undefined {
    return this.bySession.get(sessionKey);
  }

  /** The account's other peers in this meeting, oldest first. */
  ofUser(userId: string, except?: LivePeer): LivePeer[] {
    return [...this.byUser.get(userId) ?? []].filter((p) => p !== except);
  }

  admitted(): LivePeer[] {
    return [...this.byId.values()].filter((p) => p.state === 'admitted');
  }

  /** The other admitted peers as `viewer` may see them: all for a full roster, else the featured ones. */
  visibleTo(viewer: LivePeer): PeerInfo[] {
    const from = viewer.roster === 'full' ? this.byId.values() : this.featured.values();
    const seen: PeerInfo[] = [];
    for (const p of from) if (p !== viewer && p.state === 'admitted') seen.push(p.info());
    return seen;
  }

  /** The producers of the other admitted peers as `viewer` may hear of them: all for a full roster, else the featured ones'. */
  producers(viewer: LivePeer): ProducerInfo[] {
    const from = viewer.roster === 'full' ? this.byId.values() : this.featured.values();
    const all: ProducerInfo[] = [];
    for (const p of from) if (p !== viewer && p.state === 'admitted') all.push(...p.producerInfos());
    return all;
  }

  /**
   * Whether a peer that sees every site is connected to another node: only then must the news
   * for the full roster and the chairs cross to the other nodes (through the adapter).
   */
  fullViewerElsewhere(): boolean {
    for (const p of this.full) if (p.socket instanceof RemoteSocket) return true;
    return false;
  }

  /** The admitted peer sending `producerId` (an active speaker's: a look at each site, once per change of speaker). */
  producerOwner(producerId: string): LivePeer | undefined {
    for (const p of this.byId.values()) if (p.state === 'admitted' && p.media?.producers.has(producerId)) return p;
    return undefined;
  }

  /** Admitted sites and the people they declared. */
  counts(): SiteCounts {
    return { sites: this.sites, people: this.people };
  }

  private count(peer: LivePeer, sign: 1 | -1): void {
    this.sites += sign;
    this.people += sign * (peer.headcount ?? 0);
  }
}
