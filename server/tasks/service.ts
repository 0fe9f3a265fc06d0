import { and, eq, inArray } from 'drizzle-orm';
import { addWorkingDays, isWorkingDay, vietnamDate } from '../calendar/working-days.ts';
import type { DbOrTx } from '../db/client.ts';
import { meetingInvitees } from '../invitations/schema.ts';
import { Conflict, InvalidInput, NotFound } from '../lib/errors.ts';
import { formatDate, localToUtc } from '../lib/time.ts';
import { meetings } from '../meetings/schema.ts';
import { bodies } from '../units/schema.ts';
import { taskAssignments, tasks, taskUpdates, type AssignmentRow, type TaskRow } from './schema.ts';
import { transitions, type TaskAction, type TaskSourceKind } from './states.ts';

/** The hour (Vietnam time) of the reminder on the working day before a deadline. */
const REMIND_AT = '08:00';

export interface NewTasks {
  meetingId: string;
  source: { kind: TaskSourceKind; documentId?: string | null; conclusionIndex: number };
  text: string;
  expectedResult: string;
  /** A Vietnam date (yyyy-MM-dd) that is a working day. */
  deadline: string;
  assigneeBodyIds: readonly string[] | 'all-invited';
  createdBy?: string | null;
}

/** When an assignment due on `deadline` is reminded: the working day before it, at 08:00 Vietnam time. */
export function remindAtFor(deadline: string): Date {
  return localToUtc(`${addWorkingDays(deadline, -1)}T${REMIND_AT}`);
}

/** Refuses a deadline that is not a working day, naming the working days around it. */
export function requireWorkingDeadline(deadline: string): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(deadline)) throw new InvalidInput(`Hạn "${deadline}" không hợp lệ (cần dạng yyyy-MM-dd). / Invalid deadline "${deadline}".`);
  if (!isWorkingDay(deadline)) {
    const before = formatDate(addWorkingDays(deadline, -1));
    const after = formatDate(addWorkingDays(deadline, 1));
    throw new InvalidInput(
      `Hạn ${formatDate(deadline)} không phải ngày làm việc; chọn ${before} hoặc ${after}. / The deadline ${deadline} is not a working day; choose ${before} or ${after}.`,
    );
  }
}

/**
 * Creates a task of a meeting and one assignment per body, in the caller's transaction
 * (the minutes' publication calls it for each conclusion that names bodies). 'all-invited'
 * assigns every body on the meeting's frozen invitee list ("mời các xã" → each commune).
 */
export async function createTasks(tx: DbOrTx, input: NewTasks): Promise<{ task: TaskRow; assignments: AssignmentRow[] }> {
  requireWorkingDeadline(input.deadline);
  const [meeting] = await tx.select({ id: meetings.id }).from(meetings).where(eq(meetings.id, input.meetingId));
  if (!meeting) throw new NotFound(`Meeting ${input.meetingId}`);
  const assignees = input.assigneeBodyIds === 'all-invited'
    ? await tx.select({ bodyId: meetingInvitees.bodyId, unitCode: meetingInvitees.unitCode, bodyName: meetingInvitees.bodyName })
      .from(meetingInvitees).where(eq(meetingInvitees.meetingId, input.meetingId))
    : await bodiesByIds(tx, [...new Set(input.assigneeBodyIds)]);
  if (assignees.length === 0) {
    throw new InvalidInput('Nhiệm vụ cần ít nhất một cơ quan được giao (cuộc họp chưa mời cơ quan nào). / A task needs at least one assigned body (the meeting invited none).');
  }
  const [task] = await tx.insert(tasks).values({
    meetingId: input.meetingId, sourceKind: input.source.kind, documentId: input.source.documentId ?? null,
    conclusionIndex: input.source.conclusionIndex, text: input.text, expectedResult: input.expectedResult,
    deadline: input.deadline, createdBy: input.createdBy ?? null,
  }).returning();
  const remindAt = remindAtFor(input.deadline);
  const rows: AssignmentRow[] = [];
  const values = assignees.map((a) => ({ taskId: task!.id, meetingId: input.meetingId, ...a, deadline: input.deadline, remindAt }));
  for (let i = 0; i < values.length; i += 1000) rows.push(...(await tx.insert(taskAssignments).values(values.slice(i, i + 1000)).returning()));
  return { task: task!, assignments: rows };
}

async function bodiesByIds(tx: DbOrTx, ids: string[]) {
  if (ids.length === 0) return [];
  const found = await tx.select({ bodyId: bodies.id, unitCode: bodies.unitCode, bodyName: bodies.name }).from(bodies).where(inArray(bodies.id, ids));
  const missing = ids.filter((id) => !found.some((b) => b.bodyId === id));
  if (missing.length > 0) throw new InvalidInput(`Không có cơ quan: ${missing.join(', ')}. / Unknown bodies: ${missing.join(', ')}.`, { missing });
  return found;
}

export interface StepInput {
  action: TaskAction;
  note: string;
  /** request_extension: the deadline asked for; grant_extension: optionally another one. */
  deadline?: string | undefined;
  userId: string;
  bodyId: string;
  now?: Date;
}

const statusWords: Record<string, string> = {
  assigned: 'mới giao', received: 'đã nhận', in_progress: 'đang thực hiện', extension_requested: 'đang xin gia hạn', done: 'đã báo hoàn thành', accepted: 'đã được chấp nhận',
};

/**
 * Takes one step of an assignment, locked for the length of the caller's transaction so two
 * steps at once are taken one after the other. Who may take it (the assignee or the convening
 * body, `transitions[action].by`) the route has checked through the policy.
 */
export async function takeStep(tx: DbOrTx, assignmentId: string, input: StepInput): Promise<AssignmentRow> {
  const [row] = await tx.select().from(taskAssignments).where(eq(taskAssignments.id, assignmentId)).for('update');
  if (!row) throw new NotFound(`Task assignment ${assignmentId}`);
  const step = transitions[input.action];
  if (!step.from.includes(row.status)) {
    throw new Conflict(
      `Không thể "${input.action}" khi nhiệm vụ ${statusWords[row.status]}. / Cannot ${input.action} a task that is ${row.status.replace('_', ' ')}.`,
      { status: row.status, allowedFrom: step.from },
    );
  }
  const note = input.note.trim();
  if (step.reason && !note) throw new InvalidInput('Cần ghi rõ lý do hoặc nội dung. / A reason or note is required for this step.');
  const now = input.now ?? new Date();
  const patch: Partial<typeof taskAssignments.$inferInsert> = { updatedAt: now };
  if (step.to) patch.status = step.to;
  if (input.action === 'request_extension') {
    if (!input.deadline) throw new InvalidInput('Xin gia hạn cần nêu hạn mới. / An extension request needs the new deadline.');
    requireWorkingDeadline(input.deadline);
    if (input.deadline <= row.deadline) throw new InvalidInput(`Hạn mới phải sau hạn hiện tại (${formatDate(row.deadline)}). / The new deadline must be after the current one.`);
    patch.requestedDeadline = input.deadline;
  }
  if (input.action === 'grant_extension') {
    const deadline = input.deadline ?? row.requestedDeadline!;
    requireWorkingDeadline(deadline);
    Object.assign(patch, { deadline, requestedDeadline: null, remindAt: remindAtFor(deadline), remindedAt: null });
  }
  if (input.action === 'refuse_extension') patch.requestedDeadline = null;
  if (input.action === 'complete') patch.doneAt = now;
  if (input.action === 'accept') patch.acceptedAt = now;
  if (input.action === 'return') patch.doneAt = null;
  const [updated] = await tx.update(taskAssignments).set(patch).where(eq(taskAssignments.id, assignmentId)).returning();
  await tx.insert(taskUpdates).values({
    assignmentId, action: input.action, fromStatus: row.status, toStatus: updated!.status, note, byUserId: input.userId, byBodyId: input.bodyId, at: now,
  });
  return updated!;
}

/** Today's date in Vietnam, against which deadlines are compared. */
export function todayInVietnam(now: Date = new Date()): string {
  return vietnamDate(now);
}

export async function assignmentsOfTask(db: DbOrTx, taskId: string): Promise<AssignmentRow[]> {
  return db.select().from(taskAssignments).where(and(eq(taskAssignments.taskId, taskId)));
}
