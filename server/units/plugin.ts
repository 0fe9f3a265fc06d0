import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { importRegistry } from './import.ts';
import { UnitIndex } from './unit-index.ts';

declare module 'fastify' {
  interface FastifyInstance {
    units: UnitIndex;
  }
}

async function unitsPlugin(app: FastifyInstance) {
  const started = performance.now();
  const result = await importRegistry(app.db);
  app.decorate('units', await UnitIndex.load(app.db));
  app.log.info({ ...result, ms: Math.round(performance.now() - started) }, 'unit registry ready');
}

export default fp(unitsPlugin, { name: 'units', dependencies: ['database'] });
