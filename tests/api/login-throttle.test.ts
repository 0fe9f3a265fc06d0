import supertest from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Config } from '../../server/config.ts';
import { DEMO_PASSWORD, startTestApp, type TestApp } from '../helpers/app.ts';
import { describeEachDb } from '../helpers/db.ts';

function tryLogin(t: TestApp, username: string, password: string, forwardedFor?: string) {
  const req = supertest(t.app.server).post('/api/auth/login');
  if (forwardedFor) void req.set('x-forwarded-for', forwardedFor);
  return req.send({ username, password });
}

/** One app per setting under test; closed after its suite. */
function withApp(kind: 'pglite' | 'postgres', config: Partial<Config>): () => TestApp {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ kind, config });
  });
  afterAll(() => t.close());
  return () => t;
}

describeEachDb('sign-in throttle per address and username', (kind) => {
  // The account limit is set high here, so only the per-address limit answers.
  const app = withApp(kind, { LOGIN_RATE_LIMIT: 3, LOGIN_ACCOUNT_FAILURES: 1000 });

  it('counts "XA.canloc" and " xa.canloc" as xa.canloc', async () => {
    const statuses: number[] = [];
    for (const name of ['xa.canloc', 'XA.canloc', ' xa.canloc', 'Xa.CanLoc ', 'xa.canloc']) {
      statuses.push((await tryLogin(app(), name, 'wrong')).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });

  it('ignores X-Forwarded-For unless a proxy is trusted', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await tryLogin(app(), 'p.thanhsen', 'wrong', `203.0.113.${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });
});

describeEachDb('sign-in throttle per account, from any address', (kind) => {
  // A trusted proxy (the test client itself) makes every X-Forwarded-For a different address.
  const app = withApp(kind, { TRUST_PROXY: '127.0.0.1,::1,::ffff:127.0.0.1', LOGIN_RATE_LIMIT: 2, LOGIN_ACCOUNT_FAILURES: 3 });

  it('lets a trusted proxy tell addresses apart', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await tryLogin(app(), `nobody${i}`, 'wrong', `198.51.100.${i}`)).status);
    expect(statuses).toEqual([401, 401, 401]);
    expect((await tryLogin(app(), 'nobody0', 'wrong', '198.51.100.0')).status).toBe(401);
    expect((await tryLogin(app(), 'nobody0', 'wrong', '198.51.100.0')).status).toBe(429);
  });

  it('makes an account wait after repeated failures, doubling, and a success clears it', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await tryLogin(app(), 'xa.thachha', 'wrong', `192.0.2.${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    // Even the right password waits: the try is not checked at all.
    const blocked = await tryLogin(app(), 'XA.THACHHA', DEMO_PASSWORD, '192.0.2.9');
    expect(blocked.status).toBe(429);
    expect(blocked.headers['retry-after']).toBe('1');
    expect(blocked.body.error.message).toMatch(/Thử lại sau 1 giây/);

    await new Promise((r) => setTimeout(r, 1100));
    expect((await tryLogin(app(), 'xa.thachha', 'wrong', '192.0.2.10')).status).toBe(401);
    const longer = await tryLogin(app(), 'xa.thachha', DEMO_PASSWORD, '192.0.2.11');
    expect(longer.status).toBe(429);
    expect(longer.headers['retry-after']).toBe('2');

    await new Promise((r) => setTimeout(r, 2100));
    await tryLogin(app(), 'xa.thachha', DEMO_PASSWORD, '192.0.2.12').expect(200);
    // Cleared: three fresh failures are needed again before a wait.
    for (let i = 0; i < 2; i++) expect((await tryLogin(app(), 'xa.thachha', 'wrong', `192.0.2.2${i}`)).status).toBe(401);
  });
});

describeEachDb('sign-in password hashing is bounded', (kind) => {
  const app = withApp(kind, { LOGIN_HASH_CONCURRENCY: 1, LOGIN_HASH_QUEUE: 2 });

  it('refuses sign-ins beyond the queue with 503 and a clear message, then recovers', async () => {
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => tryLogin(app(), `flood${i}`, 'wrong')));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThanOrEqual(3);
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 401 || s === 503)).toBe(true);
    const busy = answers.find((a) => a.status === 503);
    expect(busy?.body.error).toMatchObject({ code: 'unavailable', message: expect.stringMatching(/bận/) });
    await tryLogin(app(), 'vp.hatinh', DEMO_PASSWORD).expect(200);
  });
});
