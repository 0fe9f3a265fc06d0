/**
 * The server of bench:signal, alone in its own process so that its memory is the server's own
 * (forked by bench/signal.ts with --expose-gc). Two kinds, asked over IPC:
 *   {op:'start', kind:'hopso', db, port, sites} — the real app (one media worker for the peers'
 *     routers, no transports) on a fresh database with a meeting of `sites` sites; answers the
 *     meeting and the signed-in cookies.
 *   {op:'start', kind:'bare', port} — socket.io alone on the same path and namespace: each
 *     socket's `hello` is acknowledged, `broadcast` sends one event to every socket. The baseline.
 * Then {op:'memory'} (after a full GC), {op:'broadcast'}, {op:'exit'}.
 */
import fs from 'node:fs';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Server } from 'socket.io';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import type { DbKind } from '../../server/db/client.ts';
import { benchDatabase, type BenchDatabase } from './databases.ts';
import { memoryAfterFullGc } from './gc-memory.ts';
import { now } from './live-socket.ts';
import { createBenchMeeting } from './meeting-sites.ts';

export type ServerRequest =
  | { op: 'start'; kind: 'hopso'; db: DbKind; port: number; sites: number }
  | { op: 'start'; kind: 'bare'; port: number }
  | { op: 'memory' }
  | { op: 'broadcast' }
  | { op: 'exit' };

export interface Memory { rss: number; heapUsed: number }

let close: () => Promise<void> = async () => {};
let broadcast: () => void = () => {};

const reply = (message: object) => process.send!(message);

async function startHopso(kind: DbKind, port: number, sites: number) {
  const scratch: BenchDatabase = await benchDatabase(kind);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hopso-bench-signal-'));
  let app: FastifyInstance | null = null;
  close = async () => {
    await app?.close();
    await scratch.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  app = await buildApp(loadConfig({}, {
    LOG_LEVEL: 'error', MEDIA_WORKERS: 1, RTC_PORT: 0, RTC_LISTEN_IP: '127.0.0.1', DATA_DIR: dataDir, COOKIE_SECURE: false,
  }), { database: scratch.database });
  await app.ready();
  const meeting = await createBenchMeeting(app.db, sites, 'bench');
  await app.listen({ port, host: '127.0.0.1' });
  return { url: `http://127.0.0.1:${port}`, meeting };
}

async function startBare(port: number) {
  const http = createServer();
  const io = new Server(http, { path: '/socket.io', serveClient: false, pingInterval: 20_000, pingTimeout: 25_000, maxHttpBufferSize: 64 * 1024 });
  const nsp = io.of('/live');
  nsp.on('connection', (socket) => {
    socket.on('hello', (_payload: unknown, ack: (answer: unknown) => void) => ack({ ok: true, data: {} }));
  });
  broadcast = () => void nsp.emit('floor', { holderPeerId: 'bare', holderSiteName: 'bare', grantedAt: new Date().toISOString(), endsAt: null, queue: [] });
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  close = async () => {
    await io.close();
  };
  return { url: `http://127.0.0.1:${port}` };
}

function memory(): Memory {
  const { rss, heapUsed } = memoryAfterFullGc();
  return { rss, heapUsed };
}

process.on('message', (m: ServerRequest) => {
  void (async () => {
    try {
      if (m.op === 'start') reply(m.kind === 'hopso' ? await startHopso(m.db, m.port, m.sites) : await startBare(m.port));
      else if (m.op === 'memory') reply(memory());
      else if (m.op === 'broadcast') {
        const at = now();
        broadcast();
        reply({ at });
      } else if (m.op === 'exit') {
        await close();
        reply({ closed: true });
        process.exit(0);
      }
    } catch (err) {
      reply({ error: (err as Error).stack ?? String(err) });
    }
  })();
});
