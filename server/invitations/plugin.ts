import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { inviteeDirectory } from './directory.ts';
import { InvitationEvents } from './events.ts';

/**
 * Invitations as a capability: the invitee lists meetings read through `app.invitees`, and the
 * events it announces (issued, answered, substitute decided). Its routes are registered in app.ts.
 */
async function invitationsPlugin(app: FastifyInstance) {
  app.decorate('invitees', inviteeDirectory);
  app.decorate('invitationEvents', new InvitationEvents());
}

export default fp(invitationsPlugin, { name: 'invitations', dependencies: ['meetings'] });
