import * as mediasoup from 'mediasoup';
import pino from 'pino';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { trackMediaObjects } from '../../server/media/counts.ts';
import { MediaRoom } from '../../server/media/room.ts';
import { MediaPool } from '../../server/media/worker-pool.ts';
import { startTestApp } from '../helpers/app.ts';
import { connectAs, insertMeeting, joinWithMedia, userIds } from '../helpers/live.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * What goes wrong on real mediasoup workers must not leave a worker or router behind, nor raise
 * an unhandled rejection (which ends a Node process): a worker dying as the pool closes, a router
 * whose level observer cannot be made, a failing death listener, a floor limit on a dead worker.
 */
describe('media failures', () => {
  const tracker = trackMediaObjects();
  const log = pino({ level: 'silent' });
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeEach(() => {
    unhandled.length = 0;
    process.on('unhandledRejection', onUnhandled);
  });
  afterEach(() => {
    process.off('unhandledRejection', onUnhandled);
  });
  afterAll(() => tracker.stop());

  const died = (worker: mediasoup.types.Worker) => new Promise<void>((resolve) => worker.once('died', () => resolve()));

  it('closes the replacement of a worker that died while the pool was closing', async () => {
    const pool = await MediaPool.start({ workers: 1, listenIp: '127.0.0.1', basePort: 0, log });
    const { worker } = pool.workers[0]!;
    const spawned = new Promise<mediasoup.types.Worker>((resolve) => mediasoup.observer.once('newworker', resolve));
    const gone = died(worker);
    process.kill(worker.pid, 'SIGKILL');
    await gone;
    // The pool is already spawning a replacement when it is told to close.
    await pool.close();
    const replacement = await spawned;
    await eventually(() => replacement.closed && tracker.counts().workers === 0, 10_000, 'the replacement worker to close');
    expect(pool.size).toBe(0);
  });

  it('replaces a dead worker even when a death listener throws, without an unhandled rejection', async () => {
    const pool = await MediaPool.start({ workers: 1, listenIp: '127.0.0.1', basePort: 0, log });
    try {
      const told: number[] = [];
      pool.onWorkerDied(() => {
        throw new Error('listener bug');
      });
      pool.onWorkerDied((dead) => told.push(dead.index));
      const { worker } = pool.workers[0]!;
      process.kill(worker.pid, 'SIGKILL');
      await eventually(() => told.length === 1, 10_000, 'the second listener');
      expect(pool.workers[0]!.worker.closed).toBe(false);
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      await pool.close();
    }
  });

  it('closes the router when its audio-level observer cannot be created', async () => {
    const pool = await MediaPool.start({ workers: 1, listenIp: '127.0.0.1', basePort: 0, log });
    try {
      // Settings mediasoup refuses: the failure comes from mediasoup itself, not a stand-in.
      await expect(MediaRoom.create(pool, { pipeConsumers: 10, onActiveSpeaker: () => {}, audioLevels: { maxEntries: 0 } })).rejects.toThrow();
      expect(tracker.counts().routers).toBe(0);
      expect(pool.workers[0]!.routers).toBe(0);
    } finally {
      await pool.close();
    }
  });

  it('takes the floor back at its time limit when the holder\'s worker died meanwhile, without an unhandled rejection', { timeout: 120_000 }, async () => {
    const live = await startTestApp({ listen: true, mediaWorkers: 1 });
    const clients = [await connectAs(live, 'vp.hatinh'), await connectAs(live, 'xa.thachha')];
    try {
      const bodyOf = await userIds(live.db, ['xa.thachha']);
      const m = await insertMeeting(live.db, { invitees: [{ bodyId: bodyOf['xa.thachha']!.bodyId }] });
      const [chair, commune] = clients as [typeof clients[0], typeof clients[0]];
      await joinWithMedia(chair, m.id);
      const { joined } = await joinWithMedia(commune, m.id, { audio: true });
      await chair.call('floor:grant', { peerId: joined.peerId, limitSeconds: 1 });
      const room = live.app.live.get(m.id)!;
      const { worker } = room.peers.get(joined.peerId)!.localMedia!.home.slot;
      // Frozen, the worker cannot answer the pause the time limit sends; killed, it never will.
      process.kill(worker.pid, 'SIGSTOP');
      await eventually(() => room.floor.holder === null, 10_000, 'the time limit');
      process.kill(worker.pid, 'SIGKILL');
      await eventually(() => live.app.media!.workers[0]!.worker !== worker, 10_000, 'the worker replacement');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(unhandled).toEqual([]);
      await chair.next('floor', (f) => f.holderPeerId === null, { past: true });
    } finally {
      for (const c of clients) c.close();
      await live.close();
    }
  });
});
