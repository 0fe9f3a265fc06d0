import { and, eq, gt, inArray, isNull, lte } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { addWorkingDays, isWorkingDay, vietnamDate, type IsoDate } from '../calendar/working-days.ts';
import type { DbOrTx } from '../db/client.ts';
import { sentence } from '../lib/text.ts';
import { formatVietnamese, localDayStart, VN_ZONE } from '../lib/time.ts';
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

/** QĐ 45/2018: the conclusion notice is issued within 5 working days after the meeting. */
export const NOTICE_WORKING_DAYS = 5;
const NOTICE_REMINDER_HOUR = 8;

/** The last day for the conclusion notice of a meeting that ended at `endedAt` (holidays and make-up days counted). */
export function noticeDueDate(endedAt: Date): IsoDate {
  return addWorkingDays(vietnamDate(endedAt), NOTICE_WORKING_DAYS);
}

/** 08:00 on the working day before the due date, and 08:00 on the working day after it (overdue). */
export function noticeReminderTimes(due: IsoDate): { kind: ReminderKind; dueAt: Date }[] {
  const at8 = (day: IsoDate) => new Date(localDayStart(day).getTime() + NOTICE_REMINDER_HOUR * 3600_000);
  return [
    { kind: 'notice_due', dueAt: at8(addWorkingDays(due, -1)) },
    { kind: 'notice_overdue', dueAt: at8(addWorkingDays(due, 1)) },
  ];
}

/** Schedules the secretary's reminders of a meeting's conclusion notice (those still ahead of `now`). */
export async function scheduleNoticeReminders(db: DbOrTx, meetingId: string, endedAt: Date, now: Date = new Date()): Promise<void> {
  const due = noticeReminderTimes(noticeDueDate(endedAt)).filter((r) => r.dueAt > now);
  if (due.length > 0) await db.insert(reminders).values(due.map((r) => ({ meetingId, ...r })));
}

/** Drops the notice's reminders not yet sent (it was published). */
export async function clearNoticeReminders(db: DbOrTx, meetingId: string): Promise<void> {
  await db.delete(reminders).where(and(eq(reminders.meetingId, meetingId), isNull(reminders.sentAt), inArray(reminders.kind, ['notice_due', 'notice_overdue'])));
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
  await db.delete(reminders).where(and(eq(reminders.meetingId, meetingId), isNull(reminders.sentAt), inArray(reminders.kind, ['day_before', 'minutes_before'])));
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
  const notices = claimed.filter((c) => c.kind === 'notice_due' || c.kind === 'notice_overdue');
  if (notices.length > 0) sent += await sendNoticeReminders(host, notices);
  const due = await host.db.select().from(meetings).where(and(
    inArray(meetings.id, [...new Set(claimed.map((c) => c.meetingId))]),
    inArray(meetings.status, ['invited', 'postponed']),
    gt(meetings.startsAt, now),
  ));
  for (const reminder of claimed) {
    if (reminder.kind === 'notice_due' || reminder.kind === 'notice_overdue') continue;
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

/**
 * The conclusion notice's reminders go to the meeting's secretary (or, without one, to the
 * convening body). They are dropped when the notice is published, so a claimed one is still due.
 */
async function sendNoticeReminders(host: NotifyHost, claimed: { meetingId: string; kind: ReminderKind }[]): Promise<number> {
  const rows = await host.db.select().from(meetings).where(inArray(meetings.id, [...new Set(claimed.map((c) => c.meetingId))]));
  let sent = 0;
  for (const reminder of claimed) {
    const meeting = rows.find((m) => m.id === reminder.meetingId);
    if (!meeting || (meeting.status !== 'ended' && meeting.status !== 'closed')) continue;
    const overdue = reminder.kind === 'notice_overdue';
    const payload = {
      kind: 'notice_reminder' as const,
      title: overdue ? `Quá hạn ban hành thông báo kết luận: ${meeting.title}` : `Sắp đến hạn ban hành thông báo kết luận: ${meeting.title}`,
      body: `Thông báo kết luận phải ban hành trong ${NOTICE_WORKING_DAYS} ngày làm việc sau cuộc họp.`,
      meetingId: meeting.id,
    };
    const target = meeting.secretaryUserId ? { userId: meeting.secretaryUserId } : { bodyId: meeting.convenerBodyId };
    const stored = await storeNotifications(host.db, [target], payload);
    pushNotifications(host, stored);
    sent += stored.length;
  }
  return sent;
}
