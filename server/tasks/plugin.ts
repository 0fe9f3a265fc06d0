import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { tasksFromConclusions } from './from-conclusions.ts';
import { sendDueTaskReminders } from './reminders.ts';

export const TASK_REMINDER_TICK_MS = 60_000;

/** Tasks: made from published conclusions; the ticker that reminds assigned bodies of deadlines (stopped when the app closes). */
async function tasksPlugin(app: FastifyInstance) {
  app.recordEvents.listen(tasksFromConclusions);
  let inflight: Promise<void> | null = null;
  const tick = async () => {
    try {
      const sent = await sendDueTaskReminders(app, new Date());
      if (sent.notifications > 0) app.log.info(sent, 'task reminders sent');
    } catch (err) {
      app.log.error({ err }, 'task reminder tick failed');
    }
  };
  let timer: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    timer = setInterval(() => {
      inflight ??= tick().finally(() => (inflight = null));
    }, TASK_REMINDER_TICK_MS);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await inflight;
  });
}

export default fp(tasksPlugin, { name: 'tasks', dependencies: ['database', 'notifications', 'minutes'] });
