/**
 * A token bucket: `capacity` calls at once, then `perSecond` calls a second. The clock is
 * monotonic (performance.now), so a changed wall clock neither floods nor starves a client.
 */
export class TokenBucket {
  private tokens: number;
  private last = performance.now();

  private readonly capacity: number;
  private readonly perSecond: number;
  constructor(
    capacity: number,
    perSecond: number,
  ) {
    this.capacity = capacity;
    this.perSecond = perSecond;
    this.tokens = capacity;
  }

  /** Takes one token if there is one. */
  take(): boolean {
    const now = performance.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
