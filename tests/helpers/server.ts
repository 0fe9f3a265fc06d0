import type { AddressInfo } from 'node:net';
import { buildApp } from '../../server/app.ts';
import { loadConfig, type Config } from '../../server/config.ts';
import type { DbKind } from '../../server/db/client.ts';
import { createTestDatabase } from './db.ts';

/**
 * The whole product on a random port (PGlite in memory, the built client, demo data),
 * for browser tests. Build the client first (`npx vite build client`). `kind: 'postgres'`
 * runs it on a fresh PostgreSQL database instead (TEST_DATABASE_URL).
 */
export async function startTestServer(opts: { demo?: boolean; config?: Partial<Config>; kind?: DbKind } = {}) {
  const database = await createTestDatabase(opts.kind ?? 'pglite');
  const config = loadConfig({}, { LOG_LEVEL: 'warn', DEMO_DATA: opts.demo ?? true, MEDIA_WORKERS: 0, PORT: 0, HOST: '127.0.0.1', ...opts.config });
  const app = await buildApp(config, { database });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    close: async () => {
      await app.close();
      await database.destroy();
    },
  };
}
