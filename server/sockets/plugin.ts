import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Server, type Socket } from 'socket.io';
import { loadSessionUser, type SessionUser } from '../auth/session-user.ts';
import { findSessionUserId, SESSION_COOKIE } from '../auth/sessions.ts';
import { bodyRoom, userRoom } from './rooms.ts';

declare module 'fastify' {
  interface FastifyInstance {
    io: Server;
  }
}

/** What the handshake leaves on every socket: the signed-in user. */
export interface SocketData {
  user: SessionUser;
}

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
 * Every namespace gets the same middleware; a socket without a valid session is refused.
 */
async function socketServerPlugin(app: FastifyInstance) {
  const io = new Server(app.server, {
    path: '/socket.io',
    serveClient: false,
    // Galène's liveness rule: ping every 20 s, drop after ~45 s of silence.
    pingInterval: 20_000,
    pingTimeout: 25_000,
    // Signalling messages are a few KB (the largest, RTP capabilities, under 10 KB): a bigger
    // one is an attack on memory, and socket.io drops the connection that sends it.
    maxHttpBufferSize: 64 * 1024,
  });
  const authenticate = async (socket: Socket, next: (err?: Error) => void) => {
    try {
      const token = readCookie(socket.handshake.headers.cookie, SESSION_COOKIE);
      const userId = token ? await findSessionUserId(app.db, token) : null;
      const user = userId ? await loadSessionUser(app.db, userId) : null;
      if (!user) return next(new Error('unauthenticated'));
      (socket.data as SocketData).user = user;
      next();
    } catch (err) {
      app.log.error({ err }, 'socket authentication failed');
      next(new Error('unavailable'));
    }
  };
  const middleware = (socket: Socket, next: (err?: Error) => void) => void authenticate(socket, next);
  io.use(middleware);
  io.on('new_namespace', (namespace) => namespace.use(middleware));
  io.on('connection', (socket) => {
    const { user } = socket.data as SocketData;
    void socket.join([userRoom(user.id), bodyRoom(user.body.id)]);
  });
  app.decorate('io', io);
  app.addHook('preClose', async () => {
    io.disconnectSockets(true);
  });
  app.addHook('onClose', async () => {
    await io.close();
  });
}

export default fp(socketServerPlugin, { name: 'socket-server', dependencies: ['database'] });
