import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DateTime } from 'luxon';
import { requireUser } from '../auth/policy.ts';
import { VN_ZONE } from '../lib/zone.ts';
import { agendaOf } from './agenda.ts';
import { AgendaQuery, AgendaResponse } from './agenda-schemas.ts';

/** GET /api/me/agenda: the signed-in user's meetings of today and the coming days (the home page). */
const agendaRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/me/agenda', {
    schema: {
      tags: ['meetings'],
      summary: 'My meetings from a day (today by default) for some days: why each is mine, my answer, when Join opens',
      querystring: AgendaQuery,
      response: { 200: AgendaResponse },
    },
  }, async (request) => {
    const user = requireUser(request.user);
    const now = new Date();
    const from = request.query.from ?? DateTime.fromJSDate(now, { zone: VN_ZONE }).toISODate()!;
    const { days } = request.query;
    const minutes = app.config.JOIN_OPENS_MINUTES;
    const items = await agendaOf(app, user, from, days, minutes);
    const to = DateTime.fromISO(from, { zone: VN_ZONE }).plus({ days: days - 1 }).toISODate()!;
    return { from, to, serverTime: now.toISOString(), joinOpensMinutes: minutes, items };
  });
};

export default agendaRoutes;
