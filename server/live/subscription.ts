import type { FastifyBaseLogger } from 'fastify';
import type { types } from 'mediasoup';
import type { LivePeer } from './peer.ts';
import { changedCameras, RECEIVE_LIMITS, sharedPart, takePicture, wanted, type Picture, type View } from './picture.ts';
import type { EventName, ServerEvents, Subscription } from './protocol.ts';

/** Where a producer is on a site's screen: the stage (largest layer), the grid, or heard. */
export type Placement = 'stage' | 'grid' | 'audio';

/** What the subscription needs of a live meeting. */
export interface SubscriptionRoom {
  isClosed(): boolean;
  admitted(): LivePeer[];
  floorHolder(): LivePeer | null;
  emitTo(peer: LivePeer, event: 'subscription', payload: Subscription): void;
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
 * site (`subscription`) what it may consume whenever it changes. The site tells what its grid
 * page shows (`setView`); the stage comes without asking.
 *
 * Refreshes run one at a time, after the broadcast that caused them (`observe`), and look at
 * the sites a change may concern: all of them when the shared part of the picture changed (the
 * stage, the voices, the first page), else the sites that came since and those whose grid page
 * shows a site whose camera changed.
 */
export class Subscriptions {
  private readonly views = new WeakMap<LivePeer, View>();
  /** For each site shown on some told grid page: the sites whose page shows it. */
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

  /** The site's grid page changed: its subscription now, applied to its consumers. */
  setView(peer: LivePeer, view: View): Promise<Subscription> {
    for (const id of this.views.get(peer)?.peerIds ?? []) this.viewers.get(id)?.delete(peer);
    for (const id of view.peerIds) {
      const set = this.viewers.get(id) ?? new Set<LivePeer>();
      set.add(peer);
      this.viewers.set(id, set);
    }
    this.views.set(peer, view);
    return this.serial(() => this.reconcile(peer, this.picture()));
  }

  /** Where `producerId` is on the site's screen, or null when it is not there (consume is refused). */
  placement(peer: LivePeer, producerId: string): Placement | null {
    const want = wanted(peer, this.picture(), this.views.get(peer));
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
    const targets = this.concerned(picture);
    // One site's failure (its worker went, its consumer closed meanwhile) must not keep the others' subscriptions stale.
    await Promise.all([...targets].map((peer) => this.reconcile(peer, picture).catch((err: unknown) => {
      if (!peer.closed) this.room.log.error({ err, peerId: peer.peerId }, 'subscriptions: could not apply a site\'s subscription');
    })));
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
      keep: { video: Math.max(RECEIVE_LIMITS.defaultView, view?.peerIds.length ?? 0), audio: RECEIVE_LIMITS.lastSpeakers },
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
