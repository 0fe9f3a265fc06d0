import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { PresenceTracker } from './presence.ts';

declare module 'fastify' {
  interface FastifyInstance {
    presence: PresenceTracker;
  }
}

/** Attendance: the presence tracker, listening to what the live room reports. */
async function attendancePlugin(app: FastifyInstance) {
  const tracker = new PresenceTracker(app.db, app.config.LIVE_RECONNECT_GRACE_SECONDS * 1000, app.log);
  app.decorate('presence', tracker);
  app.live.presence.listen(tracker);
  app.addHook('onClose', async () => {
    await app.presence.writes.idle();
  });
}

export default fp(attendancePlugin, { name: 'attendance', dependencies: ['database', 'live'] });
