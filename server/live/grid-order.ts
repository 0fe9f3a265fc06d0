import type { LivePeer } from './peer.ts';

interface Entry {
  peer: LivePeer;
  /** Increasing with each placing: each section is kept in this order. */
  seq: number;
  /** The camera producer that placed it among the cameras, or null. */
  camera: string | null;
}

/** One site's page of the grid, as `GridOrder.page` cuts it. */
export interface PageCut {
  /** The page shown: the one asked for, kept within the pages there are. */
  page: number;
  /** The grid's sites but the viewer itself. */
  sites: number;
  peers: LivePeer[];
}

/**
 * The order of a meeting's grid, which the server keeps for every site (issue #13: a site
 * hears only of the sites on its page). The chairs are pinned ahead of the pages and are not in
 * it; the sites with a camera come first, in the order their camera came, then the others in
 * the order they came in. Arrivals and cameras are appended, so a change moves only the pages
 * at and after its place — most sites look at the first page, which settles once it is full —
 * and `takeChange` says where the first change since the last look was.
 */
export class GridOrder {
  private readonly cameras: Entry[] = [];
  private readonly others: Entry[] = [];
  private readonly entries = new Map<string, Entry>();
  private seq = 0;
  private changedFrom: number | null = null;

  get size(): number {
    return this.entries.size;
  }

  /** A site was let in (chairs are pinned, not placed). */
  add(peer: LivePeer): void {
    if (peer.role === 'chair' || this.entries.has(peer.peerId)) return;
    const entry: Entry = { peer, seq: ++this.seq, camera: null };
    this.entries.set(peer.peerId, entry);
    this.others.push(entry);
    this.touch(this.size - 1);
  }

  remove(peerId: string): void {
    const entry = this.entries.get(peerId);
    if (!entry) return;
    this.touch(this.take(entry));
    this.entries.delete(peerId);
  }

  /** The site's camera came: it moves to the end of the sites with a camera. */
  cameraOn(peerId: string, producerId: string): void {
    const entry = this.entries.get(peerId);
    if (!entry) return;
    if (entry.camera) {
      entry.camera = producerId;
      return;
    }
    this.take(entry);
    entry.camera = producerId;
    entry.seq = ++this.seq;
    this.cameras.push(entry);
    this.touch(this.cameras.length - 1);
  }

  /** The camera `producerId` closed (a camera turned off keeps its place: its producer stays, paused). */
  cameraGone(peerId: string, producerId: string): void {
    const entry = this.entries.get(peerId);
    if (entry?.camera !== producerId) return;
    this.touch(this.take(entry));
    entry.camera = null;
    entry.seq = ++this.seq;
    this.others.push(entry);
  }

  /** The place of the site in the grid, or -1. */
  position(peerId: string): number {
    const entry = this.entries.get(peerId);
    if (!entry) return -1;
    return entry.camera ? find(this.cameras, entry.seq) : this.cameras.length + find(this.others, entry.seq);
  }

  /** Page `index` of `size` sites as `viewer` sees the grid: without itself. */
  page(viewer: LivePeer, index: number, size: number): PageCut {
    const self = this.position(viewer.peerId);
    const sites = this.size - (self >= 0 ? 1 : 0);
    const page = Math.min(index, Math.max(0, Math.ceil(sites / size) - 1));
    const peers: LivePeer[] = [];
    for (let i = page * size; i < sites && peers.length < size; i++) peers.push(this.at(self >= 0 && i >= self ? i + 1 : i));
    return { page, sites, peers };
  }

  /**
   * The first place changed since the last call, or null when nothing moved. A page that ends
   * before it (its last place, plus one for the viewer's own) shows the same sites.
   */
  takeChange(): number | null {
    const from = this.changedFrom;
    this.changedFrom = null;
    return from;
  }

  private at(i: number): LivePeer {
    const entry = i < this.cameras.length ? this.cameras[i] : this.others[i - this.cameras.length];
    if (!entry) throw new RangeError(`grid place ${i} of ${this.size}`);
    return entry.peer;
  }

  /** Takes the entry out of its section; returns the place it had. */
  private take(entry: Entry): number {
    const list = entry.camera ? this.cameras : this.others;
    const i = find(list, entry.seq);
    list.splice(i, 1);
    return entry.camera ? i : this.cameras.length + i;
  }

  private touch(place: number): void {
    this.changedFrom = this.changedFrom === null ? place : Math.min(this.changedFrom, place);
  }
}

/** The index of `seq` in a section (kept in increasing seq). */
function find(list: Entry[], seq: number): number {
  let lo = 0, hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = list[mid]!.seq;
    if (at === seq) return mid;
    if (at < seq) lo = mid + 1;
    else hi = mid - 1;
  }
  throw new RangeError(`grid entry ${seq} not found`);
}
