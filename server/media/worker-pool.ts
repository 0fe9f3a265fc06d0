import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import type { FastifyBaseLogger } from 'fastify';
import { Unavailable } from '../lib/errors.ts';

export interface MediaPoolOptions {
  workers: number;
  listenIp: string;
  announcedAddress?: string | undefined;
  /** First port of the WebRtcServers; worker i listens on basePort + i (UDP and TCP). 0 = any free port. */
  basePort: number;
  log: FastifyBaseLogger;
}

export interface PooledWorker {
  index: number;
  worker: types.Worker;
  webRtcServer: types.WebRtcServer;
  /** Routers open on this worker (kept by the pool from the worker's observer). */
  routers: number;
}

/**
 * One mediasoup worker per core, each with one WebRtcServer on a single UDP and TCP port
 * (one port each is what government firewalls can open). The pool owns the workers:
 * nothing else creates or closes them. A worker that dies is replaced and listeners are
 * told, so rooms can rebuild and tell their clients to reconnect.
 */
export class MediaPool {
  private readonly slots: PooledWorker[] = [];
  private closed = false;
  /** Replacements being spawned: close() waits for them, so none outlives the pool. */
  private readonly replacing = new Set<Promise<void>>();
  private readonly diedListeners = new Set<(dead: PooledWorker, replacement: PooledWorker | null) => void>();

  private readonly options: MediaPoolOptions;
  private constructor(options: MediaPoolOptions) {
    this.options = options;
  }

  static async start(options: MediaPoolOptions): Promise<MediaPool> {
    const pool = new MediaPool(options);
    try {
      for (let i = 0; i < options.workers; i++) pool.slots.push(await pool.spawn(i));
    } catch (err) {
      await pool.close();
      throw err;
    }
    return pool;
  }

  get size(): number {
    return this.slots.length;
  }

  get workers(): readonly PooledWorker[] {
    return this.slots;
  }

  /** The worker with the fewest routers, among `candidates` (default: all). */
  leastLoaded(candidates: readonly PooledWorker[] = this.slots): PooledWorker {
    let best: PooledWorker | undefined;
    for (const slot of candidates) if (!slot.worker.closed && (!best || slot.routers < best.routers)) best = slot;
    if (!best) throw new Unavailable('Không có máy chủ media nào đang chạy. / No media worker is running.');
    return best;
  }

  onWorkerDied(listener: (dead: PooledWorker, replacement: PooledWorker | null) => void): () => void {
    this.diedListeners.add(listener);
    return () => this.diedListeners.delete(listener);
  }

  /** Closes every worker and resolves once their processes have exited (clean shutdown). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.replacing);
    await Promise.all(this.slots.splice(0).map(({ worker }) => closeWorker(worker)));
  }

  private async spawn(index: number): Promise<PooledWorker> {
    const { listenIp, announcedAddress, basePort, log } = this.options;
    const worker = await mediasoup.createWorker({ logLevel: 'warn' });
    const port = basePort === 0 ? undefined : basePort + index;
    const listenInfos: types.TransportListenInfo[] = (['udp', 'tcp'] as const).map((protocol) => ({
      protocol, ip: listenIp, ...(announcedAddress ? { announcedAddress } : {}), ...(port ? { port } : {}),
    }));
    let webRtcServer: types.WebRtcServer;
    try {
      webRtcServer = await worker.createWebRtcServer({ listenInfos });
    } catch (err) {
      worker.close();
      throw err;
    }
    const slot: PooledWorker = { index, worker, webRtcServer, routers: 0 };
    worker.observer.on('newrouter', (router) => {
      slot.routers++;
      router.observer.once('close', () => slot.routers--);
    });
    worker.on('died', (error) => {
      log.error({ err: error, pid: worker.pid, index }, 'mediasoup worker died');
      const replacing = this.replace(slot);
      this.replacing.add(replacing);
      void replacing.finally(() => this.replacing.delete(replacing));
    });
    log.info({ pid: worker.pid, index, port: port ?? 'auto' }, 'mediasoup worker started');
    return slot;
  }

  /** Never rejects: it runs from a worker's 'died' event, where a rejection would end the process. */
  private async replace(dead: PooledWorker): Promise<void> {
    const { log } = this.options;
    const at = this.slots.indexOf(dead);
    if (at === -1 || this.closed) return;
    let replacement: PooledWorker | null = null;
    try {
      replacement = await this.spawn(dead.index);
    } catch (err) {
      log.error({ err }, 'could not replace mediasoup worker');
    }
    // The pool closed while the replacement started: it is nobody's, so it goes now.
    if (this.closed) {
      if (replacement) await closeWorker(replacement.worker);
      return;
    }
    if (replacement) this.slots[at] = replacement;
    else this.slots.splice(at, 1);
    for (const listener of this.diedListeners) {
      try {
        listener(dead, replacement);
      } catch (err) {
        log.error({ err, index: dead.index }, 'a media worker death listener failed');
      }
    }
  }
}

function closeWorker(worker: types.Worker): Promise<void> {
  const exited = worker.subprocessClosed ? Promise.resolve() : new Promise<void>((resolve) => worker.once('subprocessclose', () => resolve()));
  worker.close();
  return exited;
}
