import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { requireStaff } from '../auth/staff.ts';

/** OpenAPI at /docs/json, built from the route schemas; browsable UI at /docs. Staff only: it maps every route. */
async function docsPlugin(app: FastifyInstance) {
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'hopso API', version: '0.1.0', description: 'Họp số — meetings and their records, province to commune.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'hopso_session' } } },
    },
  });
  // One guard for everything under /docs, in a context of its own: swagger-ui's `uiHooks` do not
  // reach the files it serves through @fastify/static (/docs/static/*), which anyone could fetch.
  await app.register(async (docs) => {
    docs.addHook('onRequest', async (request) => {
      requireStaff(request.user);
    });
    await docs.register(fastifySwaggerUi, { routePrefix: '/docs' });
  });
}

export default fp(docsPlugin, { name: 'docs', dependencies: ['auth'] });
