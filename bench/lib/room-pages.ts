import type { Page } from 'playwright-core';

/**
 * What a live page costs and receives in a large meeting (issue #13), read from a real
 * Chromium page: for tests/live/large-room-browser.test.ts and bench/large-room.ts.
 */

/**
 * Installed before the page loads: long tasks (PerformanceObserver 'longtask') and inputs whose
 * handling to the next paint took 16 ms or more (Event Timing), on the page's own clock.
 */
export const pageObserverScript = `
  window.__perf = { long: [], events: [] };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__perf.long.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__perf.events.push({ name: e.name, start: e.startTime, duration: e.duration });
  }).observe({ type: 'event', durationThreshold: 16, buffered: true });
`;

/** socket.io event packets a page received over its WebSocket, by event name (acks and pings not counted). */
export class Received {
  readonly byEvent = new Map<string, number>();
  total = 0;

  watch(page: Page): void {
    page.on('websocket', (ws) => {
      ws.on('framereceived', ({ payload }) => {
        const text = typeof payload === 'string' ? payload : payload.toString('utf8');
        // engine.io message (4) + socket.io event (2), in the /live namespace: 42/live,["event",…]
        const match = /^42(?:\/live,)?\d*\["([^"]+)"/.exec(text);
        if (!match) return;
        this.total++;
        this.byEvent.set(match[1]!, (this.byEvent.get(match[1]!) ?? 0) + 1);
      });
    });
  }

  reset(): void {
    this.byEvent.clear();
    this.total = 0;
  }

  of(event: string): number {
    return this.byEvent.get(event) ?? 0;
  }

  summary(): string {
    return `${this.total} (${[...this.byEvent].sort((a, b) => b[1] - a[1]).map(([e, n]) => `${e} ${n}`).join(', ')})`;
  }
}

export interface PageFigures {
  longTasks: number;
  longTotalMs: number;
  longMaxMs: number;
  /** Inputs (clicks, pointer and mouse events) slower than 16 ms to their next paint, and the slowest. */
  slowInputs: number;
  inputMaxMs: number;
  /** The room's repaints (window.__hopso.paints()). */
  paints: number;
  paintTotalMs: number;
  paintMaxMs: number;
}

const INPUTS = new Set(['click', 'pointerdown', 'pointerup', 'mousedown', 'mouseup', 'keydown', 'keyup']);

export async function pageFigures(page: Page): Promise<PageFigures> {
  const perf = await page.evaluate<{ long: { duration: number }[]; events: { name: string; duration: number }[] }>('window.__perf');
  // A page built before paints() existed counts none (a bench run against an older client).
  const paints = await page.evaluate<{ count: number; totalMs: number; maxMs: number }>('window.__hopso.paints ? window.__hopso.paints() : { count: 0, totalMs: 0, maxMs: 0 }');
  const long = perf.long.map((l) => l.duration);
  const inputs = perf.events.filter((e) => INPUTS.has(e.name)).map((e) => e.duration);
  return {
    longTasks: long.length, longTotalMs: Math.round(long.reduce((a, b) => a + b, 0)), longMaxMs: Math.round(Math.max(0, ...long)),
    slowInputs: inputs.length, inputMaxMs: Math.round(Math.max(0, ...inputs)),
    paints: paints.count, paintTotalMs: Math.round(paints.totalMs), paintMaxMs: Math.round(paints.maxMs),
  };
}

/** Forgets the long tasks and inputs so far (the figures then cover what follows). */
export const clearPageFigures = (page: Page) => page.evaluate('window.__perf.long = []; window.__perf.events = []');

export const describeFigures = (f: PageFigures) =>
  `long tasks ${f.longTasks}, total ${f.longTotalMs} ms, max ${f.longMaxMs} ms; slow inputs ${f.slowInputs}, max ${f.inputMaxMs} ms; ` +
  `paints ${f.paints}, total ${f.paintTotalMs} ms, max ${f.paintMaxMs} ms`;
