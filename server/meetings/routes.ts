import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireUser } from '../auth/policy.ts';
import { listMeetings, meetingDetail, bodyCalendar } from './queries.ts';
import { CalendarResponse, CreateMeetingBody, ListQuery, LocalDate, MeetingDetail, MeetingIdParams, MeetingList, SavedMeeting, UpdateMeetingBody } from './schemas.ts';
import { createMeeting, updateMeeting } from './service.ts';
import { meetingWarnings } from './warnings.ts';

/** Meetings: create, read, edit, list, and a body's calendar. */
const meetingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/meetings', {
    schema: {
      tags: ['meetings'], summary: 'Create a draft meeting (times in local wall time, stored UTC)',
      body: CreateMeetingBody, response: { 201: SavedMeeting },
    },
  }, async (request, reply) => {
    const user = requireUser(request.user);
    const row = await createMeeting(app.db, app.units, user, request.body);
    return reply.status(201).send({ ...await meetingDetail(app, user, row.id), warnings: meetingWarnings(row) });
  });

  app.get('/api/meetings', {
    schema: { tags: ['meetings'], summary: 'Meetings I may read, filtered', querystring: ListQuery, response: { 200: MeetingList } },
  }, (request) => listMeetings(app, requireUser(request.user), request.query));

  app.get('/api/meetings/:id', {
    schema: { tags: ['meetings'], summary: 'One meeting with agenda, documents, answers and what I may do', params: MeetingIdParams, response: { 200: MeetingDetail } },
  }, (request) => meetingDetail(app, request.user, request.params.id));

  app.patch('/api/meetings/:id', {
    schema: {
      tags: ['meetings'], summary: 'Edit a meeting (after issue: raises SEQUENCE and tells the invitees)',
      params: MeetingIdParams, body: UpdateMeetingBody, response: { 200: SavedMeeting },
    },
  }, async (request) => {
    const user = requireUser(request.user);
    const row = await updateMeeting(app, user, request.params.id, request.body);
    return { ...await meetingDetail(app, user, request.params.id), warnings: meetingWarnings(row) };
  });

  app.get('/api/calendar', {
    schema: {
      tags: ['meetings'], summary: "A body's calendar (week or month view): meetings it convenes or is invited to",
      querystring: Type.Object({ bodyId: Type.Optional(Type.String({ minLength: 3, maxLength: 60 })), from: LocalDate, to: LocalDate }),
      response: { 200: CalendarResponse },
    },
  }, (request) => {
    const user = requireUser(request.user);
    return bodyCalendar(app, user, request.query.bodyId ?? user.body.id, request.query.from, request.query.to);
  });
};

export default meetingRoutes;
