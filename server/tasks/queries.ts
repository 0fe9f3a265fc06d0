import { and, asc, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { meetings } from '../meetings/schema.ts';
import { taskAssignments, tasks, taskUpdates } from './schema.ts';
import { isOverdue } from './states.ts';
import type { AssignmentView, TaskView } from './schemas.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Assignments with their task and meeting, as the API shows them. */
export async function assignmentViews(db: DbOrTx, where: SQL | undefined, today: string, limit = 2000): Promise<AssignmentView[]> {
  const rows = await db.select({ a: taskAssignments, t: tasks, meetingTitle: meetings.title, convenerBodyId: meetings.convenerBodyId })
    .from(taskAssignments)
    .innerJoin(tasks, eq(tasks.id, taskAssignments.taskId))
    .innerJoin(meetings, eq(meetings.id, taskAssignments.meetingId))
    .where(where)
    .orderBy(asc(taskAssignments.deadline), asc(tasks.createdAt), asc(taskAssignments.bodyName))
    .limit(limit);
  const notes = await lastNotes(db, rows.map((r) => r.a.id));
  return rows.map(({ a, t, meetingTitle, convenerBodyId }) => ({
    id: a.id, taskId: t.id, meetingId: a.meetingId, meetingTitle, convenerBodyId, source: t.sourceKind, text: t.text, expectedResult: t.expectedResult,
    bodyId: a.bodyId, bodyName: a.bodyName, unitCode: a.unitCode, status: a.status, deadline: a.deadline, requestedDeadline: a.requestedDeadline,
    overdue: isOverdue(a.status, a.deadline, today), doneAt: iso(a.doneAt), acceptedAt: iso(a.acceptedAt), updatedAt: a.updatedAt.toISOString(),
    lastNote: notes.get(a.id) ?? '',
  }));
}

async function lastNotes(db: DbOrTx, ids: string[]): Promise<Map<string, string>> {
  const notes = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await db.selectDistinctOn([taskUpdates.assignmentId], { id: taskUpdates.assignmentId, note: taskUpdates.note })
      .from(taskUpdates).where(inArray(taskUpdates.assignmentId, ids.slice(i, i + 1000)))
      .orderBy(taskUpdates.assignmentId, desc(taskUpdates.at));
    for (const r of rows) notes.set(r.id, r.note);
  }
  return notes;
}

/** Tasks with every assignment and the completion per body, grouped from assignment views. */
export function groupTasks(views: AssignmentView[], taskRows: { id: string; conclusionIndex: number; deadline: string }[]): TaskView[] {
  const byTask = new Map<string, AssignmentView[]>();
  for (const v of views) byTask.set(v.taskId, [...(byTask.get(v.taskId) ?? []), v]);
  return taskRows.filter((t) => byTask.has(t.id)).map((t) => {
    const list = byTask.get(t.id)!;
    const first = list[0]!;
    return {
      id: t.id, meetingId: first.meetingId, meetingTitle: first.meetingTitle, source: first.source, conclusionIndex: t.conclusionIndex,
      text: first.text, expectedResult: first.expectedResult, deadline: t.deadline,
      completion: {
        assigned: list.length,
        done: list.filter((a) => a.status === 'done' || a.status === 'accepted').length,
        accepted: list.filter((a) => a.status === 'accepted').length,
        overdue: list.filter((a) => a.overdue).length,
      },
      assignments: list,
    };
  });
}

/** The tasks of some meetings (all their assignments, or only one body's when `bodyId`). */
export async function tasksOfMeetings(db: DbOrTx, meetingIds: string[], today: string, bodyId: string | null): Promise<TaskView[]> {
  if (meetingIds.length === 0) return [];
  const where = and(inArray(taskAssignments.meetingId, meetingIds), bodyId ? eq(taskAssignments.bodyId, bodyId) : undefined);
  const views = await assignmentViews(db, where, today, 20_000);
  const taskRows = await db.select({ id: tasks.id, conclusionIndex: tasks.conclusionIndex, deadline: tasks.deadline })
    .from(tasks).where(inArray(tasks.meetingId, meetingIds)).orderBy(asc(tasks.deadline), asc(tasks.createdAt));
  return groupTasks(views, taskRows);
}

export async function historyOf(db: DbOrTx, assignmentId: string) {
  const rows = await db.select().from(taskUpdates).where(eq(taskUpdates.assignmentId, assignmentId)).orderBy(asc(taskUpdates.at));
  return rows.map((r) => ({ action: r.action, fromStatus: r.fromStatus, toStatus: r.toStatus, note: r.note, byBodyId: r.byBodyId, at: r.at.toISOString() }));
}
