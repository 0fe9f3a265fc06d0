import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { DateTime } from 'luxon';
import { Type } from 'typebox';
import { authorize } from '../auth/policy.ts';
import { StringEnum } from '../lib/schema.ts';
import { loadMeetingAccess } from '../meetings/access.ts';
import { floorEndReasons } from './schema.ts';
import { listSpeakers } from './speaker-log.ts';
import type { WriteQueue } from './write-queue.ts';

const ZONE = 'Asia/Ho_Chi_Minh';
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const Speaker = Type.Object({
  id: Type.String({ format: 'uuid' }),
  siteId: Type.String(),
  siteName: Type.String(),
  userId: Nullable(Type.String()),
  speakerName: Type.String(),
  grantedAt: Type.String({ description: 'ISO 8601 in Asia/Ho_Chi_Minh (+07:00)' }),
  endedAt: Nullable(Type.String()),
  endedBy: Nullable(StringEnum(floorEndReasons)),
  limitSeconds: Nullable(Type.Integer()),
  durationSeconds: Nullable(Type.Integer()),
});

const local = (d: Date) => DateTime.fromJSDate(d).setZone(ZONE).toISO()!;

/** GET /api/meetings/:id/speakers — the speaker log, in order: who had the floor, when, and why it ended. */
export function speakersRoutes(writes: WriteQueue): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get('/api/meetings/:id/speakers', {
      schema: {
        tags: ['live'],
        summary: 'Speaker log of a meeting (every grant of the floor), for the minutes',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 200: Type.Object({ items: Type.Array(Speaker) }) },
      },
    }, async (request) => {
      const { resource } = await loadMeetingAccess(app.db, request.params.id);
      authorize(app.units, request.user, 'meeting:read', resource);
      await writes.idle();
      const rows = await listSpeakers(app.db, request.params.id);
      return {
        items: rows.map((r) => ({
          id: r.id, siteId: r.siteId, siteName: r.siteName, userId: r.userId, speakerName: r.speakerName,
          grantedAt: local(r.grantedAt), endedAt: r.endedAt ? local(r.endedAt) : null, endedBy: r.endedBy,
          limitSeconds: r.limitSeconds,
          durationSeconds: r.endedAt ? Math.round((r.endedAt.getTime() - r.grantedAt.getTime()) / 1000) : null,
        })),
      };
    });
  };
}
