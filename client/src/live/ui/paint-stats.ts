/**
 * How often the room repainted and how long it took: what a large meeting costs the page
 * (issue #13). Read through `window.__hopso.paints()` by the browser tests and support staff.
 */
export const paintStats = { count: 0, totalMs: 0, maxMs: 0 };

export function countPaint(ms: number): void {
  paintStats.count++;
  paintStats.totalMs += ms;
  paintStats.maxMs = Math.max(paintStats.maxMs, ms);
}
