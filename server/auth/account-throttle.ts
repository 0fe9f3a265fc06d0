/**
 * Failed sign-ins per account, whatever address they come from: after `freeFailures`
 * failures each further try must wait `baseSeconds · 2^(extra failures)`, capped; a
 * successful sign-in clears the account.
 *
 * Kept in memory, not in the database: hopso runs as one process (its live rooms are in
 * memory too), a failed try then costs no write, and a restart forgetting the counts only
 * gives an attacker back a few tries. The table is bounded; the stalest entry makes room.
 */
export class AccountThrottle {
  private readonly failures = new Map<string, { count: number; blockedUntil: number; lastAt: number }>();

  private readonly freeFailures: number;
  private readonly baseSeconds;
  private readonly maxSeconds;
  private readonly maxEntries;
  private readonly now: () => number;
  constructor(
    freeFailures: number,
    baseSeconds = 1,
    maxSeconds = 15 * 60,
    maxEntries = 50_000,
    now: () => number = Date.now,
  ) {
    this.freeFailures = freeFailures;
    this.baseSeconds = baseSeconds;
    this.maxSeconds = maxSeconds;
    this.maxEntries = maxEntries;
    this.now = now;
  }

  /** Seconds the account must still wait before a try is checked; 0 when it may try now. */
  waitSeconds(account: string): number {
    const entry = this.failures.get(account);
    if (!entry) return 0;
    return Math.max(0, Math.ceil((entry.blockedUntil - this.now()) / 1000));
  }

  fail(account: string): void {
    const now = this.now();
    const entry = this.failures.get(account) ?? { count: 0, blockedUntil: 0, lastAt: now };
    // A quiet hour forgives the past, so an account is not throttled for good by old mistakes.
    if (now - entry.lastAt > 3600_000) entry.count = 0;
    entry.count++;
    entry.lastAt = now;
    const extra = entry.count - this.freeFailures;
    if (extra >= 0) entry.blockedUntil = now + Math.min(this.maxSeconds, this.baseSeconds * 2 ** extra) * 1000;
    this.failures.delete(account);
    this.failures.set(account, entry);
    if (this.failures.size > this.maxEntries) {
      const stalest = this.failures.keys().next();
      if (!stalest.done) this.failures.delete(stalest.value);
    }
  }

  succeed(account: string): void {
    this.failures.delete(account);
  }
}

/** The one normalisation of a username, for the lookup and every throttle key. */
export const normaliseUsername = (username: string) => username.trim().toLowerCase();
