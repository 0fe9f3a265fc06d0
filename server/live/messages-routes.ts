import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authorize } from '../auth/policy.ts';
import { StringEnum } from '../lib/schema.ts';
import { vietnamIso, VN_ZONE } from '../lib/time.ts';
import { loadMeetingAccess } from '../meetings/access.ts';
import { listMessages, mayRead, readsAllMessages } from './messages.ts';
import { messageAudiences } from './schema.ts';

const Message = Type.Object({
  id: Type.String({ format: 'uuid' }),
  siteId: Type.String(),
  siteName: Type.String(),
  userId: Type.String({ format: 'uuid' }),
  senderName: Type.String(),
  to: StringEnum(messageAudiences, { description: "'chair': a question to the chủ trì; 'all': a note to every site" }),
  text: Type.String(),
  at: Type.String({ description: `ISO 8601 in ${VN_ZONE} (+07:00)` }),
});

/**
 * GET /api/meetings/:id/messages — the room's text channel, kept with the meeting's records.
 * The convening body, the chủ trì and the secretary read every message; an invited body reads
 * the notes to all and its own questions; anyone else is refused.
 */
const messagesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/meetings/:id/messages', {
    schema: {
      tags: ['live'],
      summary: 'Messages of the live room (questions to the chair, notes to all sites), for the records',
      params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
      response: { 200: Type.Object({ items: Type.Array(Message) }) },
    },
  }, async (request) => {
    const { resource } = await loadMeetingAccess(app, request.params.id);
    const readsAll = request.user !== null && readsAllMessages(app.units, request.user, resource);
    const viewer = readsAll ? request.user! : authorize(app.units, request.user, 'meeting:join', resource);
    const rows = (await listMessages(app.db, request.params.id)).filter((m) => mayRead(m, { siteId: viewer.body.id, readsAll }));
    return {
      items: rows.map((m) => ({
        id: m.id, siteId: m.siteId, siteName: m.siteName, userId: m.userId, senderName: m.senderName, to: m.to, text: m.text, at: vietnamIso(m.at),
      })),
    };
  });
};

export default messagesRoutes;
