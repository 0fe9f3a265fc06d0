import { and, eq, gt, inArray, isNull, lte } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { isWorkingDay } from '../calendar/working-days.ts';
import type { DbOrTx } from '../db/client.ts';
import { sentence } from '../lib/text.ts';
import { formatVietnamese, VN_ZONE } from '../lib/time.ts';
import { meetings } from '../meetings/schema.ts';
import { pushNotifications, storeInviteeNotifications, storeNotifications, type NotifyHost } from './notify.ts';
import { reminders, type ReminderKind } from './schema.ts';

export const MINUTES_BEFORE = 15;

/**
 * When to remind: on the working day before the meeting's date, at the meeting's own
 * time of day (a Monday 08:00 meeting is announced again on Friday 08:00, or on the last
 * working day before a holiday), and 15 minutes before the start.
 */
export function reminderTimes(startsAt: Date, zone: string = VN_ZONE): { kind: ReminderKind; dueAt: Date }[] {
  const start = DateTime.fromJSDate(startsAt, { zone });
  let day = start.minus({ days: 1 });
  // Bounded: no run of non-working days in Vietnam is anywhere near 30 days long.
  for (let i = 0; i < 30 && !isWorkingDay(day.toISODate()!); i++) day = day.minus({ days: 1 });
  return [
    { kind: 'day_before', dueAt: day.toUTC().toJSDate() },
    { kind: 'minutes_before', dueAt: start.minus({ minutes: MINUTES_BEFORE }).toUTC().toJSDate() },
  ];
}

/**
 * Replaces a meeting's pending reminders with ones for its (new) start. Reminders already
 * due at `now` are not created: the invitation or change notice itself is the reminder.
 */
export async function scheduleReminders(db: DbOrTx, meetingId: string, startsAt: Date, zone: string, now: Date = new Date()): Promise<{ kind: ReminderKind; dueAt: Date }[]> {
  await clearReminders(db, meetingId);
  const due = reminderTimes(startsAt, zone).filter((r) => r.dueAt > now);
  if (due.length > 0) await db.insert(reminders).values(due.map((r) => ({ meetingId, ...r })));
  return due;
}

/** Drops the reminders not yet sent (cancellation, or before rescheduling). */
export async function clearReminders(db: DbOrTx, meetingId: string): Promise<void> {
  await db.delete(reminders).where(and(eq(reminders.meetingId, meetingId), isNull(reminders.sentAt)));
}

/**
 * Sends every reminder due at `now`. Each reminder is claimed by one UPDATE … RETURNING,
 * so two servers ticking at once never send it twice. Reminders of meetings no longer
 * expected (cancelled, already live or over) are claimed silently. Goes to the convener's
 * body and every invited body that has not declined.
 */
export async function sendDueReminders(host: NotifyHost, now: Date): Promise<{ reminders: number; notifications: number }> {
  const claimed = await host.db.update(reminders).set({ sentAt: now })
    .where(and(isNull(reminders.sentAt), lte(reminders.dueAt, now)))
    .returning({ meetingId: reminders.meetingId, kind: reminders.kind });
  let sent = 0;
  if (claimed.length === 0) return { reminders: 0, notifications: 0 };
  const due = await host.db.select().from(meetings).where(and(
    inArray(meetings.id, [...new Set(claimed.map((c) => c.meetingId))]),
    inArray(meetings.status, ['invited', 'postponed']),
    gt(meetings.startsAt, now),
  ));
  for (const reminder of claimed) {
    const meeting = due.find((m) => m.id === reminder.meetingId);
    if (!meeting) continue;
    const when = formatVietnamese(meeting.startsAt, meeting.timeZone);
    const title = reminder.kind === 'minutes_before'
      ? `Sắp họp (còn ${MINUTES_BEFORE} phút): ${meeting.title}`
      : `Nhắc lịch họp: ${meeting.title}`;
    const payload = { kind: 'reminder' as const, title, body: `Thời gian: ${when}.${meeting.hostRoom ? ` Địa điểm: ${sentence(meeting.hostRoom)}` : ''}`, meetingId: meeting.id };
    const rows = await host.db.transaction(async (tx) => [
      ...(await storeNotifications(tx, [{ bodyId: meeting.convenerBodyId }], payload)),
      ...(await storeInviteeNotifications(tx, meeting.id, payload, { exceptDeclined: true })),
    ]);
    pushNotifications(host, rows);
    sent += rows.length;
  }
  return { reminders: claimed.length, notifications: sent };
}
