import { afterAll, beforeAll, expect, it } from 'vitest';
import pino from 'pino';
import { NodeDirectory } from '../../server/nodes/directory.ts';
import { Conflict } from '../../server/lib/errors.ts';
import { NodeLink } from '../../server/nodes/link.ts';
import { createTestDatabase, describeEachDb, type TestDatabase } from '../helpers/db.ts';

/**
 * The node-to-node link tells a busy node from a dead one: a call that only takes too long fails
 * with `unavailable` (node_slow) and the other node stays alive in the directory — finding it
 * dead would send every site of its meetings away to reconnect, more load on a node already
 * slow. A node that cannot be reached at all is reported dead at once (node_gone).
 */
describeEachDb('the node link', (kind) => {
  let database: TestDatabase;
  const log = pino({ level: 'silent' });
  const made: { directory: NodeDirectory; link: NodeLink }[] = [];

  async function node(id: string, port: number, callTimeoutMs = 10_000) {
    const directory = new NodeDirectory({ db: database.db, self: { id, url: `http://127.0.0.1:${port}` }, deadMs: 30_000, log });
    await directory.start();
    const link = new NodeLink({ directory, secret: 'node-link-test-secret-0123456789', log, callTimeoutMs });
    made.push({ directory, link });
    return { directory, link };
  }

  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    for (const n of made) {
      await n.link.close();
      await n.directory.stop();
    }
    await database.destroy();
  });

  it('fails a slow call as busy and keeps the node alive; an unreachable node is found dead', async () => {
    const portB = 20_000 + (process.pid % 20_000);
    const b = await node('link-b', portB);
    b.link.handle('slow', async () => {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      return 'late';
    });
    b.link.handle('quick', async () => 'ok');
    await b.link.listen(portB, '127.0.0.1');
    const a = await node('link-a', portB + 1, 300);
    const deaths: string[] = [];
    a.directory.onDeath((id) => deaths.push(id));

    expect(await a.link.call('link-b', 'quick', {})).toBe('ok');
    await expect(a.link.call('link-b', 'slow', {})).rejects.toMatchObject({ code: 'unavailable', details: { reason: 'node_slow' } });
    expect(deaths).toEqual([]);
    expect(a.directory.url('link-b')).toBe(`http://127.0.0.1:${portB}`);
    expect(await a.link.call('link-b', 'quick', {})).toBe('ok');

    await b.link.close();
    await expect(a.link.call('link-b', 'quick', {})).rejects.toMatchObject({ code: 'unavailable', details: { reason: 'node_gone' } });
    expect(deaths).toEqual(['link-b']);
  });

  it('calls made in one turn travel as one request; each caller gets its own answer or error', async () => {
    const portC = 21_000 + (process.pid % 20_000);
    const c = await node('link-c', portC);
    let running = 0, most = 0;
    c.link.handle('double', async (args) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 20));
      running--;
      const n = (args as { n: number }).n;
      if (n === 13) throw new Conflict('mười ba / thirteen');
      return n * 2;
    });
    await c.link.listen(portC, '127.0.0.1');
    const d = await node('link-d', portC + 1);
    const before = c.link.requestsServed;
    const answers = await Promise.allSettled(Array.from({ length: 50 }, (_, n) => d.link.call('link-c', 'double', { n })));
    expect(c.link.requestsServed - before).toBe(1);
    // Run as if each came alone: side by side, not one after another.
    expect(most).toBe(50);
    answers.forEach((a, n) => {
      if (n === 13) expect(a).toMatchObject({ status: 'rejected', reason: { code: 'conflict', message: 'mười ba / thirteen' } });
      else expect(a).toEqual({ status: 'fulfilled', value: n * 2 });
    });
    // A call alone is still a request of its own.
    expect(await d.link.call('link-c', 'double', { n: 4 })).toBe(8);
    expect(c.link.requestsServed - before).toBe(2);
  });

  it('reaches a node that started after its last look at the directory', async () => {
    const portE = 22_000 + (process.pid % 20_000);
    // F looks at the directory first (its beat is far off); E starts after and is called at once.
    const f = await node('link-f', portE + 1);
    const e = await node('link-e', portE);
    e.link.handle('hello', async () => 'xin chào');
    await e.link.listen(portE, '127.0.0.1');
    expect(f.directory.url('link-e')).toBeUndefined();
    expect(await f.link.call('link-e', 'hello', {})).toBe('xin chào');
    expect(f.directory.url('link-e')).toBe(`http://127.0.0.1:${portE}`);
  });
});

