import {
  initialLinkState,
  LINK_THRESHOLDS,
  nextLinkState,
  readCounters,
  sampleBetween,
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
    if (this.timer) {
      this.stop();
      this.start();
    }
  }

  get mode(): LinkState['mode'] {
    return this.state.mode;
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
    this.state = nextLinkState(this.state, sample, this.thresholds);
    if (this.state.mode !== before) this.onChange(this.state.mode, sample);
  }
}
