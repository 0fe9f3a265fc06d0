import { applyGridPage, type GridHost } from './grid-page.ts';
import type { JoinTimeline } from './join-timeline.ts';
import type { MediaEngine } from './media.ts';
import type { Methods, ProducerInfo, Subscription } from './protocol.ts';
import type { LiveState, Part } from './state.ts';

/** What the page and subscription sync needs of a live session (LiveSession implements it). */
export interface ViewHost extends GridHost {
  readonly state: LiveState;
  readonly engine: MediaEngine | null;
  /** The engine of the join being entered: it receives already while its own media is being sent. */
  readonly entering: MediaEngine | null;
  readonly timeline: JoinTimeline;
  request<M extends keyof Methods>(method: M, payload: Methods[M]['req']): Promise<Methods[M]['res']>;
  mark(...parts: Part[]): void;
  /** This join's media may be received (its receive transport is made, the room entered or being entered). */
  canReceive(engine?: MediaEngine | null): boolean;
}

type PageRequest = Methods['showPage']['req'];
const keyOf = (request: PageRequest) => `${request.page}:${request.pageSize}:${request.gridLayer ?? 0}`;

/**
 * What this site shows and receives, kept in step with the server: the page of the grid the
 * person wants (showPage, one request at a time, the latest wins), the page the server answers
 * with (grid-page.ts), and the producers the server lets this site receive (the subscription),
 * consumed the first picture first.
 */
export class ViewSync {
  /** The consume of the first picture of the join being entered (consumeInOrder), once asked; enterRoom waits for it. */
  firstPicture: Promise<void> | null = null;
  /** The page the stage wants and the layer its tiles need; until it says, the page in state at the smallest layer. */
  private wanted: PageRequest | null = null;
  /** The last request the server answered (null: it must hear the page again, e.g. after a new join). */
  private sent: string | null = null;
  private sending: Promise<void> | null = null;

  private readonly host: ViewHost;
  constructor(host: ViewHost) {
    this.host = host;
  }

  /** The stage shows this page: the server hears of it when it changed. */
  show(page: number, pageSize: number, gridLayer: number): void {
    this.wanted = { page, pageSize, gridLayer };
    void this.send();
  }

  /** A join (or a resume) is receiving: its peer on the server must be told the page again, once any request in flight is done. */
  async resend(): Promise<void> {
    await this.sending;
    this.sent = null;
    await this.send();
  }

  /** The page to ask for with a join (its answer comes back with the join: `accept`). */
  request(): PageRequest {
    return this.current();
  }

  /** The join answered `request` already (JoinResult.view): applied as showPage's answer, and the page asked again only if it changed since. */
  accept(request: PageRequest, answer: Methods['showPage']['res']): void {
    this.host.timeline.mark('viewAnswered');
    this.sent = keyOf(request);
    this.answered(request, answer);
    void this.send();
  }

  /** This join's media is gone: the next one tells the server its page again. */
  reset(): void {
    this.sent = null;
  }

  private current(): PageRequest {
    const s = this.host.state;
    return this.wanted ?? { page: s.page, pageSize: s.pageSize, gridLayer: 0 };
  }

  private send(): Promise<void> {
    this.sending ??= (async () => {
      try {
        for (;;) {
          const request = this.current();
          const key = keyOf(request);
          if (key === this.sent || !this.host.canReceive()) return;
          const answer = await this.host.request('showPage', request);
          this.host.timeline.mark('viewAnswered');
          this.sent = key;
          this.answered(request, answer);
        }
      } catch (err) {
        // The server pushes the page and the subscription whenever they change; the next repaint tries again.
        console.warn('[live] showPage failed', err);
      }
    })().finally(() => {
      this.sending = null;
    });
    return this.sending;
  }

  private answered(request: PageRequest, { subscription, ...page }: Methods['showPage']['res']): void {
    applyGridPage(this.host, page);
    // The server keeps the page within the pages there are: when the latest request was past the
    // last one, the page asked for becomes the page shown, so the pager flips from there (and the
    // same page is not asked for again).
    if (page.page !== request.page && keyOf(this.current()) === keyOf(request)) {
      this.host.state.page = page.page;
      if (this.wanted) this.wanted = { ...this.wanted, page: page.page };
      this.sent = keyOf(this.current());
    }
    this.applySubscription(subscription);
  }

  /** What this site may receive now: consume what came on screen; the server paused (or closed) what left it. */
  applySubscription(subscription: Subscription): void {
    const s = this.host.state;
    s.subscription = { video: new Set(subscription.video), audio: new Set(subscription.audio) };
    const missing = [...subscription.video, ...subscription.audio]
      .map((producerId) => s.producers.get(producerId))
      .filter((info): info is ProducerInfo => !!info && !this.host.engine?.remote(info.producerId));
    void this.consumeInOrder(missing);
    this.host.mark('producers');
  }

  receives(producerId: string): boolean {
    const { video, audio } = this.host.state.subscription;
    return video.has(producerId) || audio.has(producerId);
  }

  /**
   * Receives one remote producer, once this join's receive transport is made (canReceive) and
   * if the server lets this site receive it (its subscription); failures are not fatal (it may
   * have closed meanwhile).
   */
  async consume(info: ProducerInfo): Promise<void> {
    const engine = this.host.engine;
    if (!engine || !this.host.canReceive(engine) || !this.receives(info.producerId)) return;
    try {
      const remote = await engine.consume(info);
      // Its site was forgotten (it left, or left the page) while the consume was under way.
      if (remote && !this.host.state.producers.has(info.producerId)) engine.dropConsumer({ producerId: info.producerId });
    } catch (err) {
      console.warn('[live] consume failed', info.producerId, err);
    }
    this.host.mark('producers');
  }

  /**
   * The first picture first: the first video the subscription lists that is being sent (the
   * server lists the stage first: floor holder, speaker, chủ trì) is consumed alone, the rest
   * once it flows. All at once, their consume calls would queue ahead of its receive
   * transport's connect and its resume at the server (one call of a socket at a time) and in
   * the browser (one offer/answer at a time): a joining site waited for every camera of its
   * grid before it saw the chủ trì's. While the room is being entered, the site's camera waits
   * for it too (enterRoom).
   */
  private async consumeInOrder(infos: ProducerInfo[]): Promise<void> {
    const first = infos.find((info) => info.kind === 'video' && !info.paused);
    if (first) {
      const consumed = this.consume(first);
      if (this.host.entering === this.host.engine) this.firstPicture ??= consumed;
      await consumed;
    }
    await Promise.all(infos.filter((info) => info !== first).map((info) => this.consume(info)));
  }
}
