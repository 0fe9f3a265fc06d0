import type { PeerInfo } from './protocol.ts';
import { SortedList } from './sorted.ts';
import type { LiveState } from './state.ts';

/** How many chairs are pinned ahead of the pages (the server sends at most this many chairs' cameras unasked). */
const PINNED_CHAIRS = 2;

/** What the stage shows of the sites: who is pinned ahead of the pages, and the current page. */
export interface GridPlan {
  /** The chủ trì (and a deputy), and the floor holder when it is not on the current page. */
  pinned: PeerInfo[];
  /** The sites of the current page, in a stable order (cameras first, then by name), which the server is told (setView). */
  page: PeerInfo[];
  /** The page shown (0-based, kept within the pages there are) and how many there are. */
  pageIndex: number;
  pages: number;
  /** Sites on other pages: they are in the list of sites, not on screen. */
  elsewhere: number;
}

const collator = new Intl.Collator('vi');

/**
 * The order of the grid's sites, kept by the stage across repaints (sorted.ts): cameras first,
 * then by name. It is sorted again only when the set of sites with a camera changed.
 */
export class GridOrder {
  private cameras = new Set<string>();
  private camerasKey = '';
  private readonly list = new SortedList<PeerInfo>((a, b) =>
    Number(this.cameras.has(b.peerId)) - Number(this.cameras.has(a.peerId)) || collator.compare(a.siteName, b.siteName) || a.peerId.localeCompare(b.peerId));

  order(sites: PeerInfo[], cameras: Set<string>): PeerInfo[] {
    const key = [...cameras].sort().join();
    if (key !== this.camerasKey) {
      this.camerasKey = key;
      this.list.reset();
    }
    this.cameras = cameras;
    return this.list.order(sites);
  }
}

/**
 * Which sites are on screen. The chairs are pinned; every other site has a fixed place in a
 * list — the sites with a camera first, then the others, each sorted by name — cut into pages
 * of `pageSize`, so pages do not shift as the floor moves; the floor holder is pinned too while
 * its page is not the one shown. With hundreds of sites of which a few send video, the first
 * pages show those that can be seen, not a page of names (a camera turned off keeps its place:
 * its producer stays, paused).
 */
export function planGrid(state: Pick<LiveState, 'peers' | 'self' | 'floor' | 'page' | 'pageSize' | 'producers'>, order = new GridOrder()): GridPlan {
  const selfId = state.self?.peerId;
  const cameras = new Set<string>();
  for (const p of state.producers.values()) if (p.source === 'camera') cameras.add(p.peerId);
  const admitted: PeerInfo[] = [];
  for (const p of state.peers.values()) if (p.state === 'admitted' && p.peerId !== selfId) admitted.push(p);
  const sites = order.order(admitted, cameras);
  const chairs = sites.filter((p) => p.role === 'chair').slice(0, PINNED_CHAIRS);
  const rest = sites.filter((p) => !chairs.includes(p));
  const size = Math.max(1, state.pageSize);
  const pages = Math.max(1, Math.ceil(rest.length / size));
  const pageIndex = Math.min(Math.max(0, state.page), pages - 1);
  const page = rest.slice(pageIndex * size, (pageIndex + 1) * size);
  const holder = rest.find((p) => p.peerId === state.floor.holderPeerId);
  const pinned = holder && !page.includes(holder) ? [...chairs, holder] : chairs;
  return { pinned, page, pageIndex, pages, elsewhere: rest.length - page.length - (pinned.length - chairs.length) };
}
