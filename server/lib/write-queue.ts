import type { FastifyBaseLogger } from 'fastify';
import { Unavailable } from './errors.ts';

const busy = () => new Unavailable('Máy chủ đang bận ghi dữ liệu, vui lòng thử lại. / The server is busy storing records; try again.');

/** Items stored by one call at most: one statement stays of a reasonable size. */
const MAX_BATCH = 500;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Ordered, durable writes: what FloorControl and attendance need of a queue. */
export interface Writes {
  /** Stored when it resolves; refused at once when the queue is full. */
  push(task: () => Promise<unknown>): Promise<void>;
  /** A write the server owes: queued whatever the length; failures are logged. */
  enqueue(task: () => Promise<unknown>): Promise<void>;
  /**
   * One item of a write that stores many at once (`store`, one statement or transaction):
   * items of the same `kind` queued back to back, with nothing else between them, are stored
   * by one call. Resolves once the item's batch is stored; `refusable` items are refused when
   * the queue is full (as `push`), the others are the server's own (as `enqueue`).
   */
  batch<T>(kind: string, item: T, store: (items: T[]) => Promise<unknown>, refusable: boolean): Promise<void>;
  /** Writes queued and not yet stored. */
  readonly pending: number;
  idle(): Promise<void>;
}

/** The last queued write when it is a batch not started yet: later items of its kind join it. */
interface OpenBatch {
  kind: string;
  items: unknown[];
  refusable: boolean;
  stored: Promise<void>;
}

/**
 * Database writes that must land in order (a leave never before its join, a floor's end never
 * before its grant), one task at a time. A caller that acknowledges a write awaits `push`, which
 * settles once the write is stored (or rejects with its error): acknowledged means durable.
 * A failed write is logged and the queue goes on. Readers await `idle()` to see every write.
 *
 * The queue is bounded: `push` refuses (Unavailable) when `limit` writes are already waiting,
 * so a client that declares faster than the database stores is told, not queued without end.
 * `enqueue` is for what the server itself must record (a leave, a floor's end): never refused,
 * and bounded by the peers there are, not by how fast anyone calls.
 */
export class WriteQueue implements Writes {
  private tail: Promise<void> = Promise.resolve();
  private waiting = 0;
  private open: OpenBatch | null = null;

  private readonly log: FastifyBaseLogger;
  private readonly what: string;
  private readonly limit;
  private readonly onIdle?: () => void;
  constructor(
    log: FastifyBaseLogger,
    what: string,
    limit = 1000,
    /** Called each time the last queued write has settled. */
    onIdle?: () => void,
  ) {
    this.log = log;
    this.what = what;
    this.limit = limit;
    this.onIdle = onIdle;
  }

  push(task: () => Promise<unknown>): Promise<void> {
    if (this.waiting >= this.limit) return Promise.reject(busy());
    return this.run(task);
  }

  enqueue(task: () => Promise<unknown>): Promise<void> {
    return this.run(task).catch(() => undefined);
  }

  batch<T>(kind: string, item: T, store: (items: T[]) => Promise<unknown>, refusable: boolean): Promise<void> {
    const open = this.open;
    if (open && open.kind === kind && open.refusable === refusable && open.items.length < MAX_BATCH) {
      open.items.push(item);
      return open.stored;
    }
    if (refusable && this.waiting >= this.limit) return Promise.reject(busy());
    const items: T[] = [item];
    const batch: OpenBatch = { kind, items, refusable, stored: Promise.resolve() };
    const task = () => {
      if (this.open === batch) this.open = null;
      return store(items);
    };
    batch.stored = refusable ? this.run(task) : this.enqueue(task);
    this.open = batch;
    return batch.stored;
  }

  get pending(): number {
    return this.waiting;
  }

  idle(): Promise<void> {
    return this.tail;
  }

  private run(task: () => Promise<unknown>): Promise<void> {
    this.waiting++;
    // Whatever is queued now comes after the open batch: later items may not join it.
    this.open = null;
    // Each write waits its turn in the event loop: a long queue on an in-process database
    // (PGlite answers without I/O) would otherwise run as one chain of microtasks, and no
    // request or socket message of anyone would be served until it ended.
    const run = this.tail.then(nextTurn).then(task).then(
      () => undefined,
      (err: unknown) => {
        this.log.error({ err }, `${this.what}: write failed`);
        throw err;
      },
    );
    const done = () => {
      this.waiting--;
      if (this.waiting === 0) this.onIdle?.();
    };
    const settled = run.then(done, done);
    this.tail = settled;
    return run;
  }
}

/**
 * One write queue per key (per meeting): writes of one meeting stay in order, and a meeting
 * whose sites flood the database delays its own readers only, not another meeting's reports.
 * Each queue is bounded (`limit`) and dropped once it has nothing left to store; `for(key)`
 * always reaches the key's current queue, so a holder never writes beside a newer one.
 */
export class WriteQueues {
  private readonly queues = new Map<string, WriteQueue>();

  private readonly log: FastifyBaseLogger;
  private readonly what: string;
  private readonly limit;
  constructor(
    log: FastifyBaseLogger,
    what: string,
    limit = 1000,
  ) {
    this.log = log;
    this.what = what;
    this.limit = limit;
  }

  /** The key's queue, made on first write. */
  for(key: string): Writes {
    const pending = () => this.pending(key);
    return {
      push: (task) => this.queue(key).push(task),
      enqueue: (task) => this.queue(key).enqueue(task),
      batch: (kind, item, store, refusable) => this.queue(key).batch(kind, item, store, refusable),
      get pending() {
        return pending();
      },
      idle: () => this.idle(key),
    };
  }

  /** Writes queued and not yet stored, for one key or all. */
  pending(key?: string): number {
    if (key !== undefined) return this.queues.get(key)?.pending ?? 0;
    let sum = 0;
    for (const q of this.queues.values()) sum += q.pending;
    return sum;
  }

  /** Resolves once the key's writes (or everyone's) queued so far are stored. */
  async idle(key?: string): Promise<void> {
    if (key !== undefined) return this.queues.get(key)?.idle();
    await Promise.all([...this.queues.values()].map((q) => q.idle()));
  }

  private queue(key: string): WriteQueue {
    let queue = this.queues.get(key);
    if (!queue) {
      const made = new WriteQueue(this.log, this.what, this.limit, () => {
        if (this.queues.get(key) === made && made.pending === 0) this.queues.delete(key);
      });
      queue = made;
      this.queues.set(key, queue);
    }
    return queue;
  }
}
