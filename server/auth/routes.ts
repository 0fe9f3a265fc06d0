import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { eq } from 'drizzle-orm';
import { DomainError, Unauthenticated } from '../lib/errors.ts';
import { BoundedSemaphore } from '../lib/semaphore.ts';
import { AccountThrottle, normaliseUsername } from './account-throttle.ts';
import { dummyHash, verifyPassword } from './passwords.ts';
import { requireUser } from './policy.ts';
import { users } from './schema.ts';
import { LoginBody, SessionResponse } from './schemas.ts';
import { loadSessionUser } from './session-user.ts';
import { createSession, deleteSession, SESSION_COOKIE, sessionIdOf } from './sessions.ts';

const wrongCredentials = 'Tên đăng nhập hoặc mật khẩu không đúng. / Wrong username or password.';
const tooMany = (seconds: number) =>
  `Quá nhiều lần đăng nhập. Thử lại sau ${seconds} giây. / Too many sign-in attempts; try again in ${seconds} s.`;
const hashingBusy = 'Máy chủ đang bận xử lý đăng nhập. Thử lại sau ít giây. / The server is busy with sign-ins; try again in a few seconds.';

class TooManyAttempts extends DomainError {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    super('too_many_requests', tooMany(retryAfterSeconds));
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax', secure: app.config.COOKIE_SECURE } as const;
  const accounts = new AccountThrottle(app.config.LOGIN_ACCOUNT_FAILURES);
  const hashing = new BoundedSemaphore(app.config.LOGIN_HASH_CONCURRENCY, app.config.LOGIN_HASH_QUEUE, hashingBusy);

  app.post('/api/auth/login', {
    schema: { tags: ['auth'], summary: 'Sign in with username and password', body: LoginBody, response: { 200: SessionResponse } },
    config: {
      rateLimit: {
        max: app.config.LOGIN_RATE_LIMIT,
        // After body parsing, so the key can include the username being tried.
        hook: 'preHandler',
        timeWindow: '1 minute',
        // request.ip is the peer's address unless TRUST_PROXY names the proxy in front.
        keyGenerator: (request) => `${request.ip}:${normaliseUsername((request.body as { username?: string } | undefined)?.username ?? '')}`,
        errorResponseBuilder: (_req, ctx) => ({ statusCode: 429, error: 'Too Many Requests', message: tooMany(Math.ceil(ctx.ttl / 1000)) }),
      },
    },
  }, async (request, reply) => {
    const username = normaliseUsername(request.body.username);
    const wait = accounts.waitSeconds(username);
    if (wait > 0) {
      void reply.header('retry-after', String(wait));
      throw new TooManyAttempts(wait);
    }
    const [user] = await app.db.select().from(users).where(eq(users.username, username));
    const stored = user?.passwordHash ?? (await dummyHash);
    const ok = await hashing.run(() => verifyPassword(stored, request.body.password));
    if (!user || !ok || !user.active) {
      accounts.fail(username);
      throw new Unauthenticated(wrongCredentials);
    }
    accounts.succeed(username);
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
    if (request.sessionToken) {
      await deleteSession(app.db, request.sessionToken);
      app.sessionSignals.ended({ sessionId: sessionIdOf(request.sessionToken) });
    }
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });
};

export default authRoutes;
