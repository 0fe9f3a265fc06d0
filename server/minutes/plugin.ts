import { and, eq, inArray, notExists, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../db/client.ts';
import { meetings, meetingStatusChanges } from '../meetings/schema.ts';
import { scheduleNoticeReminders } from '../notifications/reminders.ts';
import { reminders } from '../notifications/schema.ts';
import { RecordEvents } from './events.ts';
import { meetingRecords } from './schema.ts';

export const NOTICE_SCAN_MS = 30_000;

/**
 * Meetings that have ended without their notice's reminders and without a published notice
 * get them: due within 5 working days of the end, reminding the secretary before and after.
 */
export async function scheduleEndedMeetings(db: Db, now = new Date()): Promise<number> {
  const ended = await db.select({ id: meetings.id, at: sql<Date>`max(${meetingStatusChanges.changedAt})`.mapWith((v: string | Date) => new Date(v)) })
    .from(meetings)
    .innerJoin(meetingStatusChanges, and(eq(meetingStatusChanges.meetingId, meetings.id), eq(meetingStatusChanges.toStatus, 'ended')))
    .where(and(
      inArray(meetings.status, ['ended', 'closed']),
      notExists(db.select({ one: sql`1` }).from(reminders).where(and(eq(reminders.meetingId, meetings.id), inArray(reminders.kind, ['notice_due', 'notice_overdue'])))),
      notExists(db.select({ one: sql`1` }).from(meetingRecords).where(and(eq(meetingRecords.meetingId, meetings.id), eq(meetingRecords.kind, 'notice'), sql`${meetingRecords.publishedAt} is not null`))),
    ))
    .groupBy(meetings.id)
    .limit(500);
  for (const m of ended) await scheduleNoticeReminders(db, m.id, m.at, now);
  return ended.length;
}

/** Minutes and notices: their events, and the scan that schedules each ended meeting's notice reminders. */
async function minutesPlugin(app: FastifyInstance) {
  app.decorate('recordEvents', new RecordEvents());
  let timer: NodeJS.Timeout | undefined;
  let inflight: Promise<void> | null = null;
  const tick = async () => {
    try {
      await scheduleEndedMeetings(app.db);
    } catch (err) {
      app.log.error({ err }, 'notice reminder scan failed');
    }
  };
  app.addHook('onReady', async () => {
    timer = setInterval(() => {
      inflight ??= tick().finally(() => (inflight = null));
    }, NOTICE_SCAN_MS);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await inflight;
  });
}

export default fp(minutesPlugin, { name: 'minutes', dependencies: ['database', 'notifications', 'signing', 'access-log'] });
