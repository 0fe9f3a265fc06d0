import { randomUUID } from 'node:crypto';
import { addWorkingDays } from '../calendar/working-days.ts';
import type { taskAssignments, tasks, taskUpdates } from '../tasks/schema.ts';
import type { TaskAction, TaskStatus } from '../tasks/states.ts';
import { historyData, type PlannedMeeting, type Random } from './history-plan.ts';
import type { MeetingDocuments } from './history-records.ts';

type Path = { action: TaskAction; to: TaskStatus | null; by: 'assignee' | 'convener'; note?: readonly string[] }[];

const RECEIVE = { action: 'receive', to: 'received', by: 'assignee' } as const;
const START = { action: 'start', to: 'in_progress', by: 'assignee' } as const;
const NOTE = { action: 'note', to: null, by: 'assignee', note: historyData.progressNotes } as const;
const COMPLETE = { action: 'complete', to: 'done', by: 'assignee', note: historyData.doneNotes } as const;
const ACCEPT = { action: 'accept', to: 'accepted', by: 'convener' } as const;
const RETURN = { action: 'return', to: 'in_progress', by: 'convener', note: historyData.returnReasons } as const;
const EXTEND = { action: 'request_extension', to: 'extension_requested', by: 'assignee', note: historyData.extensionReasons } as const;

/** The steps an assignment took, by the workflow of tasks/states.ts, chosen by whether its deadline has passed. */
function pathFor(random: Random, pastDeadline: boolean): Path {
  const r = random.next();
  if (pastDeadline) {
    if (r < 0.45) return [RECEIVE, START, NOTE, COMPLETE, ACCEPT];
    if (r < 0.63) return [RECEIVE, START, COMPLETE];
    if (r < 0.7) return [RECEIVE, START, COMPLETE, RETURN];
    if (r < 0.78) return [RECEIVE, START, EXTEND];
    if (r < 0.92) return [RECEIVE, START, NOTE];
    return r < 0.96 ? [RECEIVE] : [];
  }
  if (r < 0.15) return [RECEIVE, START, COMPLETE];
  if (r < 0.22) return [RECEIVE, START, NOTE, COMPLETE, ACCEPT];
  if (r < 0.5) return [RECEIVE, START, NOTE];
  if (r < 0.72) return [RECEIVE];
  if (r < 0.8) return [RECEIVE, START, EXTEND];
  return [];
}

/**
 * Tasks from the conclusions of a held meeting's notice (or its biên bản when no notice was
 * issued yet), one assignment per assigned commune, each with its steps up to now and notes.
 */
export function taskRows(m: PlannedMeeting, docs: MeetingDocuments, random: Random, today: string, now: Date) {
  const taskList: (typeof tasks.$inferInsert)[] = [];
  const assignments: (typeof taskAssignments.$inferInsert)[] = [];
  const updates: (typeof taskUpdates.$inferInsert)[] = [];
  if (!docs.source) return { taskList, assignments, updates };
  const issuedAt = docs.source.kind === 'notice' ? docs.tb!.issuedAt : docs.bb!.issuedAt;
  const names = new Map(m.invitees.map((i) => [i.bodyId, i]));
  docs.conclusions.forEach((c, conclusionIndex) => {
    const taskId = randomUUID();
    const deadline = c.deadline!;
    taskList.push({ id: taskId, meetingId: m.row.id, sourceKind: docs.source!.kind, documentId: docs.source!.documentId, conclusionIndex, text: c.text, expectedResult: c.expectedResult, deadline, createdAt: issuedAt });
    for (const bodyId of c.assignees as string[]) {
      const invitee = names.get(bodyId)!;
      const id = randomUUID();
      const steps = pathFor(random, deadline < today);
      // Steps spread from the notice to now (or a little past the deadline), in order.
      const end = Math.min(now.getTime() - 60_000, new Date(`${addWorkingDays(deadline, 2)}T17:00:00+07:00`).getTime());
      const span = Math.max(end - issuedAt.getTime(), 60_000);
      let status = 'assigned' as TaskStatus;
      let when = issuedAt.getTime();
      let doneAt = null as Date | null;
      let acceptedAt = null as Date | null;
      steps.forEach((step, k) => {
        when = Math.min(end, when + Math.max(60_000, Math.floor((span / (steps.length + 1)) * (0.6 + random.next() * 0.8))));
        const to = step.to ?? status;
        const by = step.by === 'assignee' ? bodyId : m.row.convenerBodyId;
        updates.push({ assignmentId: id, action: step.action, fromStatus: status, toStatus: to, note: step.note ? random.pick(step.note) : '', byBodyId: by, at: new Date(when + k) });
        if (to === 'done') doneAt = new Date(when + k);
        if (to === 'accepted') acceptedAt = new Date(when + k);
        status = to;
      });
      assignments.push({
        id, taskId, meetingId: m.row.id, bodyId, unitCode: invitee.unitCode, bodyName: invitee.bodyName, status, deadline,
        requestedDeadline: status === 'extension_requested' ? addWorkingDays(deadline, 10) : null,
        doneAt, acceptedAt, updatedAt: new Date(when + steps.length),
      });
    }
  });
  return { taskList, assignments, updates };
}
