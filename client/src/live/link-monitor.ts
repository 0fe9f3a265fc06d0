import {
  initialLayerCap,
  initialLinkState,
  LINK_THRESHOLDS,
  nextLayerCap,
  nextLinkState,
  readCounters,
  sampleBetween,
  type LayerCap,
  type LinkCounters,
  type LinkSample,
  type LinkState,
  type LinkThresholds,
} from './link-quality.ts';

/**
 * Reads the receive transport's statistics every few seconds and reports when the
 * audio-only rule (link-quality.ts) changes its mind. It only decides; the session asks
 * the server to change what this site receives.
 */
export class LinkMonitor {
  private timer: ReturnType<typeof setInterval> | null = null;
  private previous: LinkCounters | null = null;
  private state: LinkState;
  private lastSample: LinkSample | null = null;
  private cap: LayerCap = initialLayerCap();
  /** Told when the site starts or stops wanting only the lowest video layer (see nextLayerCap). */
  onLowestLayer: ((lowest: boolean) => void) | null = null;

  private thresholds: LinkThresholds;

  private readonly getStats: () => Promise<RTCStatsReport | null>;
  private readonly onChange: (mode: LinkState['mode'], sample: LinkSample) => void;
  constructor(
    getStats: () => Promise<RTCStatsReport | null>,
    onChange: (mode: LinkState['mode'], sample: LinkSample) => void,
    thresholds: LinkThresholds = LINK_THRESHOLDS,
  ) {
    this.getStats = getStats;
    this.onChange = onChange;
    this.thresholds = { ...thresholds };
    this.state = initialLinkState(thresholds);
  }

  /**
   * Changes thresholds while running (support staff tuning a site from the console, and the
   * browser test that makes a healthy loopback link count as weak); the current mode stays.
   */
  configure(overrides: Partial<LinkThresholds>): void {
    this.thresholds = { ...this.thresholds, ...overrides };
    this.state = { ...this.state, badStreak: 0, goodSinceMs: null, recoverAfterMs: this.thresholds.recoverAfterMs };
    if (this.cap.lowest) {
      this.cap = initialLayerCap();
      this.onLowestLayer?.(false);
    }
    if (this.timer) {
      this.stop();
      this.start();
    }
  }

  get mode(): LinkState['mode'] {
    return this.state.mode;
  }

  /** A strained link: ask for the lowest video layer only. */
  get lowestLayer(): boolean {
    return this.cap.lowest;
  }

  get sample(): LinkSample | null {
    return this.lastSample;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.thresholds.sampleIntervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.previous = null;
  }

  /** After a manual choice or a rejoin, judge the link afresh from the given mode. */
  reset(mode: LinkState['mode']): void {
    this.state = { ...initialLinkState(this.thresholds), mode };
    this.previous = null;
  }

  private async tick(): Promise<void> {
    let report: RTCStatsReport | null;
    try {
      report = await this.getStats();
    } catch {
      return; // the transport is being replaced; the next tick reads the new one
    }
    if (!report || !this.timer) return;
    const current = readCounters(report.values() as Iterable<Record<string, unknown>>, performance.now());
    const previous = this.previous;
    this.previous = current;
    if (!previous) return;
    const sample = sampleBetween(previous, current, this.thresholds);
    this.lastSample = sample;
    const before = this.state.mode;
    const wasLowest = this.cap.lowest;
    this.state = nextLinkState(this.state, sample, this.thresholds, { lowestLayer: wasLowest });
    this.cap = nextLayerCap(this.cap, sample, this.thresholds);
    if (this.state.mode !== before) this.onChange(this.state.mode, sample);
    if (this.cap.lowest !== wasLowest) this.onLowestLayer?.(this.cap.lowest);
  }
}
