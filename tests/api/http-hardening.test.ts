import supertest from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD, signIn, startTestApp, type TestApp } from '../helpers/app.ts';
import { describeEachDb } from '../helpers/db.ts';

const cookiesOf = (res: supertest.Response) => ([] as string[]).concat(res.headers['set-cookie'] ?? []);

describeEachDb('HTTP hardening with the default settings (behind HTTPS)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    // The production default, which the test helper turns off for plain-HTTP tests.
    t = await startTestApp({ kind, config: { COOKIE_SECURE: true } });
  });
  afterAll(() => t.close());

  it('sets CSP, frame denial, HSTS and Referrer-Policy on every answer', async () => {
    for (const path of ['/health', '/api/auth/me', '/no/such/page']) {
      const res = await supertest(t.app.server).get(path);
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(csp).toContain('upgrade-insecure-requests');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['strict-transport-security']).toMatch(/max-age=31536000/);
      expect(res.headers['referrer-policy']).toBe('same-origin');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('marks the session and CSRF cookies Secure', async () => {
    const res = await supertest(t.app.server).post('/api/auth/login').send({ username: 'vp.hatinh', password: DEMO_PASSWORD }).expect(200);
    const cookies = cookiesOf(res);
    expect(cookies.find((c) => c.startsWith('hopso_session='))).toMatch(/; Secure/);
    expect(cookies.find((c) => c.startsWith('hopso_csrf='))).toMatch(/; Secure/);
  });
});

describeEachDb('HTTP hardening on deliberate plain HTTP, health and docs access', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ kind, config: { COOKIE_SECURE: false } });
  });
  afterAll(() => t.close());

  it('sends no HSTS and no upgrade-insecure-requests, which would lock plain-HTTP users out', async () => {
    const res = await supertest(t.app.server).get('/health').expect(200);
    expect(res.headers['strict-transport-security']).toBeUndefined();
    expect(String(res.headers['content-security-policy'])).not.toContain('upgrade-insecure-requests');
    expect(res.headers['x-frame-options']).toBe('DENY');
    const login = await supertest(t.app.server).post('/api/auth/login').send({ username: 'vp.hatinh', password: DEMO_PASSWORD }).expect(200);
    expect(cookiesOf(login).find((c) => c.startsWith('hopso_session='))).not.toMatch(/Secure/);
  });

  it('answers public liveness with nothing but its status', async () => {
    const res = await supertest(t.app.server).get('/health').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('shows health details to signed-in staff only', async () => {
    await supertest(t.app.server).get('/health/details').expect(401);
    const participant = (await signIn(t.app, 'p.thanhsen')).agent;
    const refused = await participant.get('/health/details').expect(403);
    expect(refused.body.error.code).toBe('forbidden');
    const secretary = (await signIn(t.app, 'thuky.hatinh')).agent;
    const res = await secretary.get('/health/details').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', db: kind, units: 3356, media: { workers: 0 } });
  });
});
