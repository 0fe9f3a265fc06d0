import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { PresenceTracker } from './presence.ts';
import attendanceRoutes from './routes.ts';

declare module 'fastify' {
  interface FastifyInstance {
    presence: PresenceTracker;
  }
}

/** Attendance: the presence tracker the live room reports to, and the attendance routes. */
async function attendancePlugin(app: FastifyInstance) {
  app.decorate('presence', new PresenceTracker(app.db, app.config.LIVE_RECONNECT_GRACE_SECONDS * 1000, app.log));
  await app.register(attendanceRoutes);
  app.addHook('onClose', async () => {
    await app.presence.writes.idle();
  });
}

export default fp(attendancePlugin, { name: 'attendance', dependencies: ['database'] });
