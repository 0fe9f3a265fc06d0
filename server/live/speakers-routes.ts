import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { reportSiteFilter } from '../auth/policy.ts';
import { Nullable, StringEnum } from '../lib/schema.ts';
import { vietnamIso, VN_ZONE } from '../lib/time.ts';
import { loadMeetingAccess } from '../meetings/access.ts';
import { floorEndReasons } from './schema.ts';
import { listSpeakers } from './speaker-log.ts';


const Speaker = Type.Object({
  id: Type.String({ format: 'uuid' }),
  siteId: Type.String(),
  siteName: Type.String(),
  userId: Nullable(Type.String()),
  speakerName: Type.String(),
  grantedAt: Type.String({ description: `ISO 8601 in ${VN_ZONE} (+07:00)` }),
  endedAt: Nullable(Type.String()),
  endedBy: Nullable(StringEnum(floorEndReasons)),
  limitSeconds: Nullable(Type.Integer()),
  durationSeconds: Nullable(Type.Integer()),
});

/** GET /api/meetings/:id/speakers — the speaker log, in order: who had the floor, when, and why it ended. */
const speakersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/meetings/:id/speakers', {
    schema: {
      tags: ['live'],
      summary: 'Speaker log of a meeting (every grant of the floor), for the minutes',
      params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
      response: { 200: Type.Object({ items: Type.Array(Speaker) }) },
    },
  }, async (request) => {
    const { resource } = await loadMeetingAccess(app, request.params.id);
    const site = reportSiteFilter(app.units, request.user, resource);
    await app.live.speakerWrites.idle(request.params.id);
    const rows = (await listSpeakers(app.db, request.params.id)).filter((r) => site === null || r.siteId === site);
    return {
      items: rows.map((r) => ({
        id: r.id, siteId: r.siteId, siteName: r.siteName, userId: r.userId, speakerName: r.speakerName,
        grantedAt: vietnamIso(r.grantedAt), endedAt: r.endedAt ? vietnamIso(r.endedAt) : null, endedBy: r.endedBy,
        limitSeconds: r.limitSeconds,
        durationSeconds: r.endedAt ? Math.round((r.endedAt.getTime() - r.grantedAt.getTime()) / 1000) : null,
      })),
    };
  });
};

export default speakersRoutes;
