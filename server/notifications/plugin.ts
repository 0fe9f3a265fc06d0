import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { LogMailer, type Mailer } from './mailer.ts';
import { invitationNotices, meetingNotices } from './notices.ts';
import { sendDueReminders } from './reminders.ts';
import { SmtpMailer, smtpConfigured } from './smtp-mailer.ts';

declare module 'fastify' {
  interface FastifyInstance {
    mailer: Mailer;
  }
}

export const REMINDER_TICK_MS = 30_000;

/**
 * Notifications: the mailer, what people are told when meetings and invitations change (as
 * listeners of their events), and the reminder ticker (stopped when the app closes).
 */
async function notificationsPlugin(app: FastifyInstance) {
  const log = app.log.child({ module: 'mailer' });
  const baseUrl = app.config.PUBLIC_ORIGIN?.split(',')[0] ?? `http://localhost:${app.config.PORT}`;
  app.decorate('mailer', smtpConfigured(app.config) ? new SmtpMailer(app.db, app.config, baseUrl, log) : new LogMailer(log) as Mailer);
  app.meetingEvents.listen(meetingNotices(app));
  app.invitationEvents.listen(invitationNotices(app));

  let inflight: Promise<void> | null = null;
  const tick = async () => {
    try {
      const sent = await sendDueReminders(app, new Date());
      if (sent.reminders > 0) app.log.info(sent, 'reminders sent');
    } catch (err) {
      app.log.error({ err }, 'reminder tick failed');
    }
  };
  let timer: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    // A slow tick is never overlapped by the next one.
    timer = setInterval(() => {
      inflight ??= tick().finally(() => (inflight = null));
    }, REMINDER_TICK_MS);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await inflight;
    await app.mailer.close?.();
  });
}

export default fp(notificationsPlugin, { name: 'notifications', dependencies: ['database', 'socket-server', 'meetings', 'invitations'] });
