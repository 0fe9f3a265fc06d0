import { eq } from 'drizzle-orm';
import { addWorkingDays, isWorkingDay } from '../calendar/working-days.ts';
import type { DbOrTx } from '../db/client.ts';
import type { RecordEvent } from '../minutes/events.ts';
import { tasks } from './schema.ts';
import { createTasks } from './service.ts';

/**
 * Published minutes and conclusion notices turn their conclusions into tasks, in the publishing
 * transaction: each conclusion that names who does it and by when becomes one task (a general
 * conclusion without assignees or deadline stays a conclusion). The notice usually repeats the
 * minutes' conclusions, so a conclusion whose text already has a task of this meeting is not
 * assigned twice. A deadline on a day off moves to the next working day.
 */
export async function tasksFromConclusions(tx: DbOrTx, event: RecordEvent): Promise<void> {
  const existing = new Set((await tx.select({ text: tasks.text }).from(tasks).where(eq(tasks.meetingId, event.meeting.id))).map((t) => t.text.trim()));
  for (const [conclusionIndex, c] of event.conclusions.entries()) {
    const text = c.text.trim();
    const assignees = c.assignees === 'all-invited' ? 'all-invited' : c.assignees.filter(Boolean);
    if (!text || !c.deadline || (assignees !== 'all-invited' && assignees.length === 0) || existing.has(text)) continue;
    const deadline = isWorkingDay(c.deadline) ? c.deadline : addWorkingDays(c.deadline, 1);
    await createTasks(tx, {
      meetingId: event.meeting.id,
      source: { kind: event.kind === 'minutes.published' ? 'minutes' : 'notice', documentId: event.documentId, conclusionIndex },
      text, expectedResult: c.expectedResult.trim(), deadline, assigneeBodyIds: assignees,
    });
    existing.add(text);
  }
}
