import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authorize, requireUser } from '../auth/policy.ts';
import { NotFound } from '../lib/errors.ts';
import { feedIcs } from './calendar-file.ts';
import { feedBody, rotateFeedToken } from './feed.ts';
import { FeedToken } from './schemas.ts';

/** Calendar subscription: a secret per-account URL that calendar apps poll without a session. */
const feedRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/calendar/feed-token', {
    schema: {
      tags: ['invitations'], summary: "Create or rotate my calendar feed URL (my old URL stops working; colleagues' URLs are untouched)",
      response: { 200: FeedToken },
    },
  }, async (request) => {
    const user = requireUser(request.user);
    authorize(app.units, user, 'calendar:subscribe', { kind: 'unit', unitCode: user.unit.code });
    const token = await rotateFeedToken(app.db, user.id);
    return { token, url: `/api/calendar/feed/${token}.ics` };
  });

  app.get('/api/calendar/feed/:token', {
    schema: {
      tags: ['invitations'], summary: "An account's subscription feed of its body's meetings (iCalendar); the token is the credential",
      params: Type.Object({ token: Type.String({ pattern: '^[A-Za-z0-9_-]{20,64}\\.ics$' }) }),
      produces: ['text/calendar'], response: { 200: Type.String() },
    },
    // A guessing client gets the same answer whatever it tries, and not quickly.
    config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
  }, async (request, reply) => {
    const bodyId = await feedBody(app.db, request.params.token.slice(0, -'.ics'.length));
    if (!bodyId) throw new NotFound('Calendar feed');
    return reply.type('text/calendar; charset=utf-8').header('cache-control', 'private, max-age=300').send(await feedIcs(app.db, bodyId, `${request.protocol}://${request.host}`));
  });
};

export default feedRoutes;
