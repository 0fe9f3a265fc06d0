import type { FastifyBaseLogger } from 'fastify';
import type { types } from 'mediasoup';
import type { LivePeer } from './peer.ts';
import type { EventName, ServerEvents, Subscription } from './protocol.ts';

/**
 * What one site receives at most, whatever it asks (issue #13, "receive only what you see").
 * A formal meeting has a shape: the chủ trì and the site holding the floor speak, the others
 * listen, and sites are shown as a grid of pages. So a site receives the video of its page
 * of the grid and of the stage, and the microphones of the few who may speak.
 */
export const RECEIVE_LIMITS = {
  /** The grid page of a site that has not told its view yet: the first sites in join order. */
  defaultView: 9,
  /** Cameras on the stage without asking: the floor holder, the active speaker, the chủ trì. */
  stage: 3,
  /** Chairs counted for the stage and the microphones (a meeting may have a chủ trì and a deputy). */
  chairs: 2,
  screens: 2,
  /** Microphones: the chủ trì, the floor holder and the last speakers of an open discussion. */
  audio: 6,
  lastSpeakers: 3,
} as const;

/** Where a producer is on a site's screen: the stage (largest layer), the grid, or heard. */
export type Placement = 'stage' | 'grid' | 'audio';

export interface View {
  peerIds: string[];
  gridLayer: number;
}

/** What the subscription needs of a live meeting. */
export interface SubscriptionRoom {
  isClosed(): boolean;
  admitted(): LivePeer[];
  floorHolder(): LivePeer | null;
  emitTo(peer: LivePeer, event: 'subscription', payload: Subscription): void;
  log: Pick<FastifyBaseLogger, 'error'>;
}

/** The meeting as every site's subscription sees it, computed once per change. */
interface Picture {
  byId: Map<string, LivePeer>;
  order: LivePeer[];
  camera: Map<LivePeer, string>;
  mic: Map<LivePeer, string>;
  screens: { peer: LivePeer; producerId: string }[];
  /** In priority order, one more than fits (a site never receives itself). */
  stage: LivePeer[];
  voices: LivePeer[];
}

interface Wanted {
  video: Map<string, 'stage' | 'grid'>;
  audio: Set<string>;
}

/** Events after which someone's screen may show something else. */
const CHANGES = new Set<EventName>(['peerJoined', 'peerLeft', 'newProducer', 'producerClosed', 'floor', 'activeSpeaker']);

/**
 * Each admitted site's subscription: the producers it may consume now. The server owns it —
 * `consume` is refused outside it, consumers that leave it are paused (a quick page flip back
 * resumes them) and the longest off screen closed beyond one page's worth — and tells the
 * site (`subscription`) what it may consume whenever it changes. The site tells what its grid
 * page shows (`setView`); the stage comes without asking.
 *
 * Refreshes run one at a time, after the broadcast that caused them (`observe`).
 */
export class Subscriptions {
  private readonly views = new WeakMap<LivePeer, View>();
  private readonly sent = new WeakMap<LivePeer, string>();
  private speaker: string | null = null;
  /** Who spoke last, most recent first (the active speaker's history). */
  private recent: string[] = [];
  private cached: Picture | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  private scheduled = false;

  private readonly room: SubscriptionRoom;
  constructor(room: SubscriptionRoom) {
    this.room = room;
  }

  /** A broadcast went out: the events that change who is on whose screen refresh everyone's subscription. */
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
    }
    this.cached = null;
    this.schedule();
  }

  /** The site's grid page changed: its subscription now, applied to its consumers. */
  setView(peer: LivePeer, view: View): Promise<Subscription> {
    this.views.set(peer, view);
    return this.serial(() => this.reconcile(peer, this.picture()));
  }

  /** Where `producerId` is on the site's screen, or null when it is not there (consume is refused). */
  placement(peer: LivePeer, producerId: string): Placement | null {
    const want = this.wanted(peer, this.picture());
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
    setImmediate(() => {
      this.scheduled = false;
      void this.serial(() => this.refreshAll()).catch((err: unknown) => this.room.log.error({ err }, 'subscriptions: refresh failed'));
    });
  }

  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.chain.then(task, task);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async refreshAll(): Promise<void> {
    if (this.room.isClosed()) return;
    const picture = this.picture();
    // One site's failure (its worker went, its consumer closed meanwhile) must not keep the others' subscriptions stale.
    await Promise.all(picture.order.map((peer) => this.reconcile(peer, picture).catch((err: unknown) => {
      if (!peer.closed) this.room.log.error({ err, peerId: peer.peerId }, 'subscriptions: could not apply a site\'s subscription');
    })));
  }

  /** Pauses what left the site's screen, resumes what came back, closes what is far off, and tells the site. */
  private async reconcile(peer: LivePeer, picture: Picture): Promise<Subscription> {
    const media = peer.media;
    const want = this.wanted(peer, picture);
    const subscription: Subscription = { video: [...want.video.keys()], audio: [...want.audio] };
    if (!media || peer.closed || media.closed) return subscription;
    const view = this.views.get(peer);
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

  private wanted(peer: LivePeer, picture: Picture): Wanted {
    const video = new Map<string, 'stage' | 'grid'>();
    const audio = new Set<string>();
    for (const p of picture.stage) {
      const camera = picture.camera.get(p);
      if (p === peer || !camera) continue;
      if (video.size >= RECEIVE_LIMITS.stage) break;
      video.set(camera, 'stage');
    }
    for (const s of picture.screens.filter((x) => x.peer !== peer).slice(0, RECEIVE_LIMITS.screens)) video.set(s.producerId, 'stage');
    const view = this.views.get(peer);
    const grid = view
      ? view.peerIds.map((id) => picture.byId.get(id))
      : picture.order.filter((p) => p !== peer).slice(0, RECEIVE_LIMITS.defaultView);
    for (const p of grid) {
      const camera = p && p !== peer ? picture.camera.get(p) : undefined;
      if (camera && !video.has(camera)) video.set(camera, 'grid');
    }
    // A small meeting hears everyone: its microphones fit in the slots the large one keeps for those who may speak.
    const others = picture.mic.size - (picture.mic.has(peer) ? 1 : 0);
    const voices = others <= RECEIVE_LIMITS.audio ? picture.mic.keys() : picture.voices;
    for (const p of voices) {
      const mic = picture.mic.get(p);
      if (p === peer || !mic) continue;
      if (audio.size >= RECEIVE_LIMITS.audio) break;
      audio.add(mic);
    }
    return { video, audio };
  }

  private picture(): Picture {
    if (this.cached) return this.cached;
    const order = this.room.admitted();
    const byId = new Map<string, LivePeer>(order.map((p) => [p.peerId, p]));
    const camera = new Map<LivePeer, string>();
    const mic = new Map<LivePeer, string>();
    const screens: Picture['screens'] = [];
    for (const peer of order) {
      for (const producer of peer.media?.producers.values() ?? []) {
        if (producer.closed) continue;
        const source = producer.appData.source;
        if (source === 'camera') camera.set(peer, producer.id);
        else if (source === 'mic') mic.set(peer, producer.id);
        else screens.push({ peer, producerId: producer.id });
      }
    }
    const chairs = order.filter((p) => p.role === 'chair').slice(0, RECEIVE_LIMITS.chairs + 1);
    const holder = this.room.floorHolder();
    const speaker = this.speaker ? (byId.get(this.speaker) ?? null) : null;
    const recent = this.recent.map((id) => byId.get(id));
    const picture: Picture = {
      byId, order, camera, mic, screens,
      stage: unique([holder, speaker, ...chairs]),
      voices: unique([...chairs, holder, ...recent]),
    };
    this.cached = picture;
    return picture;
  }
}

function unique(peers: (LivePeer | null | undefined)[]): LivePeer[] {
  return [...new Set(peers.filter((p): p is LivePeer => !!p && !p.closed))];
}
