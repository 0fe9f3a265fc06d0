import { describe, expect, test } from 'vitest';
import {
  initialLayerCap,
  initialLinkState,
  isBad,
  isCalm,
  LINK_THRESHOLDS,
  nextLayerCap,
  nextLinkState,
  readCounters,
  sampleBetween,
  type LinkCounters,
  type LinkSample,
  type LinkState,
} from '../../client/src/live/link-quality.ts';

/** The audio-only rule of the live client: when a weak site stops receiving video, and when it gets it back. */

const T = LINK_THRESHOLDS;
const good = (atMs: number): LinkSample => ({ atMs, downlinkKbps: null, lossFraction: 0.01, rttMs: 80 });
const lossy = (atMs: number): LinkSample => ({ atMs, downlinkKbps: null, lossFraction: 0.2, rttMs: 80 });

function run(state: LinkState, samples: LinkSample[]): LinkState[] {
  const out: LinkState[] = [];
  for (const sample of samples) out.push((state = nextLinkState(state, sample)));
  return out;
}

describe('reading getStats()', () => {
  test('sums every inbound stream and reads the selected candidate pair', () => {
    const counters = readCounters(
      [
        { type: 'inbound-rtp', kind: 'audio', packetsReceived: 100, packetsLost: 2, bytesReceived: 10_000 },
        { type: 'inbound-rtp', kind: 'video', packetsReceived: 900, packetsLost: 8, bytesReceived: 900_000 },
        { type: 'candidate-pair', id: 'CP1', state: 'succeeded', nominated: true, currentRoundTripTime: 0.9, availableIncomingBitrate: 99_000 },
        { type: 'candidate-pair', id: 'CP2', state: 'succeeded', nominated: true, currentRoundTripTime: 0.05, availableIncomingBitrate: 2_000_000 },
        { type: 'transport', selectedCandidatePairId: 'CP2' },
        { type: 'outbound-rtp', packetsSent: 5000 },
      ],
      1_000,
    );
    expect(counters).toEqual({ atMs: 1_000, packetsReceived: 1_000, packetsLost: 10, bytesReceived: 910_000, availableIncomingBitrate: 2_000_000, rttMs: 50 });
  });

  test("mediasoup's bandwidth probe (mid probator, SSRC 1234) is not the link: its jumping sequence numbers read as loss", () => {
    const counters = readCounters(
      [
        { type: 'inbound-rtp', kind: 'audio', mid: '1', ssrc: 618_324_970, packetsReceived: 300, packetsLost: 3, bytesReceived: 30_000 },
        { type: 'inbound-rtp', kind: 'video', mid: 'probator', ssrc: 1234, packetsReceived: 184, packetsLost: 109, bytesReceived: 220_000 },
        { type: 'inbound-rtp', kind: 'video', ssrc: 1234, packetsReceived: 10, packetsLost: 10, bytesReceived: 10_000 },
      ],
      0,
    );
    expect(counters).toMatchObject({ packetsReceived: 300, packetsLost: 3, bytesReceived: 30_000 });
  });

  test('without a transport entry, the nominated succeeded pair is used; missing fields stay null', () => {
    const counters = readCounters(
      [
        { type: 'candidate-pair', id: 'A', state: 'failed', nominated: false, currentRoundTripTime: 3 },
        { type: 'candidate-pair', id: 'B', state: 'succeeded', nominated: true, currentRoundTripTime: 0.2 },
      ],
      0,
    );
    expect(counters.rttMs).toBe(200);
    expect(counters.availableIncomingBitrate).toBeNull();
    expect(counters.packetsReceived).toBe(0);
  });

  test('loss is the share of packets lost in the interval', () => {
    const a: LinkCounters = { atMs: 0, packetsReceived: 1_000, packetsLost: 10, bytesReceived: 0, availableIncomingBitrate: null, rttMs: null };
    const b: LinkCounters = { ...a, atMs: 3_000, packetsReceived: 1_900, packetsLost: 110, availableIncomingBitrate: 250_000, rttMs: 120 };
    const sample = sampleBetween(a, b);
    expect(sample.lossFraction).toBeCloseTo(100 / 1_000, 6);
    expect(sample.downlinkKbps).toBe(250);
    expect(sample.rttMs).toBe(120);
    expect(sample.atMs).toBe(3_000);
  });

  test('too few packets, or counters that went backwards (a rejoin), say nothing about loss', () => {
    const a: LinkCounters = { atMs: 0, packetsReceived: 1_000, packetsLost: 0, bytesReceived: 0, availableIncomingBitrate: null, rttMs: null };
    expect(sampleBetween(a, { ...a, packetsReceived: 1_000 + T.minPacketsForLoss - 6, packetsLost: 5 }).lossFraction).toBeNull();
    expect(sampleBetween(a, { ...a, packetsReceived: 40, packetsLost: 0 }).lossFraction).toBeNull();
    expect(sampleBetween(a, { ...a, packetsReceived: 1_000 + T.minPacketsForLoss, packetsLost: 0 }).lossFraction).toBe(0);
  });
});

describe('judging a sample', () => {
  test('each threshold alone makes a sample bad; unknown values never do', () => {
    expect(isBad({ atMs: 0, downlinkKbps: null, lossFraction: null, rttMs: null })).toBe(false);
    expect(isBad({ atMs: 0, downlinkKbps: T.minDownlinkKbps - 1, lossFraction: null, rttMs: null })).toBe(true);
    expect(isBad({ atMs: 0, downlinkKbps: T.minDownlinkKbps, lossFraction: null, rttMs: null })).toBe(false);
    expect(isBad({ atMs: 0, downlinkKbps: null, lossFraction: T.maxLossFraction + 0.001, rttMs: null })).toBe(true);
    expect(isBad({ atMs: 0, downlinkKbps: null, lossFraction: T.maxLossFraction, rttMs: null })).toBe(false);
    expect(isBad({ atMs: 0, downlinkKbps: null, lossFraction: null, rttMs: T.maxRttMs + 1 })).toBe(true);
  });
});

describe('switching to audio-only and back', () => {
  const step = T.sampleIntervalMs;

  test('one bad sample is a hiccup; two in a row switch to audio-only', () => {
    const states = run(initialLinkState(), [lossy(step), good(2 * step), lossy(3 * step), lossy(4 * step)]);
    expect(states.map((s) => s.mode)).toEqual(['full', 'full', 'full', 'audio-only']);
  });

  test('a weak downlink estimate alone is enough', () => {
    const weak = (atMs: number): LinkSample => ({ atMs, downlinkKbps: 180, lossFraction: 0, rttMs: 60 });
    const states = run(initialLinkState(), [weak(step), weak(2 * step)]);
    expect(states.at(-1)?.mode).toBe('audio-only');
  });

  test('video returns only after the link stayed good for recoverAfterMs', () => {
    let state = run(initialLinkState(), [lossy(step), lossy(2 * step)]).at(-1)!;
    expect(state.mode).toBe('audio-only');
    const start = 3 * step;
    const goods = Array.from({ length: 10 }, (_, i) => good(start + i * step));
    const modes = run(state, goods).map((s) => s.mode);
    // First good sample starts the clock; full again at the first sample >= recoverAfterMs later.
    const firstFull = modes.indexOf('full');
    expect(firstFull).toBe(Math.ceil(T.recoverAfterMs / step));
    state = run(state, goods).at(-1)!;
    expect(state.mode).toBe('full');
  });

  test('a bad sample during recovery restarts the clock', () => {
    const degraded = run(initialLinkState(), [lossy(step), lossy(2 * step)]).at(-1)!;
    const t0 = 10 * step;
    const states = run(degraded, [good(t0), good(t0 + T.recoverAfterMs - 1), lossy(t0 + T.recoverAfterMs), good(t0 + T.recoverAfterMs + step)]);
    expect(states.map((s) => s.mode)).toEqual(['audio-only', 'audio-only', 'audio-only', 'audio-only']);
    expect(states.at(-1)?.goodSinceMs).toBe(t0 + T.recoverAfterMs + step);
  });

  test('a link that flaps waits twice as long each time, up to the maximum', () => {
    let state = initialLinkState();
    let now = 0;
    const waits: number[] = [];
    for (let round = 0; round < 6; round++) {
      state = run(state, [lossy((now += step)), lossy((now += step))]).at(-1)!;
      expect(state.mode).toBe('audio-only');
      waits.push(state.recoverAfterMs);
      // Recover: good samples until back to full.
      while (state.mode === 'audio-only') state = nextLinkState(state, good((now += step)));
    }
    expect(waits).toEqual([10_000, 20_000, 40_000, 80_000, 120_000, 120_000]);
  });

  test('a degradation long after the last recovery starts again from the base wait', () => {
    let state = run(initialLinkState(), [lossy(step), lossy(2 * step)]).at(-1)!;
    let now = 2 * step;
    while (state.mode === 'audio-only') state = nextLinkState(state, good((now += step)));
    state = run(state, [lossy((now += step)), lossy((now += step))]).at(-1)!;
    expect(state.recoverAfterMs).toBe(20_000);
    while (state.mode === 'audio-only') state = nextLinkState(state, good((now += step)));
    now += T.flapWindowMs + step;
    state = run(state, [lossy(now), lossy(now + step)]).at(-1)!;
    expect(state.mode).toBe('audio-only');
    expect(state.recoverAfterMs).toBe(T.recoverAfterMs);
  });
});

describe('the lowest layer, before audio-only', () => {
  const step = T.sampleIntervalMs;
  const at = (atMs: number, lossFraction: number): LinkSample => ({ atMs, downlinkKbps: null, lossFraction, rttMs: 300 });

  test("a strained sample (a weak link's 4–8 % loss) asks for the lowest layer at once, and does not count as bad", () => {
    const strained = at(step, 0.06);
    expect(isBad(strained)).toBe(false);
    expect(nextLinkState(initialLinkState(), strained).mode).toBe('full');
    expect(nextLayerCap(initialLayerCap(), strained).lowest).toBe(true);
    expect(nextLayerCap(initialLayerCap(), at(step, T.strainLossFraction)).lowest).toBe(false);
    expect(nextLayerCap(initialLayerCap(), lossy(step)).lowest).toBe(true);
  });

  test('the cap lifts only after the link has been calm for the recovery time; any strain restarts that clock', () => {
    let cap = nextLayerCap(initialLayerCap(), at(step, 0.06));
    let now = step;
    cap = nextLayerCap(cap, at((now += step), 0.01));
    cap = nextLayerCap(cap, at((now += step), 0.05));
    expect(cap).toEqual({ lowest: true, calmSinceMs: null });
    const calmFrom = now + step;
    while (now < calmFrom + T.recoverAfterMs - step) {
      cap = nextLayerCap(cap, at((now += step), 0));
      expect(cap.lowest).toBe(true);
    }
    cap = nextLayerCap(cap, at(now + step, 0));
    expect(cap).toEqual(initialLayerCap());
  });

  test('samples without enough packets to judge loss leave the cap as it is', () => {
    const capped = nextLayerCap(initialLayerCap(), at(step, 0.06));
    expect(nextLayerCap(capped, { atMs: 2 * step, downlinkKbps: null, lossFraction: null, rttMs: null }).lowest).toBe(true);
  });
});

describe('the layer cap answers first; video goes back only on a calm link', () => {
  const step = T.sampleIntervalMs;
  const at = (atMs: number, lossFraction: number, rttMs = 300): LinkSample => ({ atMs, downlinkKbps: null, lossFraction, rttMs });

  test('bad samples taken while higher layers were still wanted do not count towards audio-only', () => {
    // A link falling from broadband to 256 kbit/s: the first sample is bad while the big layer drains.
    let state = nextLinkState(initialLinkState(), lossy(step), T, { lowestLayer: false });
    expect(state).toMatchObject({ mode: 'full', badStreak: 0 });
    state = nextLinkState(state, lossy(2 * step), T, { lowestLayer: true });
    expect(state).toMatchObject({ mode: 'full', badStreak: 1 });
    state = nextLinkState(state, lossy(3 * step), T, { lowestLayer: true });
    expect(state.mode).toBe('audio-only');
  });

  test('the cap and the mode together: from a clean link to a dead one, audio-only on the third bad sample', () => {
    let state = initialLinkState();
    let cap = initialLayerCap();
    const modes: string[] = [];
    for (let i = 1; i <= 4; i++) {
      const sample = lossy(i * step);
      state = nextLinkState(state, sample, T, { lowestLayer: cap.lowest });
      cap = nextLayerCap(cap, sample);
      modes.push(`${state.mode}${cap.lowest ? '/lowest' : ''}`);
    }
    expect(modes).toEqual(['full/lowest', 'full/lowest', 'audio-only/lowest', 'audio-only/lowest']);
  });

  test('in audio-only, a strained sample (loss above strainLossFraction, below the bad limit) restarts the recovery clock', () => {
    const strained = at(0, (T.strainLossFraction + T.maxLossFraction) / 2);
    expect(isBad(strained)).toBe(false);
    expect(isCalm(strained)).toBe(false);
    expect(isCalm(at(0, T.strainLossFraction))).toBe(true);
    let state = run(initialLinkState(), [lossy(step), lossy(2 * step)]).at(-1)!;
    expect(state.mode).toBe('audio-only');
    // 96 kbit/s with 5 % loss, audio only: the samples read 2–6 %. Video must not come back.
    let now = 2 * step;
    for (let i = 0; i < 20; i++) {
      state = nextLinkState(state, at((now += step), i % 3 === 0 ? 0.015 : 0.05));
      expect(state.mode).toBe('audio-only');
    }
    for (let i = 0; i * step < T.recoverAfterMs; i++) state = nextLinkState(state, at((now += step), 0.01, 5));
    expect(state.mode).toBe('audio-only');
    state = nextLinkState(state, at(now + step, 0, 5));
    expect(state.mode).toBe('full');
  });
});
