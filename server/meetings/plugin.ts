import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { MeetingEvents } from './events.ts';
import { LiveRooms } from './live-rooms.ts';
import { VersionedCache } from '../lib/versioned-cache.ts';
import type { CalendarAnswer } from './schemas.ts';

/**
 * Meetings as a capability the others build on: the events it announces about issued
 * meetings (capabilities above listen to them), and the hook through which live/ owns a
 * running meeting's status. Its routes are registered in app.ts.
 */
async function meetingsPlugin(app: FastifyInstance) {
  app.decorate('meetingEvents', new MeetingEvents());
  app.decorate('liveRooms', new LiveRooms());
  app.decorate('calendarCache', new VersionedCache<CalendarAnswer>(app.config.CALENDAR_CACHE_MEETINGS));
}

export default fp(meetingsPlugin, { name: 'meetings', dependencies: ['database', 'units', 'auth'] });
