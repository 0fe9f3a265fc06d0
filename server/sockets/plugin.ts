import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Server, type Namespace, type Socket } from 'socket.io';
import { loadSessionUser, type SessionUser } from '../auth/session-user.ts';
import { findSession, findSessionById, SESSION_COOKIE } from '../auth/sessions.ts';
import { allowedOrigins, originAllowed } from './origin.ts';
import { bodyRoom, sessionRoom, userRoom } from './rooms.ts';

declare module 'fastify' {
  interface FastifyInstance {
    io: Server;
  }
}

/** What clients are told when the server stops: try again in 3 s, spread over 10 s. */
export const RESTART_NOTICE = { retryAfterMs: 3000, spreadMs: 7000 };

/** What the handshake leaves on every socket: the signed-in user. */
export interface SocketData {
  user: SessionUser;
  sessionId: string;
  sessionExpiresAt: Date;
  /** SessionSignals.signalled when the handshake began. */
  signalledAtHandshake: number;
}

// setTimeout's longest delay (~24.8 days); a later expiry is re-checked when it fires.
const MAX_TIMER_MS = 2 ** 31 - 1;

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(rest.join('='));
    } catch {
      // Not valid percent-encoding: that cookie holds no session (the client is refused, not failed).
      return undefined;
    }
  }
  return undefined;
}

/**
 * socket.io on the app's HTTP server, authenticated by the same session cookie as HTTP.
 * Every namespace gets the same middleware; a socket without a valid session is refused,
 * and a socket lives no longer than its session (logout, expiry, account deactivated).
 */
async function socketServerPlugin(app: FastifyInstance) {
  const origins = allowedOrigins(app.config.PUBLIC_ORIGIN);
  const io = new Server(app.server, {
    path: '/socket.io',
    serveClient: false,
    // A foreign page would otherwise open sockets with the user's cookie (no CORS on WebSocket).
    allowRequest: (request, callback) => {
      const ok = originAllowed(request, origins);
      callback(ok ? null : 'origin not allowed', ok);
    },
    // Galène's liveness rule: ping every 20 s, drop after ~45 s of silence.
    pingInterval: 20_000,
    pingTimeout: 25_000,
    // Signalling messages are a few KB (the largest, RTP capabilities, under 10 KB): a bigger
    // one is an attack on memory, and socket.io drops the connection that sends it.
    maxHttpBufferSize: 64 * 1024,
  });
  const authenticate = async (socket: Socket, next: (err?: Error) => void) => {
    try {
      const signalledAtHandshake = app.sessionSignals.signalled;
      const token = readCookie(socket.handshake.headers.cookie, SESSION_COOKIE);
      const session = token ? await findSession(app.db, token) : null;
      const user = session ? await loadSessionUser(app.db, session.userId) : null;
      if (!session || !user) return next(new Error('unauthenticated'));
      Object.assign(socket.data as SocketData, { user, sessionId: session.id, sessionExpiresAt: session.expiresAt, signalledAtHandshake });
      next();
    } catch (err) {
      app.log.error({ err }, 'socket authentication failed');
      next(new Error('unavailable'));
    }
  };
  const namespaces: Namespace[] = [io.sockets];
  const onConnection = (socket: Socket) => {
    const { user, sessionId, signalledAtHandshake } = socket.data as SocketData;
    // In its rooms first: from here on a logout reaches this socket through them.
    void socket.join([userRoom(user.id), bodyRoom(user.body.id), sessionRoom(sessionId)]);
    dropAtExpiry(socket);
    // A logout (or deactivation) signalled while the handshake was looking the session up found
    // the socket in none of those rooms: look again, and let it go if its session is gone.
    if (app.sessionSignals.signalled !== signalledAtHandshake) {
      // Deactivating an account deletes its sessions too: the session alone answers.
      findSessionById(app.db, sessionId).then(
        (session) => {
          if (!session) socket.disconnect(true);
        },
        (err: unknown) => {
          app.log.error({ err }, 'socket session re-check failed');
          socket.disconnect(true);
        },
      );
    }
  };
  const dropAtExpiry = (socket: Socket) => {
    const left = (socket.data as SocketData).sessionExpiresAt.getTime() - Date.now();
    if (left <= 0) return void socket.disconnect(true);
    const timer = setTimeout(() => dropAtExpiry(socket), Math.min(left, MAX_TIMER_MS));
    timer.unref();
    socket.once('disconnect', () => clearTimeout(timer));
  };
  const middleware = (socket: Socket, next: (err?: Error) => void) => void authenticate(socket, next);
  io.use(middleware);
  io.on('connection', onConnection);
  io.on('new_namespace', (namespace) => {
    namespaces.push(namespace);
    namespace.use(middleware);
    namespace.on('connection', onConnection);
  });
  app.sessionSignals.onEnded((ended) => {
    const room = 'sessionId' in ended ? sessionRoom(ended.sessionId) : userRoom(ended.userId);
    for (const namespace of namespaces) namespace.in(room).disconnectSockets(true);
  });
  app.decorate('io', io);
  app.addHook('preClose', async () => {
    // Every namespace is told before any connection closes (one browser's namespaces share one
    // connection), so that clients come back once the server is up again: socket.io does not
    // reconnect by itself after a server-side disconnect.
    // `local`: with several nodes (socket.io's adapter) a namespace-wide emit reaches every node's sockets.
    for (const namespace of namespaces) namespace.local.emit('restarting', RESTART_NOTICE);
    for (const namespace of namespaces) namespace.local.disconnectSockets(true);
  });
  app.addHook('onClose', async () => {
    await io.close();
  });
}

export default fp(socketServerPlugin, { name: 'socket-server', dependencies: ['database', 'auth'] });
