/**
 * When a site's downlink is too weak for video, it switches to audio-only by itself and
 * comes back when the link has recovered. Pure functions (no browser APIs) so the rule is
 * unit-tested; link-monitor.ts feeds them from the receive transport's getStats().
 */

/** Every threshold of the rule, in one place. */
export const LINK_THRESHOLDS = {
  /** How often the receive transport's statistics are read. */
  sampleIntervalMs: 3_000,
  /** Estimated downlink below this (kbit/s) counts as bad, when the browser gives an estimate. */
  minDownlinkKbps: 300,
  /**
   * Packet loss above this fraction (0.10 = 10 %) counts as bad. Measured through a namespace
   * shaped to 256 kbit/s with 5 % random loss each way and +300 ms round trip
   * (tests/live/weak-link-netns.test.ts): 3–9.5 % per sample with video at the lowest layer,
   * which was still usable; at 96 kbit/s with that layer the samples read 18–41 %.
   */
  maxLossFraction: 0.1,
  /**
   * Loss above this (but not bad) strains the link: the site then asks only for the lowest
   * simulcast layer (spatial 0, temporal ≤ 1) so the server's bandwidth probing does not push
   * the link into congestion, before the rule ever has to drop video. Only a link at most this
   * lossy brings video back from audio-only (isCalm).
   */
  strainLossFraction: 0.03,
  /** Round-trip time above this counts as bad (satellite and congested 3G links reach it). */
  maxRttMs: 1_500,
  /** Fewer packets than this in a sample say nothing about loss. */
  minPacketsForLoss: 30,
  /** Consecutive bad samples before dropping video: one bad sample is often a hiccup. */
  badSamplesToDegrade: 2,
  /** Calm link for this long before video returns (and before a strained link asks for more than the lowest layer). */
  recoverAfterMs: 10_000,
  /** A link that degrades again soon after recovering waits twice as long next time, up to this. */
  maxRecoverAfterMs: 120_000,
  /** A degradation this soon after the last recovery counts as flapping. */
  flapWindowMs: 60_000,
} as const;

export type LinkThresholds = { [K in keyof typeof LINK_THRESHOLDS]: number };

/** Counters read from one getStats() of the receive transport. */
export interface LinkCounters {
  atMs: number;
  packetsReceived: number;
  packetsLost: number;
  bytesReceived: number;
  /** candidate-pair availableIncomingBitrate (bit/s), when the browser reports it. */
  availableIncomingBitrate: number | null;
  /** candidate-pair currentRoundTripTime in ms, when known. */
  rttMs: number | null;
}

/** What one interval between two readings says about the link. */
export interface LinkSample {
  atMs: number;
  downlinkKbps: number | null;
  lossFraction: number | null;
  rttMs: number | null;
}

export interface LinkState {
  mode: 'full' | 'audio-only';
  badStreak: number;
  /** Since when the link has been good while in audio-only mode. */
  goodSinceMs: number | null;
  /** When video last came back (for flap detection). */
  recoveredAtMs: number | null;
  /** Current wait before coming back; doubles when the link flaps. */
  recoverAfterMs: number;
}

export function initialLinkState(thresholds: LinkThresholds = LINK_THRESHOLDS): LinkState {
  return { mode: 'full', badStreak: 0, goodSinceMs: null, recoveredAtMs: null, recoverAfterMs: thresholds.recoverAfterMs };
}

type StatsEntry = Record<string, unknown> & { type?: unknown };

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/**
 * mediasoup's bandwidth probe: padding-only packets on their own stream (mid "probator", SSRC
 * 1234) that mediasoup-client declares so the browser accepts them. Its sequence numbers jump
 * between probe bursts, so the browser counts 30–60 % of it as lost on a clean link (measured in
 * tests/live/weak-link-netns.test.ts): it says nothing about the link and is left out.
 */
const isProbe = (entry: StatsEntry) => entry['mid'] === 'probator' || entry['ssrc'] === 1234;

/** Sums the inbound RTP streams (not the bandwidth probe) and reads the selected candidate pair of one stats report. */
export function readCounters(entries: Iterable<StatsEntry>, atMs: number): LinkCounters {
  const counters: LinkCounters = { atMs, packetsReceived: 0, packetsLost: 0, bytesReceived: 0, availableIncomingBitrate: null, rttMs: null };
  const pairs: StatsEntry[] = [];
  let selectedPairId: unknown = null;
  for (const entry of entries) {
    if (entry.type === 'inbound-rtp' && !isProbe(entry)) {
      counters.packetsReceived += num(entry['packetsReceived']) ?? 0;
      counters.packetsLost += Math.max(0, num(entry['packetsLost']) ?? 0);
      counters.bytesReceived += num(entry['bytesReceived']) ?? 0;
    } else if (entry.type === 'candidate-pair') {
      pairs.push(entry);
    } else if (entry.type === 'transport') {
      selectedPairId = entry['selectedCandidatePairId'];
    }
  }
  const pair =
    pairs.find((p) => p['id'] === selectedPairId) ??
    pairs.find((p) => p['nominated'] === true && p['state'] === 'succeeded') ??
    pairs.find((p) => p['state'] === 'succeeded');
  if (pair) {
    counters.availableIncomingBitrate = num(pair['availableIncomingBitrate']);
    const rtt = num(pair['currentRoundTripTime']);
    counters.rttMs = rtt === null ? null : rtt * 1000;
  }
  return counters;
}

/** The sample between two readings; loss is only judged on enough packets. */
export function sampleBetween(previous: LinkCounters, current: LinkCounters, thresholds: LinkThresholds = LINK_THRESHOLDS): LinkSample {
  const received = current.packetsReceived - previous.packetsReceived;
  const lost = current.packetsLost - previous.packetsLost;
  // Counters restart when streams are replaced (a rejoin); a negative delta means "no data".
  const valid = received >= 0 && lost >= 0 && received + lost >= thresholds.minPacketsForLoss;
  return {
    atMs: current.atMs,
    downlinkKbps: current.availableIncomingBitrate === null ? null : current.availableIncomingBitrate / 1000,
    lossFraction: valid ? lost / (received + lost) : null,
    rttMs: current.rttMs,
  };
}

export function isBad(sample: LinkSample, thresholds: LinkThresholds = LINK_THRESHOLDS): boolean {
  return (
    (sample.downlinkKbps !== null && sample.downlinkKbps < thresholds.minDownlinkKbps) ||
    (sample.lossFraction !== null && sample.lossFraction > thresholds.maxLossFraction) ||
    (sample.rttMs !== null && sample.rttMs > thresholds.maxRttMs)
  );
}

/** Neither bad nor strained: loss at most `strainLossFraction` (or unknown) and nothing else bad. */
export function isCalm(sample: LinkSample, thresholds: LinkThresholds = LINK_THRESHOLDS): boolean {
  return !isBad(sample, thresholds) && !(sample.lossFraction !== null && sample.lossFraction > thresholds.strainLossFraction);
}

/**
 * The next state after one sample. Degrade after `badSamplesToDegrade` bad samples in a
 * row; recover after the link has been calm (isCalm) for `recoverAfterMs` (any other sample
 * restarts that clock). Flapping links wait longer each time, so video does not stutter on and off.
 *
 * `lowestLayer`: whether the site already asked for the lowest video layer before this sample
 * (nextLayerCap). A bad sample taken while it still received higher layers is answered by the
 * cap, not counted towards audio-only: a link that drops from broadband to 256 kbit/s loses a
 * quarter of its packets for a few seconds while the higher layers drain, then carries the
 * lowest layer fine (measured). Only bad samples at the lowest layer say video cannot work.
 */
export function nextLinkState(
  state: LinkState,
  sample: LinkSample,
  thresholds: LinkThresholds = LINK_THRESHOLDS,
  { lowestLayer = true }: { lowestLayer?: boolean } = {},
): LinkState {
  const bad = isBad(sample, thresholds);
  if (state.mode === 'full') {
    if (!bad) return { ...state, badStreak: 0 };
    if (!lowestLayer) return { ...state, badStreak: 0 };
    const badStreak = state.badStreak + 1;
    if (badStreak < thresholds.badSamplesToDegrade) return { ...state, badStreak };
    const flapped = state.recoveredAtMs !== null && sample.atMs - state.recoveredAtMs < thresholds.flapWindowMs;
    const recoverAfterMs = flapped ? Math.min(state.recoverAfterMs * 2, thresholds.maxRecoverAfterMs) : thresholds.recoverAfterMs;
    return { mode: 'audio-only', badStreak: 0, goodSinceMs: null, recoveredAtMs: state.recoveredAtMs, recoverAfterMs };
  }
  // Back to video only on a calm link, not merely one that is not bad: audio alone fits a link too
  // thin for video (96 kbit/s with 5 % loss read 2–6 % loss in audio-only), and would call it good.
  if (!isCalm(sample, thresholds)) return { ...state, goodSinceMs: null };
  const goodSinceMs = state.goodSinceMs ?? sample.atMs;
  if (sample.atMs - goodSinceMs < state.recoverAfterMs) return { ...state, goodSinceMs };
  return { mode: 'full', badStreak: 0, goodSinceMs: null, recoveredAtMs: sample.atMs, recoverAfterMs: state.recoverAfterMs };
}

/** Whether this site wants only the lowest video layer, and since when the link has been calm. */
export interface LayerCap {
  lowest: boolean;
  calmSinceMs: number | null;
}

export const initialLayerCap = (): LayerCap => ({ lowest: false, calmSinceMs: null });

/**
 * The step before audio-only: a lossy (strained) sample caps the wanted layers at the lowest
 * at once; the cap lifts after `recoverAfterMs` without strain.
 */
export function nextLayerCap(cap: LayerCap, sample: LinkSample, thresholds: LinkThresholds = LINK_THRESHOLDS): LayerCap {
  if (!isCalm(sample, thresholds)) return { lowest: true, calmSinceMs: null };
  if (!cap.lowest) return cap;
  const calmSinceMs = cap.calmSinceMs ?? sample.atMs;
  return sample.atMs - calmSinceMs >= thresholds.recoverAfterMs ? initialLayerCap() : { lowest: true, calmSinceMs };
}
