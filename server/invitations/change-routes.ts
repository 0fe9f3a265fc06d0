import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { desc, eq } from 'drizzle-orm';
import { Type } from 'typebox';
import { authorize, requireUser } from '../auth/policy.ts';
import { users } from '../auth/schema.ts';
import { meetingDocumentFile, meetingDocuments } from '../documents/stored.ts';
import { loadMeetingAccess } from '../meetings/access.ts';
import { contentDisposition } from '../meetings/files.ts';
import { meetingDetail } from '../meetings/queries.ts';
import { meetingChanges } from '../meetings/schema.ts';
import { MeetingDetail, MeetingIdParams } from '../meetings/schemas.ts';
import { changeIssuedMeeting } from './change.ts';
import { ChangeBody, MeetingRecord, PostponeBody } from './change-schemas.ts';

/** Changes after issue, postponement, and the meeting's record: its change history and its issued documents. */
const changeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/meetings/:id/changes', {
    schema: {
      tags: ['invitations'],
      summary: 'Change an issued meeting: a reason, the 3-working-day rule for time/place/chủ trì (unless urgent), a replacing Giấy mời, every invitee told',
      params: MeetingIdParams, body: ChangeBody, response: { 200: MeetingDetail },
    },
  }, async (request) => {
    const user = requireUser(request.user);
    const { reason, urgent, ...patch } = request.body;
    await changeIssuedMeeting(app, user, request.params.id, { patch, reason, ...(urgent !== undefined ? { urgent } : {}) });
    return meetingDetail(app, user, request.params.id);
  });

  app.post('/api/meetings/:id/postpone', {
    schema: {
      tags: ['meetings'],
      summary: 'Postpone to a new time, with a reason sent to every invitee; held to the 3-working-day rule unless urgent; a replacing Giấy mời is issued',
      params: MeetingIdParams, body: PostponeBody, response: { 200: MeetingDetail },
    },
  }, async (request) => {
    const user = requireUser(request.user);
    const { reason, urgent, ...times } = request.body;
    await changeIssuedMeeting(app, user, request.params.id, { patch: times, reason, ...(urgent !== undefined ? { urgent } : {}) }, { postpone: true });
    return meetingDetail(app, user, request.params.id);
  });

  app.get('/api/meetings/:id/record', {
    schema: {
      tags: ['invitations'], summary: "The meeting's change history (old → new, reason, who, when) and its issued documents",
      params: MeetingIdParams, response: { 200: MeetingRecord },
    },
  }, async (request) => {
    const { meeting, resource } = await loadMeetingAccess(app, request.params.id);
    authorize(app.units, request.user, 'meeting:read', resource);
    const [changes, documents] = await Promise.all([
      app.db.select({ change: meetingChanges, by: users.fullName }).from(meetingChanges).leftJoin(users, eq(users.id, meetingChanges.changedBy))
        .where(eq(meetingChanges.meetingId, meeting.id)).orderBy(desc(meetingChanges.changedAt)),
      meetingDocuments(app.db, meeting.id),
    ]);
    const replacements = new Set(changes.map((c) => c.change.documentId).filter(Boolean));
    const numberOf = new Map(documents.map((d) => [d.id, d.formatted]));
    return {
      changes: changes.map(({ change: c, by }) => ({
        id: c.id, kind: c.kind, fields: c.fields, reason: c.reason, urgent: c.urgent, rsvpReset: c.rsvpReset,
        document: c.documentId ? { id: c.documentId, number: numberOf.get(c.documentId) ?? '' } : null,
        changedBy: by, changedAt: c.changedAt.toISOString(),
      })),
      documents: documents.map((d, i) => ({
        id: d.id, number: d.formatted, type: d.type, subject: d.subject, issuedAt: d.issuedAt.toISOString(),
        kind: replacements.has(d.id) ? 'replacement' as const : d.type === 'GM' && i === 0 ? 'invitation' as const : 'other' as const,
        signer: `${d.signerPosition} ${d.signerName}`, current: d.id === meeting.invitationDocumentId,
        sha256: d.sha256, size: d.size, url: d.sha256 ? `/api/meetings/${meeting.id}/documents/${d.id}` : null,
      })),
    };
  });

  app.get('/api/meetings/:id/documents/:documentId', {
    schema: {
      tags: ['invitations'], summary: 'One of the meeting’s issued documents, byte for byte as issued',
      params: Type.Object({ id: Type.String({ format: 'uuid' }), documentId: Type.String({ format: 'uuid' }) }),
      produces: ['application/pdf'],
      response: { 200: Type.Unsafe<unknown>({ type: 'string', format: 'binary' }) },
    },
  }, async (request, reply) => {
    const { resource } = await loadMeetingAccess(app, request.params.id);
    authorize(app.units, request.user, 'meeting:read', resource);
    const file = await meetingDocumentFile(app.db, request.params.id, request.params.documentId);
    return reply.type(file.contentType).header('content-disposition', contentDisposition('inline', file.fileName))
      .header('x-content-sha256', file.sha256).send(file.content);
  });
};

export default changeRoutes;
