import type { SessionUser } from '../auth/session-user.ts';
import { noticeDueDate } from '../notifications/reminders.ts';
import { vietnamDate } from '../calendar/working-days.ts';
import { openSteps, stepFor, type RecordAction } from './model.ts';
import type { LockRow } from './records.ts';
import type { MeetingRecordRow } from './schema.ts';

export interface Powers {
  write: boolean;
  chair: boolean;
}

/** A record as the API shows it, with what this reader may do to it now. */
export function recordView(row: MeetingRecordRow, lock: LockRow | null, user: SessionUser, powers: Powers, correctsNumber: string | null, now = new Date()) {
  const live = lock && lock.expiresAt > now ? lock : null;
  const steps = openSteps(row.kind, row.state).filter((a: RecordAction) => {
    const by = stepFor(a, row.kind)!.by;
    return by === 'chair' ? powers.chair : powers.write;
  });
  return {
    id: row.id, kind: row.kind, state: row.state, content: row.content, revision: row.revision,
    number: row.number, documentId: row.documentId, signatures: row.signatures,
    publishedAt: row.publishedAt?.toISOString() ?? null, shareLive: row.shareLive,
    corrects: row.correctsId ? { id: row.correctsId, number: correctsNumber } : null,
    supersededById: row.supersededById,
    updatedAt: row.updatedAt.toISOString(),
    lock: live ? { holderName: live.holderName, mine: live.holderId === user.id, expiresAt: live.expiresAt.toISOString() } : null,
    steps,
    canEdit: powers.write && (row.state === 'draft' || row.state === 'changes_requested'),
    canCorrect: powers.write && row.state === 'published',
  };
}

/** When the conclusion notice is due (from the moment the meeting ended) and whether it is late. */
export function noticeDue(endedAt: Date | null, published: boolean, now = new Date()) {
  if (!endedAt) return null;
  const date = noticeDueDate(endedAt);
  return { endedAt: endedAt.toISOString(), date, overdue: !published && vietnamDate(now) > date, published };
}
