import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { eq } from 'drizzle-orm';
import { Unauthenticated } from '../lib/errors.ts';
import { dummyHash, verifyPassword } from './passwords.ts';
import { requireUser } from './policy.ts';
import { users } from './schema.ts';
import { LoginBody, SessionResponse } from './schemas.ts';
import { loadSessionUser } from './session-user.ts';
import { createSession, deleteSession, SESSION_COOKIE } from './sessions.ts';

const wrongCredentials = 'Tên đăng nhập hoặc mật khẩu không đúng. / Wrong username or password.';

const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax', secure: app.config.COOKIE_SECURE } as const;

  app.post('/api/auth/login', {
    schema: { tags: ['auth'], summary: 'Sign in with username and password', body: LoginBody, response: { 200: SessionResponse } },
    config: {
      rateLimit: {
        max: app.config.LOGIN_RATE_LIMIT,
        // After body parsing, so the key can include the username being tried.
        hook: 'preHandler',
        timeWindow: '1 minute',
        keyGenerator: (request) => `${request.ip}:${(request.body as { username?: string } | undefined)?.username ?? ''}`,
        errorResponseBuilder: (_req, ctx) => ({
          statusCode: 429,
          error: 'Too Many Requests',
          message: `Quá nhiều lần đăng nhập. Thử lại sau ${Math.ceil(ctx.ttl / 1000)} giây. / Too many sign-in attempts; try again in ${Math.ceil(ctx.ttl / 1000)} s.`,
        }),
      },
    },
  }, async (request, reply) => {
    const { username, password } = request.body;
    const [user] = await app.db.select().from(users).where(eq(users.username, username.trim().toLowerCase()));
    const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash), password);
    if (!user || !ok || !user.active) throw new Unauthenticated(wrongCredentials);
    const session = await createSession(app.db, user.id, app.config.SESSION_TTL_HOURS);
    const sessionUser = await loadSessionUser(app.db, user.id);
    if (!sessionUser) throw new Unauthenticated(wrongCredentials);
    reply.setCookie(SESSION_COOKIE, session.token, { ...cookieOptions, expires: session.expiresAt });
    return { user: sessionUser, csrfToken: reply.generateCsrf() };
  });

  app.get('/api/auth/me', {
    schema: { tags: ['auth'], summary: 'The signed-in user and a CSRF token for writes', response: { 200: SessionResponse } },
  }, async (request, reply) => ({ user: requireUser(request.user), csrfToken: reply.generateCsrf() }));

  app.post('/api/auth/logout', {
    schema: { tags: ['auth'], summary: 'Sign out', response: { 204: Type.Null() } },
  }, async (request, reply) => {
    requireUser(request.user);
    if (request.sessionToken) await deleteSession(app.db, request.sessionToken);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });
};

export default authRoutes;
