/**
 * Answers computed from the database, each good while the data version it was computed at is
 * still current (server/db/data-versions.ts): a hit costs one version read instead of the
 * query. Bounded; the least recently used entry goes first. `max` 0 turns it off.
 */
export class VersionedCache<V> {
  private readonly entries = new Map<string, { version: number; value: V }>();
  private readonly max: number;
  hits = 0;
  misses = 0;

  constructor(max: number) {
    this.max = max;
  }

  get size(): number {
    return this.entries.size;
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

  set(key: string, version: number, value: V): void {
    if (this.max <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, { version, value });
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }
}
