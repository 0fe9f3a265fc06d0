import { RateLimited } from '../lib/errors.ts';
import { TokenBucket } from '../lib/token-bucket.ts';
import type { MethodName } from './protocol.ts';

export interface BucketSize {
  capacity: number;
  perSecond: number;
}

/** Every call of a socket, whatever the method: a client bug or a flood, not a meeting's real pace. */
export const socketLimit: BucketSize = { capacity: 600, perSecond: 100 };

/** Per method: a joining site consumes every producer of a large meeting at once, a headcount is declared now and then. */
const methodLimits: Partial<Record<MethodName, BucketSize>> = {
  join: { capacity: 5, perSecond: 0.2 },
  consume: { capacity: 400, perSecond: 100 },
  resumeConsumer: { capacity: 400, perSecond: 100 },
  setPreferredLayers: { capacity: 400, perSecond: 100 },
  // Page flips and sites coming onto a page: a person's pace, in bursts while a large meeting fills.
  showPage: { capacity: 30, perSecond: 5 },
  // "Cho vào tất cả": the chủ trì lets in a lobby of up to LIVE_LOBBY_MAX sites, one call each.
  admit: { capacity: 100, perSecond: 20 },
  // Each one is an attendance row: the bucket bounds how fast one site can write them.
  declareHeadcount: { capacity: 5, perSecond: 0.1 },
  'rollCall:confirm': { capacity: 5, perSecond: 0.1 },
  'rollCall:start': { capacity: 5, perSecond: 0.1 },
  'rollCall:end': { capacity: 5, perSecond: 0.1 },
  // Each one is a stored record: a few in a row, then one every few seconds — a person's pace, not a script's.
  setAgendaItem: { capacity: 10, perSecond: 1 },
  sendMessage: { capacity: 5, perSecond: 0.3 },
};
const defaultMethodLimit: BucketSize = { capacity: 20, perSecond: 5 };

export function methodLimit(method: string): BucketSize {
  return methodLimits[method as MethodName] ?? defaultMethodLimit;
}

/** Calls of one socket waiting for their turn: beyond this the socket is flooding, not working. */
export const maxPendingCalls = 64;

/**
 * What one socket may call: a token bucket for the socket and one per method, and a serial
 * queue so its calls run one at a time, in the order they arrived (Galène's rule: each
 * client's messages in order). Two in-flight calls of one socket never interleave, so a
 * handler's check-then-await ("one transport per direction", "one producer per source",
 * "one consumer per producer") holds against its own client.
 */
export class SocketCalls {
  private readonly all = new TokenBucket(socketLimit.capacity, socketLimit.perSecond);
  private readonly perMethod = new Map<string, TokenBucket>();
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;

  /** Throws RateLimited when the socket or the method is over its share, or too many calls wait. */
  admit(method: string): void {
    let bucket = this.perMethod.get(method);
    if (!bucket) {
      const size = methodLimit(method);
      bucket = new TokenBucket(size.capacity, size.perSecond);
      this.perMethod.set(method, bucket);
    }
    // The method's bucket first: a flood of one method must not drain the socket's share of others.
    if (this.pending >= maxPendingCalls || !bucket.take() || !this.all.take()) throw new RateLimited();
  }

  /** Runs `task` after every earlier call of this socket has finished. */
  run<T>(task: () => Promise<T>): Promise<T> {
    this.pending++;
    const result = this.tail.then(task);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    ).finally(() => {
      this.pending--;
    });
    return result;
  }
}
