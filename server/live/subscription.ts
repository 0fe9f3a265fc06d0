import type { FastifyBaseLogger } from 'fastify';
import type { types } from 'mediasoup';
import type { GridOrder } from './grid-order.ts';
import type { LivePeer } from './peer.ts';
import { changedCameras, offPage, RECEIVE_LIMITS, sharedPart, takePicture, wanted, type Picture, type View } from './picture.ts';
import type { EventName, GridPage, ServerEvents, Subscription } from './protocol.ts';

/** Where a producer is on a site's screen: the stage (largest layer), the grid, or heard. */
export type Placement = 'stage' | 'grid' | 'audio';

/** What the subscription needs of a live meeting. */
export interface SubscriptionRoom {
  isClosed(): boolean;
  admitted(): LivePeer[];
  floorHolder(): LivePeer | null;
  peer(peerId: string): LivePeer | undefined;
  readonly grid: GridOrder;
  emitTo<E extends 'subscription' | 'gridPage'>(peer: LivePeer, event: E, payload: ServerEvents[E]): void;
  /** Every site hears of `peer` from now (it is on the stage, shares a screen or may be heard). */
  feature(peer: LivePeer): void;
  log: Pick<FastifyBaseLogger, 'error'>;
}

/**
 * Refreshes of a meeting come at most this often: a thousand arrivals in a second cost a few
 * dozen looks at the meeting, not a thousand (the first change of a quiet room goes at once).
 */
export const REFRESH_GAP_MS = 50;

/** Events after which someone's screen may show something else. */
const CHANGES = new Set<EventName>(['peerJoined', 'peerLeft', 'newProducer', 'producerClosed', 'producerPaused', 'producerResumed', 'floor', 'activeSpeaker']);

/**
 * Each admitted site's subscription: the producers it may consume now. The server owns it —
 * `consume` is refused outside it, consumers that leave it are paused (a quick page flip back
 * resumes them) and the longest off screen closed beyond one page's worth — and tells the
 * site (`subscription`) what it may consume whenever it changes. The site asks for a page of
 * the grid (`showPage`); the server cuts it from the meeting's grid order (grid-order.ts), tells
 * the site the page's sites (`gridPage`) whenever they change, and the stage comes without asking.
 *
 * Refreshes run one at a time, after the broadcast that caused them (`observe`), and look at
 * the sites a change may concern: all of them when the shared part of the picture changed (the
 * stage, the voices), else the sites that came since, those whose page moved and those whose
 * page shows a site whose camera changed.
 */
export class Subscriptions {
  private readonly views = new WeakMap<LivePeer, View>();
  /** For each site on some page: the sites whose page shows it (they hear its news: live-meeting.ts). */
  private readonly viewers = new Map<string, Set<LivePeer>>();
  private readonly sent = new WeakMap<LivePeer, string>();
  /** Sites whose subscription has been applied since they came. */
  private readonly known = new WeakSet<LivePeer>();
  private speaker: string | null = null;
  /** Who spoke last, most recent first (the active speaker's history). */
  private recent: string[] = [];
  private cached: Picture | null = null;
  /** The picture of the last refresh and its shared part. */
  private last: { picture: Picture; shared: string } | null = null;
  /** Sites that left since the last refresh: no page shows them any more. */
  private departed: string[] = [];
  private chain: Promise<unknown> = Promise.resolve();
  private scheduled = false;
  private lastRefreshAt = -Infinity;

  private readonly room: SubscriptionRoom;
  constructor(room: SubscriptionRoom) {
    this.room = room;
  }

  /** A broadcast went out: the events that change who is on whose screen refresh the subscriptions they concern. */
  observe<E extends EventName>(event: E, payload: ServerEvents[E]): void {
    if (!CHANGES.has(event)) return;
    if (event === 'activeSpeaker') {
      const { peerId } = payload as ServerEvents['activeSpeaker'];
      this.speaker = peerId;
      if (peerId) this.recent = [peerId, ...this.recent.filter((id) => id !== peerId)].slice(0, RECEIVE_LIMITS.lastSpeakers);
    } else if (event === 'peerLeft') {
      const { peerId } = payload as ServerEvents['peerLeft'];
      this.recent = this.recent.filter((id) => id !== peerId);
      if (this.speaker === peerId) this.speaker = null;
      this.departed.push(peerId);
    }
    this.cached = null;
    this.schedule();
  }

  /** A site was let in: it shows the first page until it asks for another. */
  place(peer: LivePeer): GridPage {
    return this.cut(peer, { page: 0, size: RECEIVE_LIMITS.defaultView, gridLayer: 0, peerIds: [] });
  }

  /** The site's page now (a join's answer). */
  pageOf(peer: LivePeer): GridPage {
    return this.cut(peer, this.views.get(peer) ?? { page: 0, size: RECEIVE_LIMITS.defaultView, gridLayer: 0, peerIds: [] });
  }

  /** The site asks for a page of the grid: its sites now, and what it receives with them. */
  async showPage(peer: LivePeer, ask: Omit<View, 'peerIds'>): Promise<GridPage & { subscription: Subscription }> {
    const page = this.cut(peer, { ...ask, peerIds: this.views.get(peer)?.peerIds ?? [] });
    const subscription = await this.serial(() => this.reconcile(peer, this.picture()));
    return { ...page, subscription };
  }

  /** The sites whose page shows `peerId`: they hear its news. */
  viewersOf(peerId: string): ReadonlySet<LivePeer> {
    return this.viewers.get(peerId) ?? NONE;
  }

  /** The site left: no page of its is shown any more. */
  drop(peer: LivePeer): void {
    for (const id of this.views.get(peer)?.peerIds ?? []) this.viewers.get(id)?.delete(peer);
    this.views.delete(peer);
  }

  /** Where `producerId` is on the site's screen, or null when it is not there (consume is refused). */
  placement(peer: LivePeer, producerId: string): Placement | null {
    // The page as the grid is now: a site that came onto it since the last refresh is already on screen (its gridPage is on its way).
    const view = this.views.get(peer);
    const now = view && { ...view, peerIds: this.room.grid.page(peer, view.page, view.size).peers.map((p) => p.peerId) };
    const want = wanted(peer, this.picture(), now);
    return want.video.get(producerId) ?? (want.audio.has(producerId) ? 'audio' : null);
  }

  /** The simulcast layers a new consumer starts at: the stage at the top, the grid at what its tiles need. */
  layersFor(peer: LivePeer, placement: Placement): types.ConsumerLayers | undefined {
    if (placement === 'audio') return undefined;
    return { spatialLayer: placement === 'stage' ? 2 : (this.views.get(peer)?.gridLayer ?? 0) };
  }

  private schedule(): void {
    if (this.scheduled || this.room.isClosed()) return;
    this.scheduled = true;
    const run = () => {
      this.scheduled = false;
      this.lastRefreshAt = performance.now();
      void this.serial(() => this.refresh()).catch((err: unknown) => this.room.log.error({ err }, 'subscriptions: refresh failed'));
    };
    const wait = this.lastRefreshAt + REFRESH_GAP_MS - performance.now();
    if (wait <= 0) setImmediate(run);
    else setTimeout(run, wait).unref();
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.chain.then(task, task);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async refresh(): Promise<void> {
    if (this.room.isClosed()) return;
    const picture = this.picture();
    // Whoever a site may see or hear off its page is told to every site before their subscriptions name it.
    for (const peer of offPage(picture)) if (!peer.featured) this.room.feature(peer);
    const targets = this.repage(picture);
    for (const peer of this.concerned(picture)) targets.add(peer);
    // One site's failure (its worker went, its consumer closed meanwhile) must not keep the others' subscriptions stale.
    await Promise.all([...targets].map((peer) => this.reconcile(peer, picture).catch((err: unknown) => {
      if (!peer.closed) this.room.log.error({ err, peerId: peer.peerId }, 'subscriptions: could not apply a site\'s subscription');
    })));
  }

  /**
   * The grid moved from some place on: the sites whose page reaches that place get their page
   * again, and are told it (`gridPage`) when its sites changed.
   */
  private repage(picture: Picture): Set<LivePeer> {
    const moved = new Set<LivePeer>();
    const from = this.room.grid.takeChange();
    if (from === null) return moved;
    for (const peer of picture.order) {
      const view = this.views.get(peer);
      // Its page's last place, and one more when the site itself is before it.
      if (!view || peer.closed || (view.page + 1) * view.size + 1 < from) continue;
      const before = view.peerIds;
      const page = this.cut(peer, view);
      if (sameList(before, page.peerIds)) continue;
      this.room.emitTo(peer, 'gridPage', page);
      moved.add(peer);
    }
    return moved;
  }

  /** Cuts the site's page from the grid, keeps it as its view and indexes who shows whom. */
  private cut(peer: LivePeer, view: View): GridPage {
    const cut = this.room.grid.page(peer, view.page, view.size);
    const peerIds = cut.peers.map((p) => p.peerId);
    const before = view.peerIds;
    for (const id of before) this.viewers.get(id)?.delete(peer);
    for (const id of peerIds) {
      const set = this.viewers.get(id) ?? new Set<LivePeer>();
      set.add(peer);
      this.viewers.set(id, set);
    }
    this.views.set(peer, { ...view, peerIds });
    const now = new Set<string>(peerIds);
    // A summary roster forgets the sites it hears no more of; a full roster hears of every site.
    const forget = peer.roster === 'full' ? [] : before.filter((id) => !now.has(id) && !this.room.peer(id)?.featured);
    return {
      page: cut.page, pageSize: view.size, sites: cut.sites, peerIds,
      peers: cut.peers.map((p) => p.info()), producers: cut.peers.flatMap((p) => p.producerInfos()), forget,
    };
  }

  /** The sites whose subscription the changes since the last refresh may have changed. */
  private concerned(picture: Picture): Iterable<LivePeer> {
    const shared = sharedPart(picture);
    const last = this.last;
    this.last = { picture, shared };
    const departed = this.departed;
    this.departed = [];
    if (!last || last.shared !== shared) return picture.order;
    const targets = new Set<LivePeer>();
    for (const peer of picture.order) if (!this.known.has(peer)) targets.add(peer);
    for (const id of changedCameras(last.picture, picture)) {
      for (const viewer of this.viewers.get(id) ?? []) if (!viewer.closed) targets.add(viewer);
    }
    for (const id of departed) this.viewers.delete(id);
    return targets;
  }

  /** Pauses what left the site's screen, resumes what came back, closes what is far off, and tells the site. */
  private async reconcile(peer: LivePeer, picture: Picture): Promise<Subscription> {
    const media = peer.media;
    const view = this.views.get(peer);
    const want = wanted(peer, picture, view);
    const subscription: Subscription = { video: [...want.video.keys()], audio: [...want.audio] };
    if (!media || peer.closed || media.closed) return subscription;
    this.known.add(peer);
    await media.applyView({
      ...subscription,
      keep: { video: Math.max(RECEIVE_LIMITS.defaultView, view?.size ?? 0), audio: RECEIVE_LIMITS.lastSpeakers },
    });
    const signature = `${[...subscription.video].sort().join()}|${[...subscription.audio].sort().join()}`;
    if (this.sent.get(peer) !== signature && !peer.closed) {
      this.sent.set(peer, signature);
      this.room.emitTo(peer, 'subscription', subscription);
    }
    return subscription;
  }

  private picture(): Picture {
    this.cached ??= takePicture(this.room.admitted(), { floorHolder: this.room.floorHolder(), speaker: this.speaker, recent: this.recent });
    return this.cached;
  }
}

const NONE: ReadonlySet<LivePeer> = new Set();

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}
