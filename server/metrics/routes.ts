import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import fp from 'fastify-plugin';
import { Type } from 'typebox';
import { requireStaff } from '../auth/staff.ts';
import { createMetrics } from './metrics.ts';

const sameSecret = (given: string, expected: string) => {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
};

/**
 * Prometheus metrics at /metrics: for staff sessions, or a scraper with METRICS_TOKEN as its
 * bearer token. Every answer's duration is counted under its route pattern
 * (/api/meetings/:id, never the id), so the series stay few.
 */
const metricsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { registry, httpDuration } = createMetrics(app);

  app.addHook('onResponse', async (request, reply) => {
    httpDuration.observe({ method: request.method, route: request.routeOptions.url ?? '(unmatched)', status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  app.get('/metrics', {
    schema: { tags: ['health'], summary: 'Prometheus metrics (staff, or the METRICS_TOKEN bearer)', response: { 200: Type.String() } },
  }, async (request, reply) => {
    const token = app.config.METRICS_TOKEN;
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (!(token && bearer && sameSecret(bearer, token))) requireStaff(request.user);
    return reply.type(registry.contentType).send(await registry.metrics());
  });
};

// Not encapsulated: the timing hook must see every route of the app.
export default fp(metricsRoutes, { name: 'metrics', dependencies: ['database', 'socket-server', 'live'] });
