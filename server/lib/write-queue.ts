import type { FastifyBaseLogger } from 'fastify';
import { Unavailable } from './errors.ts';

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
export class WriteQueue {
  private tail: Promise<void> = Promise.resolve();
  private waiting = 0;

  constructor(
    private readonly log: FastifyBaseLogger,
    private readonly what: string,
    private readonly limit = 1000,
  ) {}

  /** Stored when it resolves; refused at once when the queue is full. */
  push(task: () => Promise<unknown>): Promise<void> {
    if (this.waiting >= this.limit) {
      return Promise.reject(new Unavailable('Máy chủ đang bận ghi dữ liệu, vui lòng thử lại. / The server is busy storing records; try again.'));
    }
    return this.run(task);
  }

  /** A write the server owes: queued whatever the length; failures are logged. */
  enqueue(task: () => Promise<unknown>): Promise<void> {
    return this.run(task).catch(() => undefined);
  }

  /** Writes queued and not yet stored. */
  get pending(): number {
    return this.waiting;
  }

  idle(): Promise<void> {
    return this.tail;
  }

  private run(task: () => Promise<unknown>): Promise<void> {
    this.waiting++;
    const run = this.tail.then(task).then(
      () => undefined,
      (err: unknown) => {
        this.log.error({ err }, `${this.what}: write failed`);
        throw err;
      },
    );
    const settled = run.then(
      () => {
        this.waiting--;
      },
      () => {
        this.waiting--;
      },
    );
    this.tail = settled;
    return run;
  }
}
