import { and, eq, inArray, isNull, lte } from 'drizzle-orm';
import { formatDate } from '../lib/time.ts';
import { pushNotifications, storeNotifications, type NotifyHost } from '../notifications/notify.ts';
import { taskAssignments, tasks } from './schema.ts';

/**
 * Reminds each assigned body of its task on the working day before its deadline (remind_at,
 * set at creation and again when an extension is granted). Claimed by one UPDATE … RETURNING
 * like the meetings' reminders (notifications/reminders.ts), so two servers never send one
 * twice; a task already reported done is claimed silently.
 */
export async function sendDueTaskReminders(host: NotifyHost, now: Date): Promise<{ reminders: number; notifications: number }> {
  const claimed = await host.db.update(taskAssignments).set({ remindedAt: now })
    .where(and(isNull(taskAssignments.remindedAt), lte(taskAssignments.remindAt, now)))
    .returning({ id: taskAssignments.id, taskId: taskAssignments.taskId, bodyId: taskAssignments.bodyId, status: taskAssignments.status, deadline: taskAssignments.deadline, meetingId: taskAssignments.meetingId });
  const due = claimed.filter((c) => !['done', 'accepted'].includes(c.status));
  if (due.length === 0) return { reminders: claimed.length, notifications: 0 };
  const texts = new Map((await host.db.select({ id: tasks.id, text: tasks.text }).from(tasks).where(inArray(tasks.id, [...new Set(due.map((d) => d.taskId))]))).map((t) => [t.id, t.text]));
  const rows = await host.db.transaction(async (tx) => {
    const stored = [];
    for (const a of due) {
      stored.push(...(await storeNotifications(tx, [{ bodyId: a.bodyId }], {
        kind: 'task', title: `Nhắc hạn nhiệm vụ (${formatDate(a.deadline)}): ${(texts.get(a.taskId) ?? '').slice(0, 120)}`,
        body: `Hạn hoàn thành là ngày ${formatDate(a.deadline)}. Cập nhật tiến độ hoặc xin gia hạn trên trang nhiệm vụ.`, meetingId: a.meetingId,
      })));
    }
    return stored;
  });
  pushNotifications(host, rows);
  return { reminders: claimed.length, notifications: rows.length };
}

/** Whether an assignment still has its reminder ahead (for tests and the detail view). */
export async function pendingReminder(host: Pick<NotifyHost, 'db'>, assignmentId: string): Promise<Date | null> {
  const [row] = await host.db.select({ remindAt: taskAssignments.remindAt, remindedAt: taskAssignments.remindedAt }).from(taskAssignments).where(eq(taskAssignments.id, assignmentId));
  return row && !row.remindedAt ? row.remindAt : null;
}
