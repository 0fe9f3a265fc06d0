/**
 * A list kept in order across repaints. A national meeting's chủ trì sees 3,356 sites, and
 * sorting them by Vietnamese collation on every repaint cost tens of milliseconds a frame while
 * they arrived (issue #13); here the items already in place keep their order and only the new
 * ones (or those whose object changed) are placed, by binary search. `reset` when what the
 * comparison reads besides the items themselves changed.
 */
export class SortedList<T> {
  private sorted: T[] = [];
  private members = new Set<T>();
  private readonly compare: (a: T, b: T) => number;

  constructor(compare: (a: T, b: T) => number) {
    this.compare = compare;
  }

  /** `items` in order (a new array each time; the caller may filter or slice it). */
  order(items: Iterable<T>): T[] {
    const current = new Set(items);
    const kept = this.sorted.filter((item) => current.has(item));
    const added: T[] = [];
    for (const item of current) if (!this.members.has(item)) added.push(item);
    if (added.length > 32 && added.length * 4 > kept.length) {
      this.sorted = [...current].sort(this.compare);
    } else {
      for (const item of added) kept.splice(this.position(kept, item), 0, item);
      this.sorted = kept;
    }
    this.members = current;
    return [...this.sorted];
  }

  reset(): void {
    this.sorted = [];
    this.members = new Set();
  }

  private position(list: T[], item: T): number {
    let low = 0;
    let high = list.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.compare(list[mid]!, item) <= 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
