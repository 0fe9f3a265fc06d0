import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { sql } from 'drizzle-orm';

const Health = Type.Object({
  status: Type.Literal('ok'),
  db: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
  units: Type.Integer({ description: 'Administrative units in the registry' }),
  media: Type.Object({ workers: Type.Integer() }),
  uptimeSeconds: Type.Number(),
});

const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/health', { schema: { tags: ['health'], summary: 'Liveness and what the server runs on', response: { 200: Health } } }, async () => {
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
