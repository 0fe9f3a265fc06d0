import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { sql } from 'drizzle-orm';
import { requireStaff } from '../auth/staff.ts';

const Liveness = Type.Object({ status: Type.Literal('ok') });

const HealthDetails = Type.Object({
  status: Type.Literal('ok'),
  db: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
  units: Type.Integer({ description: 'Administrative units in the registry' }),
  media: Type.Object({ workers: Type.Integer() }),
  uptimeSeconds: Type.Number(),
});

/** Public liveness for load balancers; what the server runs on only for signed-in staff. */
const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/health', { schema: { tags: ['health'], summary: 'Liveness (the database answers)', response: { 200: Liveness } } }, async () => {
    await app.db.execute(sql`select 1`);
    return { status: 'ok' as const };
  });

  app.get('/health/details', {
    schema: { tags: ['health'], summary: 'What the server runs on (staff only)', response: { 200: HealthDetails } },
  }, async (request) => {
    requireStaff(request.user);
    await app.db.execute(sql`select 1`);
    return {
      status: 'ok' as const,
      db: app.dbKind,
      units: app.units.size,
      media: { workers: app.media?.size ?? 0 },
      uptimeSeconds: Math.round(process.uptime()),
    };
  });
};

export default healthRoutes;
