import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.ts';
import { loadConfig, type Config } from '../../server/config.ts';
import { TEST_SIGNING_SECRET, type TestServer } from './app.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';
import { eventually } from './wait.ts';

export const TEST_NODE_SECRET = 'test-only-node-secret-0123456789abcdef';

export interface TestNodes {
  database: TestDatabase;
  /** One TestServer per node, all on the one database. */
  nodes: TestServer[];
  /** Closes one node (as a clean stop), keeping the others. */
  stop(index: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * `count` hopso nodes in this process on one fresh PostgreSQL database (TEST_DATABASE_URL),
 * each with its own socket.io server, media workers and node link on `basePort + i`: a
 * multi-node deployment without separate hosts. The first node seeds the demo data.
 */
export async function startTestNodes(count: number, opts: { basePort: number; mediaWorkers?: number; config?: Partial<Config> }): Promise<TestNodes> {
  const database = await createTestDatabase('postgres');
  const apps: FastifyInstance[] = [];
  const nodes: TestServer[] = [];
  const stopped = new Set<number>();
  const stop = async (i: number) => {
    if (stopped.has(i)) return;
    stopped.add(i);
    await apps[i]?.close();
  };
  const close = async () => {
    for (let i = apps.length - 1; i >= 0; i--) await stop(i);
    await database.destroy();
  };
  try {
    for (let i = 0; i < count; i++) {
      const port = opts.basePort + i;
      const config = loadConfig({}, {
        LOG_LEVEL: 'silent', DEMO_DATA: i === 0, SIGNING_KEY_SECRET: TEST_SIGNING_SECRET, COOKIE_SECURE: false,
        MEDIA_WORKERS: opts.mediaWorkers ?? 0, RTC_PORT: 0, RTC_LISTEN_IP: '127.0.0.1', LIVE_MEDIA_GRACE_SECONDS: 0,
        DATABASE_URL: database.url!, NODE_ID: `node-${String.fromCharCode(97 + i)}`, NODE_URL: `http://127.0.0.1:${port}`, NODE_PORT: port,
        NODE_SECRET: TEST_NODE_SECRET, NODE_DEAD_SECONDS: 3, PIPE_LISTEN_IP: '127.0.0.1', HOST: '127.0.0.1',
        ...opts.config,
      });
      const app = await buildApp(config, { database });
      apps.push(app);
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port: httpPort } = app.server.address() as AddressInfo;
      const closeApp = () => stop(i);
      nodes.push({ app, database, db: database.db, closeApp, close: closeApp, url: `http://127.0.0.1:${httpPort}`, cookies: new Map() });
    }
    // Each node learns of the others at its next heartbeat: a call to a node not yet seen would
    // answer "node gone" (on a loaded machine the first beats come late).
    const ids = apps.map((app) => app.nodes!.self);
    await eventually(() => apps.every((app) => ids.every((id) => app.nodes!.directory.url(id) !== undefined)), 20_000, 'every node seeing the others');
  } catch (err) {
    await close();
    throw err;
  }
  return { database, nodes, stop, close };
}
