import type { PeerInfo } from './protocol.ts';
import { siteCounts, type LiveState } from './state.ts';

/** How many chairs are pinned ahead of the pages, this site not counted: the server sends as many chairs' cameras unasked (RECEIVE_LIMITS.chairs). */
const PINNED_CHAIRS = 2;

/** What the stage shows of the sites: who is pinned ahead of the pages, and the current page. */
export interface GridPlan {
  /** The chủ trì (and a deputy), and the floor holder when it is not on the current page. */
  pinned: PeerInfo[];
  /** The sites of the page shown, in the server's grid order (state.grid). */
  page: PeerInfo[];
  /** The page shown (0-based: the server's answer, state.page until one came) and how many there are now. */
  pageIndex: number;
  pages: number;
  /** Sites on other pages: they are counted, not on screen. */
  elsewhere: number;
}

/**
 * Which sites are on screen. The chairs are pinned; every other site has a place in the grid
 * the server keeps (issue #13: sites with a camera first, in the order their camera came, then
 * the others in the order they came in) and cuts into pages; this site shows the page the server
 * last sent (state.grid) and never sorts it. The floor holder is pinned too while it is not on
 * that page. The page count comes from the room's counts now, not the page's snapshot: a
 * summary roster knows only the sites of its page, and the counts keep coming (`presence`).
 */
export function planGrid(state: LiveState): GridPlan {
  const selfId = state.self?.peerId;
  const admitted = (p: PeerInfo | undefined): p is PeerInfo => !!p && p.state === 'admitted' && p.peerId !== selfId;
  const onGrid = (p: PeerInfo | undefined): p is PeerInfo => admitted(p) && p.role !== 'chair';
  const chairs: PeerInfo[] = [];
  for (const p of state.peers.values()) if (admitted(p) && p.role === 'chair') chairs.push(p);
  const pinned = chairs.slice(0, PINNED_CHAIRS);
  const grid = state.grid;
  // Until the answer to a smaller page comes (the join's first page holds the server's default
  // size), a phone shows the first sites of the page it has rather than more tiles than it asked for.
  const page = (grid?.peerIds ?? []).map((peerId) => state.peers.get(peerId)).filter(onGrid).slice(0, Math.max(1, state.pageSize));
  const holder = state.peers.get(state.floor.holderPeerId ?? '');
  const holderPinned = onGrid(holder) && !page.includes(holder);
  if (holderPinned) pinned.push(holder);
  // The grid is the room's sites but this one and every chair (siteCounts counts this one as soon as it has joined).
  const sites = Math.max(0, siteCounts(state).sites - (state.self ? 1 : 0) - chairs.length);
  const pageIndex = grid ? grid.page : Math.max(0, state.page);
  // A page the server made before sites left may lie past the pages the counts give now: it is still one of them.
  const pages = Math.max(1, Math.ceil(sites / Math.max(1, state.pageSize)), pageIndex + 1);
  return { pinned, page, pageIndex, pages, elsewhere: Math.max(0, sites - page.length - (holderPinned ? 1 : 0)) };
}
