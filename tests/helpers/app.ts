import type { FastifyInstance } from 'fastify';
import supertest from 'supertest';
import { buildApp } from '../../server/app.ts';
import { loadConfig, type Config } from '../../server/config.ts';
import type { DbKind } from '../../server/db/client.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';

export const DEMO_PASSWORD = 'hopso-demo';

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  close(): Promise<void>;
}

/** The real app on a fresh database of the given kind, with demo data and no media workers. */
export async function buildTestApp(kind: DbKind, overrides: Partial<Config> = {}): Promise<TestApp> {
  const database = await createTestDatabase(kind);
  const config = loadConfig({}, { LOG_LEVEL: 'silent', DEMO_DATA: true, MEDIA_WORKERS: 0, ...overrides });
  const app = await buildApp(config, { database });
  await app.ready();
  return {
    app,
    database,
    close: async () => {
      await app.close();
      await database.destroy();
    },
  };
}

/** A supertest agent signed in as `username`, sending the CSRF token on writes. */
export async function signIn(app: FastifyInstance, username: string, password = DEMO_PASSWORD) {
  const agent = supertest.agent(app.server);
  const res = await agent.post('/api/auth/login').send({ username, password });
  if (res.status !== 200) throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  agent.set('x-csrf-token', res.body.csrfToken);
  return { agent, user: res.body.user as { id: string; body: { id: string }; unit: { code: string } } };
}
