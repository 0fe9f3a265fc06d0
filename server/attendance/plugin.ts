import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { closeInterruptedPresences } from './open-presences.ts';
import { PresenceTracker } from './presence.ts';

declare module 'fastify' {
  interface FastifyInstance {
    presence: PresenceTracker;
  }
}

/** Attendance: the presence tracker, listening to what the live room reports. */
async function attendancePlugin(app: FastifyInstance) {
  // Before any socket is served: what a dead process left open ends where it was last seen.
  // Not with several nodes: the open presences may be another node's, live now.
  const interrupted = app.nodes ? 0 : await closeInterruptedPresences(app.db);
  if (interrupted > 0) app.log.warn({ presences: interrupted }, 'closed presences left open by a stopped server');
  const { LIVE_RECONNECT_GRACE_SECONDS: grace, LIVE_PRESENCE_HEARTBEAT_SECONDS: heartbeat } = app.config;
  const tracker = new PresenceTracker(app.db, grace * 1000, app.log, heartbeat * 1000);
  app.decorate('presence', tracker);
  app.live.presence.listen(tracker);
  app.addHook('onClose', async () => {
    tracker.stop();
    await app.presence.writes.idle();
  });
}

export default fp(attendancePlugin, { name: 'attendance', dependencies: ['database', 'live'] });
