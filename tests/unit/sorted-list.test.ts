import { describe, expect, it } from 'vitest';
import { SortedList } from '../../client/src/live/sorted.ts';

const collator = new Intl.Collator('vi');
const byName = (a: { name: string }, b: { name: string }) => collator.compare(a.name, b.name);

/** The live page's lists of sites keep their order across repaints; what they show must be the full sort's order. */
describe('a list kept in order across repaints', () => {
  it('places arrivals one by one, drops departures and re-places a replaced item, as a full sort would', () => {
    const names = ['Xã Thạch Hà', 'Phường Ba Đình', 'Xã Đức Thọ', 'Xã Cẩm Xuyên', 'Phường Bạch Mai', 'Xã Can Lộc', 'Đặc khu Côn Đảo', 'Xã Dương Thủy'];
    const list = new SortedList(byName);
    let items: { name: string }[] = [];
    for (const name of names) {
      items = [...items, { name }];
      expect(list.order(items).map((i) => i.name)).toEqual([...items].sort(byName).map((i) => i.name));
    }
    // One leaves, one is replaced by a new object of another name (a peerUpdated), in any order given.
    items = items.filter((i) => i.name !== 'Xã Can Lộc').map((i) => (i.name === 'Xã Đức Thọ' ? { name: 'Xã An Phú' } : i)).reverse();
    expect(list.order(items).map((i) => i.name)).toEqual([...items].sort(byName).map((i) => i.name));
  });

  it('sorts afresh when many come at once, and after a reset', () => {
    const list = new SortedList(byName);
    const many = Array.from({ length: 500 }, (_, i) => ({ name: `Xã ${(i * 7919) % 1000}` }));
    expect(list.order(many)).toEqual([...many].sort(byName));
    list.reset();
    expect(list.order(many.slice(0, 10))).toEqual(many.slice(0, 10).sort(byName));
  });
});
