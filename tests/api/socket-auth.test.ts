import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import supertest from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bodyRoom } from '../../server/sockets/rooms.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { describeEachDb } from '../helpers/db.ts';

function open(url: string, cookie?: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(url, { transports: ['websocket'], reconnection: false, extraHeaders: cookie ? { cookie } : {} });
    socket.on('connect', () => resolve(socket));
    socket.on('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

describeEachDb('socket.io authentication', (kind) => {
  let t: TestApp;
  let url: string;
  beforeAll(async () => {
    t = await startTestApp({ kind });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  afterAll(() => t.close());

  it('refuses a socket without a session', async () => {
    await expect(open(url)).rejects.toThrow('unauthenticated');
    await expect(open(url, 'hopso_session=forged')).rejects.toThrow('unauthenticated');
  });

  it("accepts the session cookie and puts the socket in its body's room", async () => {
    const login = await supertest(t.app.server).post('/api/auth/login').send({ username: 'xa.thachha', password: 'hopso-demo' }).expect(200);
    const cookie = ([] as string[]).concat(login.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
    const socket = await open(url, cookie);
    const received = new Promise((resolve) => socket.on('hello' as never, resolve));
    // The server joins the rooms in the same tick as it answers the handshake.
    t.app.io.to(bodyRoom(login.body.user.body.id)).emit('hello', { to: 'body' });
    await expect(received).resolves.toEqual({ to: 'body' });
    socket.close();
  });
});
