import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { seedDemoHistory } from './history.ts';
import { seedDemo, type DemoLogin } from './seed.ts';

export type DemoHistorySeeded = NonNullable<Awaited<ReturnType<typeof seedDemoHistory>>>;

declare module 'fastify' {
  interface FastifyInstance {
    demoLogins: DemoLogin[];
    /** What this start's demo history wrote (null: none written now — already there, or not a demo start). */
    demoHistory: DemoHistorySeeded | null;
  }
}

/** Demo accounts, and on the first demo start the illustrative history; never without DEMO_DATA. */
async function demoPlugin(app: FastifyInstance) {
  const logins = app.config.DEMO_DATA ? await seedDemo(app.db) : [];
  app.decorate('demoLogins', logins);
  let history: DemoHistorySeeded | null = null;
  if (app.config.DEMO_DATA && app.config.DEMO_HISTORY) {
    // The demo accounts' own communes are invited more often, so their record pages are alive.
    const communes = logins.filter((l) => l.role === 'participant' && !l.bodyId.startsWith('42:')).map((l) => l.bodyId);
    history = await seedDemoHistory(app.db, communes);
    if (history) app.log.info({ ...history.counts, from: history.from, to: history.to, ms: history.ms }, 'demo history written');
  }
  app.decorate('demoHistory', history);
}

export default fp(demoPlugin, { name: 'demo', dependencies: ['units'] });
