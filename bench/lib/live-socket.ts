import { io, type Socket } from 'socket.io-client';
import type { Ack, MethodName, Methods } from '../../server/live/protocol.ts';

/** An instant comparable across the bench's processes on one machine (ms since the epoch, sub-ms resolution). */
export const now = () => performance.timeOrigin + performance.now();

/** A socket.io client of `/live` (or a bare server's same path), signed in by a session cookie: the real handshake. */
export function connectSocket(url: string, cookie: string | null, timeoutMs = 30_000): Promise<Socket> {
  const socket = io(`${url}/live`, {
    path: '/socket.io', transports: ['websocket'], reconnection: false, forceNew: true, timeout: timeoutMs,
    ...(cookie ? { extraHeaders: { cookie } } : {}),
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** One signalling call; rejects with the ack's error code, or on timeout. */
export function call<M extends MethodName>(socket: Socket, method: M, payload: Methods[M]['req'], timeoutMs = 60_000): Promise<Methods[M]['res']> {
  return new Promise((resolve, reject) => {
    socket.timeout(timeoutMs).emit(method, payload, (err: Error | null, ack: Ack<Methods[M]['res']>) => {
      if (err) reject(err);
      else if ('ok' in ack) resolve(ack.data);
      else reject(new Error(`${method}: ${ack.error.code}: ${ack.error.message}`));
    });
  });
}

/** Runs `task` for every item with at most `window` in flight; returns the errors' messages. */
export async function windowed<T>(items: readonly T[], window: number, task: (item: T, index: number) => Promise<void>): Promise<string[]> {
  const errors: string[] = [];
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        await task(items[i]!, i);
      } catch (err) {
        errors.push((err as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(window, items.length) }, lane));
  return errors;
}

/** Resolves with `promise`, or with `fallback` after `ms` (a bench step that does not finish is reported, not awaited forever). */
export function within<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout;
  const late = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(fallback), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
