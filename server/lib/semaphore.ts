import { Unavailable } from './errors.ts';

/**
 * At most `limit` tasks run at once; up to `queueLimit` more wait their turn in order.
 * Beyond that a task is refused at once with `Unavailable`, so a flood costs a queue slot
 * check rather than memory and CPU.
 */
export class BoundedSemaphore {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  private readonly limit: number;
  private readonly queueLimit: number;
  private readonly busyMessage: string;
  constructor(
    limit: number,
    queueLimit: number,
    busyMessage: string,
  ) {
    this.limit = limit;
    this.queueLimit = queueLimit;
    this.busyMessage = busyMessage;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) {
      if (this.waiting.length >= this.queueLimit) throw new Unavailable(this.busyMessage);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiter, so `running` never dips and lets a newcomer jump the queue.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
