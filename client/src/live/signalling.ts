import { io, type Socket } from 'socket.io-client';
import { socketOptions } from '../socket-options.ts';
import type { Ack, EventName, MethodName, Methods, ServerEvents } from './protocol.ts';

/**
 * A refused request: the ack's error, with its code (`forbidden`, `not_found`…) kept for
 * decisions. `final` marks a refusal that trying again cannot change (not invited, removed,
 * meeting over); anything else (a timeout, a media room restarting) is worth retrying.
 */
export class SignallingError extends Error {
  readonly code: string;
  readonly final;
  constructor(
    code: string,
    message: string,
    final = false,
  ) {
    super(message);
    this.code = code;
    this.final = final;
    this.name = 'SignallingError';
  }
}

/** No ack within the deadline: the link is down or the server is stuck. */
export const TIMEOUT = 'timeout';
/** The socket is not connected; the request was not sent. */
export const OFFLINE = 'offline';

const REQUEST_TIMEOUT_MS = 15_000;

/**
 * The socket.io connection to the `/live` namespace. Same origin, so the session cookie
 * authenticates it; every method is `emit(method, payload, ack)` and resolves to the ack's
 * `data` or rejects with its error. socket.io reconnects by itself; callers learn of it
 * through `onConnection`.
 */
export class Signalling {
  private readonly socket: Socket;
  private everConnected = false;
  /** The server refused the connection (its middleware: no valid session); socket.io then stops trying. */
  private refused = false;

  constructor(url = '/live') {
    this.socket = io(url, {
      ...socketOptions,
      reconnection: true,
      reconnectionDelay: 500,
      reconnectionDelayMax: 4_000,
    });
    this.socket.on('connect', () => {
      const again = this.everConnected;
      this.everConnected = true;
      for (const listener of this.connectionListeners) listener({ connected: true, reconnected: again });
    });
    this.socket.on('disconnect', (reason) => {
      for (const listener of this.connectionListeners) listener({ connected: false, reconnected: false, reason });
    });
    this.socket.on('connect_error', (err) => {
      if (!this.socket.active) this.refused = true;
      for (const listener of this.errorListeners) listener(err);
    });
    // A server that stops says so first; socket.io does not reconnect after a server-side
    // disconnect, so come back on our own once it is up again (then the session rejoins).
    this.socket.on('restarting', ({ retryAfterMs, spreadMs }: ServerEvents['restarting']) => {
      this.socket.once('disconnect', () => {
        setTimeout(() => this.socket.connect(), retryAfterMs + Math.random() * spreadMs);
      });
    });
  }

  private readonly connectionListeners = new Set<(change: ConnectionChange) => void>();
  private readonly errorListeners = new Set<(err: Error) => void>();

  get connected(): boolean {
    return this.socket.connected;
  }

  /** Resolves once connected (immediately when already connected). */
  whenConnected(timeoutMs = REQUEST_TIMEOUT_MS): Promise<void> {
    if (this.socket.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new SignallingError(TIMEOUT, 'Không kết nối được máy chủ họp. / Cannot reach the meeting server.'));
      }, timeoutMs);
      const onConnect = () => {
        off();
        resolve();
      };
      const onError = (err: Error) => {
        // The server refuses a socket without a valid session; retrying will not help.
        if (err.message === 'unauthenticated') {
          off();
          reject(new SignallingError('unauthenticated', 'Phiên đăng nhập đã hết hạn. / Your session has expired.', true));
        }
      };
      const off = () => {
        clearTimeout(timer);
        this.socket.off('connect', onConnect);
        this.socket.off('connect_error', onError);
      };
      this.socket.on('connect', onConnect);
      this.socket.on('connect_error', onError);
      // A socket the server refused does not try again by itself, and the pre-join page opened this
      // one long before the join: ask again now, and hear the server's answer afresh.
      if (this.refused && !this.socket.active) {
        this.refused = false;
        this.socket.connect();
      }
    });
  }

  request<M extends MethodName>(method: M, payload: Methods[M]['req'], timeoutMs = REQUEST_TIMEOUT_MS): Promise<Methods[M]['res']> {
    // socket.io would buffer an emit made offline and send it after reconnecting, to a server
    // that no longer knows this peer; refuse instead, and let the rejoin resend what matters.
    if (!this.socket.connected) {
      return Promise.reject(new SignallingError(OFFLINE, 'Mất kết nối tới máy chủ họp. / Lost connection to the meeting server.'));
    }
    return new Promise((resolve, reject) => {
      this.socket.timeout(timeoutMs).emit(method, payload, (err: Error | null, ack: Ack<Methods[M]['res']> | undefined) => {
        if (err) {
          reject(new SignallingError(TIMEOUT, 'Máy chủ họp không phản hồi. / The meeting server did not answer.'));
        } else if (ack && 'ok' in ack && ack.ok) {
          resolve(ack.data);
        } else if (ack && 'error' in ack) {
          reject(new SignallingError(ack.error.code, ack.error.message));
        } else {
          reject(new SignallingError('invalid_ack', `Unexpected answer to ${method}`));
        }
      });
    });
  }

  /** Subscribes to a server event; returns the unsubscribe function. */
  on<E extends EventName>(event: E, handler: (payload: ServerEvents[E]) => void): () => void {
    const listener = (payload: ServerEvents[E]) => handler(payload);
    // tsc needs the widening (socket.io's listener type is conditional on E); the lint rule misjudges it.
    /* eslint-disable @typescript-eslint/no-unnecessary-type-assertion */
    this.socket.on(event as string, listener);
    return () => {
      this.socket.off(event as string, listener);
      /* eslint-enable @typescript-eslint/no-unnecessary-type-assertion */
    };
  }

  onConnection(listener: (change: ConnectionChange) => void): () => void {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  onConnectError(listener: (err: Error) => void): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  /**
   * Drops the connection as a network failure would (used by the reconnection test hook);
   * with `holdMs`, the link stays down that long before socket.io reconnects.
   */
  simulateDrop(holdMs = 0): void {
    if (holdMs > 0) {
      this.socket.io.reconnection(false);
      setTimeout(() => {
        this.socket.io.reconnection(true);
        this.socket.connect();
      }, holdMs);
    }
    this.socket.io.engine?.close();
  }

  close(): void {
    this.connectionListeners.clear();
    this.errorListeners.clear();
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }
}

export interface ConnectionChange {
  connected: boolean;
  /** True when this connection follows an earlier one (socket.io reconnected). */
  reconnected: boolean;
  reason?: string;
}
