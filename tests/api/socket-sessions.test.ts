import { eq } from 'drizzle-orm';
import { io as connect, type Socket } from 'socket.io-client';
import supertest from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sessions, users } from '../../server/auth/schema.ts';
import { sessionIdOf } from '../../server/auth/sessions.ts';
import { DEMO_PASSWORD, signIn, startTestApp, type TestServer } from '../helpers/app.ts';
import { describeEachDb } from '../helpers/db.ts';
import { eventually } from '../helpers/wait.ts';

function open(url: string, cookie: string, headers: Record<string, string> = {}): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie, ...headers } });
    socket.on('connect', () => resolve(socket));
    socket.on('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** A fresh session of a demo account: its cookie, its user's id, and a way to log it out. */
async function session(t: TestServer, username: string) {
  const login = await supertest(t.app.server).post('/api/auth/login').send({ username, password: DEMO_PASSWORD }).expect(200);
  const cookie = ([] as string[]).concat(login.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
  const logout = () => supertest(t.app.server).post('/api/auth/logout').set('cookie', cookie).set('x-csrf-token', login.body.csrfToken).expect(204);
  return { cookie, logout, userId: login.body.user.id as string };
}

describeEachDb('sockets live no longer than their session, from the right origin', (kind) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestApp({ kind, listen: true });
  });
  afterAll(() => t.close());

  it("refuses a socket from a foreign page's Origin and accepts the app's own", async () => {
    const { cookie } = await session(t, 'xa.thachha');
    await expect(open(t.url, cookie, { origin: 'https://evil.example' })).rejects.toThrow();
    await expect(open(`${t.url}/live`, cookie, { origin: 'https://evil.example' })).rejects.toThrow();
    const own = await open(t.url, cookie, { origin: t.url });
    expect(own.connected).toBe(true);
    own.close();
  });

  it("closes the sockets of a session that logs out, in every namespace, and no other session's", async () => {
    const one = await session(t, 'xa.canloc');
    const other = await session(t, 'xa.canloc');
    const main = await open(t.url, one.cookie);
    const live = await open(`${t.url}/live`, one.cookie);
    const otherSocket = await open(`${t.url}/live`, other.cookie);
    await one.logout();
    await eventually(() => !main.connected && !live.connected, 5000, 'sockets closed');
    expect(otherSocket.connected).toBe(true);
    otherSocket.close();
  });

  it('closes the sockets of a session when it expires', async () => {
    const { cookie } = await session(t, 'p.thanhsen');
    const token = decodeURIComponent(/hopso_session=([^;]+)/.exec(cookie)![1]!);
    await t.db.update(sessions).set({ expiresAt: new Date(Date.now() + 1500) }).where(eq(sessions.id, sessionIdOf(token)));
    const socket = await open(`${t.url}/live`, cookie);
    const reason = new Promise((resolve) => socket.on('disconnect', resolve));
    await expect(reason).resolves.toBe('io server disconnect');
  });

  it('closes every socket of an account that is deactivated', async () => {
    const target = await session(t, 'vp.hatinh');
    const second = await session(t, 'vp.hatinh');
    const sockets = [await open(t.url, target.cookie), await open(`${t.url}/live`, second.cookie)];
    const admin = (await signIn(t.app, 'admin.hatinh')).agent;
    const res = await admin.patch(`/api/users/${target.userId}`).send({ active: false }).expect(200);
    expect(res.body).toMatchObject({ username: 'vp.hatinh', active: false });
    await eventually(() => sockets.every((s) => !s.connected), 5000, 'sockets closed');
    await supertest(t.app.server).get('/api/auth/me').set('cookie', target.cookie).expect(401);
    expect(await t.db.select().from(sessions).where(eq(sessions.userId, target.userId))).toEqual([]);
    await expect(open(t.url, target.cookie)).rejects.toThrow('unauthenticated');
    // Only an admin whose scope holds the account may do it; turning it back on works.
    const participant = (await signIn(t.app, 'xa.thachha')).agent;
    await participant.patch(`/api/users/${target.userId}`).send({ active: true }).expect(403);
    await admin.patch(`/api/users/${target.userId}`).send({ active: true }).expect(200);
    const [row] = await t.db.select({ active: users.active }).from(users).where(eq(users.id, target.userId));
    expect(row?.active).toBe(true);
  });

  it('lets no socket stay connected whose session logged out while its handshake was under way', async () => {
    const target = await session(t, 'xa.thachha');
    // A real logout between the handshake's session lookup and the connection: a middleware of
    // the namespace runs after the authentication and before the socket is connected.
    let loggedOut = false;
    t.app.io.of('/live').use((socket, next) => {
      if (loggedOut || socket.handshake.headers.cookie !== target.cookie) return next();
      loggedOut = true;
      target.logout().then(() => next(), next);
    });
    const socket = await open(`${t.url}/live`, target.cookie).catch(() => null);
    expect(loggedOut).toBe(true);
    if (socket) await eventually(() => !socket.connected, 5000, 'the socket of the logged-out session to close');
    expect([...t.app.io.of('/live').sockets.values()].filter((s) => s.handshake.headers.cookie === target.cookie)).toEqual([]);
  });

  it('refuses an admin deactivating their own account, with a reason', async () => {
    const { agent, user } = await signIn(t.app, 'admin.hatinh');
    const res = await agent.patch(`/api/users/${user.id}`).send({ active: false });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'conflict', message: expect.stringContaining('chính mình') });
    const [row] = await t.db.select({ active: users.active }).from(users).where(eq(users.id, user.id));
    expect(row?.active).toBe(true);
    await agent.get('/api/auth/me').expect(200);
  });
});
