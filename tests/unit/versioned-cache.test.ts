import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VersionedCache } from '../../server/lib/versioned-cache.ts';

describe('VersionedCache', () => {
  it('answers only at the version an entry was computed at', () => {
    const cache = new VersionedCache<string>(10);
    cache.set('a', 7, 'answer');
    expect(cache.get('a', 7)).toBe('answer');
    expect(cache.get('a', 8)).toBeUndefined();
    expect([cache.hits, cache.misses]).toEqual([1, 1]);
  });

  it('drops the least recently read entries first when the weight is over', () => {
    const cache = new VersionedCache<string>(10);
    cache.set('a', 1, 'A', 4);
    cache.set('b', 1, 'B', 4);
    cache.get('a', 1);
    cache.set('c', 1, 'C', 4);
    expect(cache.get('b', 1)).toBeUndefined();
    expect(cache.get('a', 1)).toBe('A');
    expect(cache.get('c', 1)).toBe('C');
    expect(cache.held).toBe(8);
  });

  it('keeps nothing heavier than it may hold, and nothing at all at 0', () => {
    const cache = new VersionedCache<string>(5);
    cache.set('big', 1, 'X', 6);
    expect(cache.size).toBe(0);
    const off = new VersionedCache<string>(0);
    off.set('a', 1, 'A');
    expect(off.get('a', 1)).toBeUndefined();
  });

  it('never holds more than its weight, whatever is set and read', () => {
    const op = fc.oneof(
      fc.record({ set: fc.constantFrom('a', 'b', 'c', 'd', 'e'), version: fc.nat(3), weight: fc.integer({ min: 0, max: 9 }) }),
      fc.record({ get: fc.constantFrom('a', 'b', 'c', 'd', 'e'), version: fc.nat(3) }),
    );
    fc.assert(fc.property(fc.integer({ min: 0, max: 12 }), fc.array(op, { maxLength: 60 }), (max, ops) => {
      const cache = new VersionedCache<number>(max);
      const model = new Map<string, number>();
      for (const o of ops) {
        if ('set' in o) {
          cache.set(o.set, o.version, o.version, o.weight);
          model.set(o.set, o.version);
        } else {
          const got = cache.get(o.get, o.version);
          // A hit is always the value set last for that key, at that version.
          if (got !== undefined) expect([got, model.get(o.get)]).toEqual([o.version, o.version]);
        }
        expect(cache.held).toBeLessThanOrEqual(max);
      }
    }));
  });
});
