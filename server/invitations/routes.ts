import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { Type } from 'typebox';
import { authorize, reportSiteFilter, requireUser } from '../auth/policy.ts';
import { findDocumentFile } from '../documents/stored.ts';
import { StringEnum } from '../lib/schema.ts';
import { loadMeetingAccess } from '../meetings/access.ts';
import { rsvpStatuses } from '../meetings/enums.ts';
import { contentDisposition } from '../meetings/files.ts';
import { meetingDetail } from '../meetings/queries.ts';
import { InviteeList, IssueResponse, MeetingIdParams } from '../meetings/schemas.ts';
import { findBody } from '../units/queries.ts';
import { icsFileName, meetingIcs } from './calendar-file.ts';
import { renderMeetingInvitation } from './document.ts';
import { issueInvitations } from './issue.ts';
import { meetingInvitees } from './schema.ts';
import { IssueBody, PreviewBody, PreviewResponse } from './schemas.ts';
import { previewInvitees } from './tiers.ts';
import { inviteeView } from './views.ts';

/** Invitee preview, issuing, the invitee list, the Giấy mời PDF and the per-meeting ICS. */
const invitationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/invitations/preview', {
    schema: {
      tags: ['invitations'], summary: 'Count the bodies a choice of tiers would invite, by province (no query for tier choices)',
      body: PreviewBody, response: { 200: PreviewResponse },
    },
  }, async (request) => {
    const user = requireUser(request.user);
    const body = request.body.convenerBodyId ? await findBody(app.db, request.body.convenerBodyId) : { id: user.body.id, unitCode: user.body.unitCode };
    authorize(app.units, user, 'meeting:create', { kind: 'meeting', unitCode: body.unitCode, convenerBodyId: body.id });
    return previewInvitees(app.db, app.units, request.body.spec, body.id, body.unitCode);
  });

  app.post('/api/meetings/:id/invitations/issue', {
    schema: {
      tags: ['invitations'],
      summary: 'Issue the invitations: lead-time check, Giấy mời number, frozen invitee list, notifications — all or nothing',
      params: MeetingIdParams, body: IssueBody,
      response: { 200: IssueResponse },
    },
  }, async (request) => {
    const user = requireUser(request.user);
    const result = await issueInvitations(app, user, request.params.id, request.body);
    return { number: result.number, invited: result.invited, meeting: await meetingDetail(app, user, request.params.id) };
  });

  app.get('/api/meetings/:id/invitees', {
    schema: {
      tags: ['invitations'], summary: 'The frozen invitee list with each body’s answer',
      params: MeetingIdParams,
      querystring: Type.Object({ rsvp: Type.Optional(Type.Array(StringEnum(rsvpStatuses), { maxItems: 4 })) }),
      response: { 200: InviteeList },
    },
  }, async (request) => {
    const { resource } = await loadMeetingAccess(app, request.params.id);
    const site = reportSiteFilter(app.units, request.user, resource);
    const filters = [eq(meetingInvitees.meetingId, request.params.id)];
    if (site !== null) filters.push(eq(meetingInvitees.bodyId, site));
    if (request.query.rsvp?.length) filters.push(inArray(meetingInvitees.rsvp, request.query.rsvp));
    const rows = await app.db.select().from(meetingInvitees).where(and(...filters)).orderBy(asc(meetingInvitees.unitCode), asc(meetingInvitees.bodyId));
    return { total: rows.length, items: rows.map(inviteeView) };
  });

  app.get('/api/meetings/:id/invitation.pdf', {
    schema: {
      tags: ['invitations'], summary: 'The Giấy mời in force (NĐ 30/2020, Mẫu 1.7) as PDF, byte for byte as issued, shown inline',
      params: MeetingIdParams, produces: ['application/pdf'],
      response: { 200: Type.Unsafe<unknown>({ type: 'string', format: 'binary' }) },
    },
  }, async (request, reply) => {
    const { meeting, resource } = await loadMeetingAccess(app, request.params.id);
    authorize(app.units, request.user, 'meeting:read', resource);
    // The Giấy mời in force, exactly as issued; only one issued before documents were kept is rendered anew.
    const stored = meeting.invitationDocumentId ? await findDocumentFile(app.db, meeting.invitationDocumentId) : null;
    const { pdf, fileName } = stored ? { pdf: stored.content, fileName: stored.fileName } : await renderMeetingInvitation(app.db, app.units, meeting);
    return reply.type('application/pdf').header('content-disposition', contentDisposition('inline', fileName)).send(pdf);
  });

  app.get('/api/meetings/:id/invitation.ics', {
    schema: {
      tags: ['invitations'], summary: 'The meeting as an iCalendar invitation (METHOD:REQUEST, or CANCEL when cancelled)',
      params: MeetingIdParams, produces: ['text/calendar'],
      response: { 200: Type.String() },
    },
  }, async (request, reply) => {
    const user = requireUser(request.user);
    const { meeting, resource } = await loadMeetingAccess(app, request.params.id);
    authorize(app.units, user, 'meeting:read', resource);
    const ics = await meetingIcs(app.db, meeting, user.body.id, `${request.protocol}://${request.host}`);
    const name = icsFileName(meeting);
    return reply.type('text/calendar; charset=utf-8').header('content-disposition', contentDisposition('attachment', name.unicode, name.ascii)).send(ics);
  });
};

export default invitationRoutes;
