import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** Serves the built client (client/dist) with index.html as the fallback for client routes. */
async function webPlugin(app: FastifyInstance) {
  const root = app.config.CLIENT_DIST;
  if (!fs.existsSync(path.join(root, 'index.html'))) {
    app.log.warn({ root }, 'client is not built (npm run build); only the API is served');
    return;
  }
  await app.register(fastifyStatic, { root, wildcard: false, index: ['index.html'] });
  app.get('/*', { schema: { hide: true } }, (request, reply) => {
    if (request.url.startsWith('/api/')) return reply.callNotFound();
    return reply.sendFile('index.html');
  });
}

export default fp(webPlugin, { name: 'web', dependencies: ['database'] });
