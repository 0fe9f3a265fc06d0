import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import feedRoutes from '../invitations/feed-routes.ts';
import invitationRoutes from '../invitations/routes.ts';
import rsvpRoutes from '../invitations/rsvp-routes.ts';
import notificationsPlugin from '../notifications/plugin.ts';
import fileRoutes from './files-routes.ts';
import lifecycleRoutes from './lifecycle-routes.ts';
import meetingRoutes from './routes.ts';
import seriesRoutes from './series-routes.ts';

/**
 * Meetings and everything around them: notifications (and their reminder ticker),
 * meetings and series, lifecycle, attendee documents, invitations, answers, calendars.
 * Wrapped with fastify-plugin so `app.mailer` is visible to the other capabilities.
 */
async function meetingsPlugin(app: FastifyInstance) {
  await app.register(notificationsPlugin);
  await app.register(meetingRoutes);
  await app.register(lifecycleRoutes);
  await app.register(seriesRoutes);
  await app.register(fileRoutes);
  await app.register(invitationRoutes);
  await app.register(rsvpRoutes);
  await app.register(feedRoutes);
}

export default fp(meetingsPlugin, { name: 'meetings', dependencies: ['database', 'units', 'auth', 'socket-server'] });
