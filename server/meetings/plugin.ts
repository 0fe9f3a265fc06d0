import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { MeetingEvents } from './events.ts';

/**
 * Meetings as a capability the others build on: the events it announces about issued
 * meetings (capabilities above listen to them). Its routes are registered in app.ts.
 */
async function meetingsPlugin(app: FastifyInstance) {
  app.decorate('meetingEvents', new MeetingEvents());
}

export default fp(meetingsPlugin, { name: 'meetings', dependencies: ['database', 'units', 'auth'] });
