import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { reportSiteFilter } from '../auth/policy.ts';
import { vietnamIso } from '../lib/time.ts';
import { loadMeetingAccess } from '../meetings/access.ts';
import { listSpeakers } from './speaker-log.ts';
import { SpeakerLog } from './speaker-schemas.ts';

/** GET /api/meetings/:id/speakers — the speaker log, in order: who had the floor, when, and why it ended. */
const speakersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/meetings/:id/speakers', {
    schema: {
      tags: ['live'],
      summary: 'Speaker log of a meeting (every grant of the floor), for the minutes',
      params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
      response: { 200: SpeakerLog },
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
        agendaItem: r.agendaIndex === null ? null : { index: r.agendaIndex, title: r.agendaTitle ?? '' },
      })),
    };
  });
};

export default speakersRoutes;
