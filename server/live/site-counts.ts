import type { SiteCounts } from './protocol.ts';

/** How often, at most, a room's counts are sent: arrivals within one tick cost one message per site. */
export const PRESENCE_TICK_MS = 200;
/** A room of K sites (200 ≤ K ≤ 1,000) waits K ms: about a thousand count messages a second at most, up to 1,000 sites. */
export const PRESENCE_MAX_TICK_MS = 1000;

/** The tick of a room of `sites` sites: 200 ms for a province's meeting, a second for the national one. */
export const presenceTick = (sites: number) => Math.min(PRESENCE_MAX_TICK_MS, Math.max(PRESENCE_TICK_MS, sites));

/**
 * The room's counts (sites, people declared), sent to every site as one `presence` event per
 * tick however many sites came or went in it. Without this, each of K arrivals was announced to
 * every site: K² messages, minutes of a server's time for the national meeting (issue #13).
 */
export class SiteCountsNews {
  private timer: NodeJS.Timeout | null = null;
  private last: SiteCounts | null = null;

  private readonly count: () => SiteCounts;
  private readonly send: (counts: SiteCounts) => void;
  constructor(count: () => SiteCounts, send: (counts: SiteCounts) => void) {
    this.count = count;
    this.send = send;
  }

  /** Something that the counts depend on changed: they go out at the end of this tick, if they differ. */
  changed(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      const counts = this.count();
      if (this.last && this.last.sites === counts.sites && this.last.people === counts.people) return;
      this.last = counts;
      this.send(counts);
    }, presenceTick(this.last?.sites ?? 0));
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
