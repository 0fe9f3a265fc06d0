import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { Unavailable } from '../../server/lib/errors.ts';
import { WriteQueue } from '../../server/lib/write-queue.ts';

const log = pino({ level: 'silent' });

/** A store that records each call's items, and can be held until released. */
function recorder() {
  const calls: string[][] = [];
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    calls,
    release,
    held: async (items: string[]) => {
      await gate;
      calls.push([...items]);
    },
    now: async (items: string[]) => {
      calls.push([...items]);
    },
  };
}

describe('write queue batches', () => {
  it('items of one kind queued back to back are stored by one call, each answered once it is stored', async () => {
    const q = new WriteQueue(log, 'test');
    const r = recorder();
    const first = q.batch('a', 'a1', r.held, false);
    const rest = ['a2', 'a3', 'a4'].map((item) => q.batch('a', item, r.now, false));
    let answered = 0;
    for (const p of rest) void p.then(() => answered++);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(answered).toBe(0);
    r.release();
    await Promise.all([first, ...rest]);
    // A write waits its turn in the event loop: the three came before the first started, and joined it.
    expect(r.calls).toEqual([['a1', 'a2', 'a3', 'a4']]);
    // Once a batch runs, later items make the next one.
    await Promise.all([q.batch('a', 'a5', r.now, false), q.batch('a', 'a6', r.now, false)]);
    expect(r.calls.at(-1)).toEqual(['a5', 'a6']);
  });

  it('nothing jumps over another write: a write between two items closes the batch, and the order holds', async () => {
    const q = new WriteQueue(log, 'test');
    const order: string[] = [];
    const store = async (items: string[]) => {
      order.push(items.join('+'));
    };
    await Promise.all([
      q.batch('a', 'a1', store, false),
      q.batch('a', 'a2', store, false),
      q.enqueue(async () => {
        order.push('other');
      }),
      q.batch('a', 'a3', store, false),
      q.batch('b', 'b1', store, false),
      q.batch('a', 'a4', store, false),
    ]);
    expect(order).toEqual(['a1+a2', 'other', 'a3', 'b1', 'a4']);
  });

  it('refusable items are refused when the queue is full, and a failed batch rejects each of its items', async () => {
    const q = new WriteQueue(log, 'test', 2);
    const r = recorder();
    const blocked = [q.enqueue(() => r.held(['x'])), q.enqueue(() => r.held(['y']))];
    await expect(q.batch('e', 'e1', r.now, true)).rejects.toBeInstanceOf(Unavailable);
    // The server's own items are never refused.
    const owed = q.batch('a', 'a1', r.now, false);
    r.release();
    await Promise.all([...blocked, owed]);
    expect(r.calls.flat()).toEqual(['x', 'y', 'a1']);

    const failing = async () => {
      throw new Error('disk full');
    };
    const items = [q.batch('e', 'e2', failing, true), q.batch('e', 'e3', failing, true)];
    for (const p of items) await expect(p).rejects.toThrow('disk full');
    // The queue goes on.
    await q.batch('e', 'e4', r.now, true);
    expect(r.calls.flat()).toContain('e4');
  });

  it('a batch holds at most 500 items', async () => {
    const q = new WriteQueue(log, 'test', 10_000);
    const sizes: number[] = [];
    await Promise.all(Array.from({ length: 1_201 }, (_, i) => q.batch('a', i, async (items: number[]) => {
      sizes.push(items.length);
    }, false)));
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(1_201);
    expect(Math.max(...sizes)).toBe(500);
  });
});
