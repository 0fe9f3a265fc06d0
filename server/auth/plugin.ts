import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyRateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { SessionSignals } from './session-signals.ts';
import { SessionCache } from './session-cache.ts';
import type { SessionUser } from './session-user.ts';
import { SESSION_COOKIE } from './sessions.ts';

declare module 'fastify' {
  interface FastifyInstance {
    sessionSignals: SessionSignals;
  }
  interface FastifyRequest {
    user: SessionUser | null;
    sessionToken: string | null;
  }
}

const unsafe = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Resolves the session cookie to `request.user` and guards cookie-authenticated writes
 * with a CSRF token (sent back by login and /api/auth/me, expected in `x-csrf-token`).
 */
async function authPlugin(app: FastifyInstance) {
  await app.register(fastifyCookie);
  await app.register(fastifyCsrf, {
    cookieKey: 'hopso_csrf',
    cookieOpts: { httpOnly: true, sameSite: 'lax', path: '/', secure: app.config.COOKIE_SECURE, signed: false },
  });
  await app.register(fastifyRateLimit, { global: false });

  const signals = new SessionSignals();
  app.decorate('sessionSignals', signals);
  const sessions = new SessionCache(app.db, signals);
  app.decorateRequest('user', null);
  app.decorateRequest('sessionToken', null);

  app.addHook('onRequest', async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const user = await sessions.resolve(token);
    if (!user) return;
    request.sessionToken = token;
    request.user = user;
    if (request.user && unsafe.has(request.method) && !request.url.startsWith('/api/auth/login')) {
      await new Promise<void>((resolve, reject) =>
        app.csrfProtection(request, reply, (err?: Error) => (err ? reject(err) : resolve())),
      );
    }
  });
}

export default fp(authPlugin, { name: 'auth', dependencies: ['database'] });
