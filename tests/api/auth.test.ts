import supertest from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, signIn, type TestApp } from '../helpers/app.ts';
import { describeEachDb } from '../helpers/db.ts';

describeEachDb('accounts, sessions and scopes', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ kind, config: { LOGIN_RATE_LIMIT: 5 } });
  });
  afterAll(() => t.close());

  it('signs in with the right password and sets an HttpOnly SameSite cookie', async () => {
    const res = await supertest(t.app.server).post('/api/auth/login').send({ username: 'vp.hatinh', password: 'hopso-demo' }).expect(200);
    expect(res.body.user).toMatchObject({ username: 'vp.hatinh', role: 'convener', body: { id: '42:vp_ubnd' }, unit: { code: '42' } });
    expect(res.body.csrfToken).toEqual(expect.any(String));
    const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('hopso_session='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
  });

  it('refuses a wrong password with 401 and a clear message', async () => {
    const res = await supertest(t.app.server).post('/api/auth/login').send({ username: 'vp.hatinh', password: 'wrong' }).expect(401);
    expect(res.body.error).toMatchObject({ code: 'unauthenticated' });
    expect(res.body.error.message).toMatch(/mật khẩu không đúng/);
    const unknown = await supertest(t.app.server).post('/api/auth/login').send({ username: 'nobody', password: 'x' }).expect(401);
    expect(unknown.body.error.message).toBe(res.body.error.message);
  });

  it('answers 401 without a session and 400 for a malformed login', async () => {
    await supertest(t.app.server).get('/api/auth/me').expect(401);
    await supertest(t.app.server).get('/api/users?unit=42').expect(401);
    const bad = await supertest(t.app.server).post('/api/auth/login').send({ username: 'vp.hatinh' }).expect(400);
    expect(bad.body.error.message).toMatch(/password/);
  });

  it('requires the CSRF token on cookie-authenticated writes', async () => {
    const agent = supertest.agent(t.app.server);
    await agent.post('/api/auth/login').send({ username: 'thuky.hatinh', password: 'hopso-demo' }).expect(200);
    const res = await agent.post('/api/auth/logout').expect(403);
    expect(res.body.error.code).toBe('forbidden');
    await agent.get('/api/auth/me').expect(200);
  });

  it('logs out and the session stops working', async () => {
    const { agent } = await signIn(t.app, 'xa.canloc');
    await agent.get('/api/auth/me').expect(200);
    await agent.post('/api/auth/logout').expect(204);
    await agent.get('/api/auth/me').expect(401);
  });

  it('keeps each user to their unit subtree (403 outside it)', async () => {
    const admin = await signIn(t.app, 'admin.hatinh');
    const ours = await admin.agent.get('/api/users?unit=42').expect(200);
    expect(ours.body.items.map((u: { username: string }) => u.username)).toEqual(
      expect.arrayContaining(['vp.hatinh', 'xa.thachha', 'p.thanhsen']),
    );
    await admin.agent.get('/api/users?unit=01').expect(403);
    const created = await admin.agent.post('/api/users').send({
      username: 'xa.locha', password: 'mat-khau-dai', fullName: 'Người Thử', bodyId: `${(await commune('Xã Lộc Hà'))}:ubnd`, role: 'participant',
    }).expect(201);
    expect(created.body).toMatchObject({ username: 'xa.locha', role: 'participant' });
    await admin.agent.post('/api/users').send({
      username: 'hn.user', password: 'mat-khau-dai', fullName: 'Hà Nội', bodyId: '01:ubnd', role: 'participant',
    }).expect(403);
    const taken = await admin.agent.post('/api/users').send({
      username: 'xa.locha', password: 'mat-khau-dai', fullName: 'Lần hai', bodyId: '42:ubnd', role: 'participant',
    }).expect(409);
    expect(taken.body.error.message).toMatch(/xa\.locha/);

    const convener = await signIn(t.app, 'vp.hatinh');
    const listed = await convener.agent.get('/api/users?unit=42').expect(200);
    expect(listed.body.items.map((u: { username: string }) => u.username)).toContain('thuky.hatinh');
    await convener.agent.post('/api/users').send({
      username: 'not.allowed', password: 'mat-khau-dai', fullName: 'Không được', bodyId: '42:ubnd', role: 'participant',
    }).expect(403);

    const commune_ = await signIn(t.app, 'xa.thachha');
    await commune_.agent.get('/api/users?unit=42').expect(403);
    await signIn(t.app, 'xa.locha', 'mat-khau-dai');
  });

  it('rate-limits repeated sign-in attempts with 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await supertest(t.app.server).post('/api/auth/login').send({ username: 'p.thanhsen', password: 'nope' });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.at(-1)).toBe(429);
    const limited = await supertest(t.app.server).post('/api/auth/login').send({ username: 'p.thanhsen', password: 'hopso-demo' }).expect(429);
    expect(limited.body.error.message).toMatch(/Thử lại sau/);
  });

  async function commune(name: string): Promise<string> {
    const res = await supertest(t.app.server).get('/api/units').query({ parent: '42', q: name }).expect(200);
    return res.body.items[0].code;
  }
});
