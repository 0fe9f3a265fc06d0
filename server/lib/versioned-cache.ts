/**
 * Answers computed from the database, each good while the data version it was computed at is
 * still current (server/db/data-versions.ts): a hit costs one version read instead of the
 * query. Bounded by weight (what an entry holds, e.g. its rows; at least 1 each); the least
 * recently used entries go first. `maxWeight` 0 turns it off.
 */
export class VersionedCache<V> {
  private readonly entries = new Map<string, { version: number; value: V; weight: number }>();
  private readonly maxWeight: number;
  private weight = 0;
  hits = 0;
  misses = 0;

  constructor(maxWeight: number) {
    this.maxWeight = maxWeight;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The total weight held. */
  get held(): number {
    return this.weight;
  }

  get(key: string, version: number): V | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.version !== version) {
      this.misses++;
      return undefined;
    }
    // Most recently used last: Map keeps insertion order.
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.hits++;
    return entry.value;
  }

  set(key: string, version: number, value: V, weight = 1): void {
    this.drop(key);
    const w = Math.max(1, weight);
    if (w > this.maxWeight) return;
    this.entries.set(key, { version, value, weight: w });
    this.weight += w;
    for (const oldest of this.entries.keys()) {
      if (this.weight <= this.maxWeight) break;
      this.drop(oldest);
    }
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.weight -= entry.weight;
  }
}
