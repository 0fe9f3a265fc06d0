import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import supertest from 'supertest';
import { buildApp } from '../../server/app.ts';
import { loadConfig, type Config } from '../../server/config.ts';
import type { Db, DbKind } from '../../server/db/client.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';

export const DEMO_PASSWORD = 'hopso-demo';
/** Encrypts the test apps' signing keys (a real deployment sets its own; see README). */
export const TEST_SIGNING_SECRET = 'test-only-signing-key-secret-0123456789';

export interface TestAppOptions {
  /** PGlite unless told; 'postgres' makes a fresh database on TEST_DATABASE_URL. */
  kind?: DbKind;
  /**
   * Listen on a random port of 127.0.0.1, for socket.io clients and browsers (which also need
   * the built client: `npx vite build client`). Without it the app is only `ready()`, for
   * `app.inject()` and supertest.
   */
  listen?: boolean;
  /** Real mediasoup workers, with RTC on a random port of 127.0.0.1; none unless told. */
  mediaWorkers?: number;
  /**
   * Settings applied last (the demo accounts on but not the demo history, logging errors only (to stderr: a 500 in a
   * suite shows its cause), no media grace period and cookies not
   * Secure unless told: tests talk plain HTTP to 127.0.0.1, where supertest would not send
   * Secure cookies; most tests drop sockets to see what closing does).
   */
  config?: Partial<Config>;
  /** Told the SQL text of every query the app's database runs (to count a read's queries). */
  onQuery?: (sql: string) => void;
  /** Receives the app's log lines instead of stderr (set LOG_LEVEL in `config` too: tests log only errors unless told). */
  logStream?: { write(line: string): void };
}

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  db: Db;
  /** Closes the app but keeps the database, so a test can read what shutdown wrote. */
  closeApp(): Promise<void>;
  /** Closes the app and drops its database. */
  close(): Promise<void>;
}

export interface TestServer extends TestApp {
  url: string;
  /** Session cookies by username: one login per account (logins are rate-limited). */
  cookies: Map<string, string>;
}

/** The real app on a fresh database with demo data: one builder for API, live and browser tests. */
export function startTestApp(opts: TestAppOptions & { listen: true }): Promise<TestServer>;
export function startTestApp(opts?: TestAppOptions): Promise<TestApp>;
export async function startTestApp(opts: TestAppOptions = {}): Promise<TestApp | TestServer> {
  const database = await createTestDatabase(opts.kind ?? 'pglite', opts.onQuery ? { onQuery: opts.onQuery } : {});
  const media: Partial<Config> = opts.mediaWorkers ? { RTC_PORT: 0, RTC_LISTEN_IP: '127.0.0.1' } : {};
  const config = loadConfig({}, {
    LOG_LEVEL: 'error', DEMO_DATA: true, DEMO_HISTORY: false, SIGNING_KEY_SECRET: TEST_SIGNING_SECRET, COOKIE_SECURE: false, MEDIA_WORKERS: opts.mediaWorkers ?? 0, LIVE_MEDIA_GRACE_SECONDS: 0, ...media, ...opts.config,
  });
  const app = await buildApp(config, { database, logStream: opts.logStream ?? process.stderr });
  let appClosed = false;
  const closeApp = async () => {
    if (appClosed) return;
    appClosed = true;
    await app.close();
  };
  const close = async () => {
    await closeApp();
    await database.destroy();
  };
  if (!opts.listen) {
    await app.ready();
    return { app, database, db: database.db, closeApp, close };
  }
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return { app, database, db: database.db, closeApp, close, url: `http://127.0.0.1:${port}`, cookies: new Map() };
}

/** A supertest agent signed in as `username`, sending the CSRF token on writes. */
export async function signIn(app: FastifyInstance, username: string, password = DEMO_PASSWORD) {
  const agent = supertest.agent(app.server);
  const res = await agent.post('/api/auth/login').send({ username, password });
  if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  const body = res.body as { csrfToken: string; user: { id: string; body: { id: string }; unit: { code: string } } };
  agent.set('x-csrf-token', body.csrfToken);
  return { agent, user: body.user };
}

/** The session cookie of a demo account, as a browser would send it. */
export async function sessionCookie(app: FastifyInstance, username: string): Promise<string> {
  const res = await supertest(app.server).post('/api/auth/login').send({ username, password: DEMO_PASSWORD });
  if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status}`);
  const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('hopso_session='));
  if (!cookie) throw new Error('no session cookie');
  return cookie.split(';')[0]!;
}
