import type { FastifyBaseLogger } from 'fastify';

/**
 * Database writes that must not slow a signalling reply but must land in order (a leave never
 * before its join, a floor's end never before its grant). One queue, run one task at a time;
 * a failed write is logged and the queue goes on. Readers await `idle()` to see every write.
 */
export class WriteQueue {
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly log: FastifyBaseLogger,
    private readonly what: string,
  ) {}

  push(task: () => Promise<unknown>): Promise<void> {
    const run = this.tail.then(task).then(
      () => undefined,
      (err: unknown) => this.log.error({ err }, `${this.what}: write failed`),
    );
    this.tail = run;
    return run;
  }

  idle(): Promise<void> {
    return this.tail;
  }
}
