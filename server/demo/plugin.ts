import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { seedDemo, type DemoLogin } from './seed.ts';

declare module 'fastify' {
  interface FastifyInstance {
    demoLogins: DemoLogin[];
  }
}

async function demoPlugin(app: FastifyInstance) {
  app.decorate('demoLogins', app.config.DEMO_DATA ? await seedDemo(app.db) : []);
}

export default fp(demoPlugin, { name: 'demo', dependencies: ['units'] });
