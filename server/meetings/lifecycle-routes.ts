import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { authorize, requireUser } from '../auth/policy.ts';
import { StringEnum } from '../lib/schema.ts';
import { loadMeetingAccess } from './access.ts';
import { cancelMeeting } from './lifecycle-service.ts';
import { transitionMeeting } from './lifecycle.ts';
import { meetingDetail } from './queries.ts';
import { MeetingDetail, MeetingIdParams } from './schemas.ts';

const Reason = Type.String({ minLength: 3, maxLength: 2000, description: 'Sent to every invitee' });

/** Cancel, and the plain status steps (live, ended, closed). Postponing is a change after issue (invitations/change-routes.ts). */
const lifecycleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/meetings/:id/cancel', {
    schema: {
      tags: ['meetings'], summary: 'Cancel, with a reason sent to every invitee',
      params: MeetingIdParams, body: Type.Object({ reason: Reason }, { additionalProperties: false }), response: { 200: MeetingDetail },
    },
  }, async (request) => {
    const user = requireUser(request.user);
    await cancelMeeting(app, user, request.params.id, request.body.reason);
    return meetingDetail(app, user, request.params.id);
  });

  app.post('/api/meetings/:id/status', {
    schema: {
      tags: ['meetings'], summary: 'Open, end or close a meeting (illegal steps answer 409)',
      params: MeetingIdParams,
      body: Type.Object({ to: StringEnum(['live', 'ended', 'closed'] as const) }, { additionalProperties: false }),
      response: { 200: MeetingDetail },
    },
  }, async (request) => {
    const user = requireUser(request.user);
    const { meeting, resource } = await loadMeetingAccess(app, request.params.id);
    authorize(app.units, user, 'meeting:chair', resource);
    const { to } = request.body;
    // A running room ends through itself (peers told, attendance settled); a room with people
    // in it cannot be closed under them by another step.
    const endedLive = to === 'ended' && meeting.status === 'live' && await app.liveRooms.endIfOpen(meeting.id, user.id);
    // An open waiting room starts through itself too: its sites start attending.
    const startedLive = to === 'live' && await app.liveRooms.startIfOpen(meeting.id, { userId: user.id, name: user.fullName });
    if (!endedLive && !startedLive) {
      if (to !== 'live') await app.liveRooms.refuseWhileOpen(meeting.id);
      await transitionMeeting(app.db, meeting.id, to, { by: user.id });
    }
    return meetingDetail(app, user, request.params.id);
  });
};

export default lifecycleRoutes;
