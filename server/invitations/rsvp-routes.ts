import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { requireUser } from '../auth/policy.ts';
import { InvalidInput } from '../lib/errors.ts';
import { StringEnum } from '../lib/schema.ts';
import { InviteeSchema, MeetingIdParams } from '../meetings/schemas.ts';
import { decideSubstitute, respond, type RsvpInput } from './rsvp.ts';
import { RsvpBody } from './schemas.ts';
import { inviteeView } from './views.ts';

function rsvpInput(body: Static<typeof RsvpBody>): RsvpInput {
  if (body.response === 'accept') return { response: 'accept' };
  if (body.response === 'decline') {
    if (!body.reason?.trim()) throw new InvalidInput('Báo vắng cần nêu lý do. / A decline needs a reason.');
    return { response: 'decline', reason: body.reason };
  }
  if (!body.substitute) throw new InvalidInput('Cần ghi họ tên và chức vụ người dự thay. / Give the substitute’s name and position.');
  return { response: 'substitute', substitute: body.substitute };
}

/** Answers from invited bodies, and the chủ trì's decision on substitutes. */
const rsvpRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/meetings/:id/rsvp', {
    schema: {
      tags: ['invitations'],
      summary: "My body's answer: accept; decline with a reason; or propose a substitute (name, position) for the chủ trì to approve",
      params: MeetingIdParams, body: RsvpBody, response: { 200: InviteeSchema },
    },
  }, async (request) => inviteeView(await respond(app, requireUser(request.user), request.params.id, rsvpInput(request.body))));

  app.post('/api/meetings/:id/invitees/:bodyId/substitute', {
    schema: {
      tags: ['invitations'], summary: 'Approve or reject a proposed substitute (chủ trì or the convener’s staff)',
      params: Type.Object({ id: Type.String({ format: 'uuid' }), bodyId: Type.String({ minLength: 3, maxLength: 60 }) }),
      body: Type.Object(
        { decision: StringEnum(['approve', 'reject'] as const), note: Type.Optional(Type.String({ maxLength: 1000 })) },
        { additionalProperties: false },
      ),
      response: { 200: InviteeSchema },
    },
  }, async (request) => {
    const user = requireUser(request.user);
    const row = await decideSubstitute(app, user, request.params.id, request.params.bodyId, request.body.decision === 'approve', request.body.note);
    return inviteeView(row);
  });
};

export default rsvpRoutes;
