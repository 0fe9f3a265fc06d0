import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { Conflict, InvalidInput, NotFound } from '../lib/errors.ts';
import { requireEndAfterStart } from '../lib/time.ts';
import type { MeetingStatus } from './enums.ts';
import { meetings, meetingStatusChanges, type MeetingRow } from './schema.ts';
import { statusLabels } from './views.ts';

/**
 * Where a meeting may go from each status. `invited` is reached only by issuing the
 * invitations (invitations/issue.ts), which also numbers the Giấy mời and freezes invitees.
 * A postponed meeting has its new time and proceeds like an invited one.
 */
export const transitions: Readonly<Record<MeetingStatus, readonly MeetingStatus[]>> = {
  draft: ['invited', 'cancelled'],
  invited: ['live', 'postponed', 'cancelled'],
  postponed: ['live', 'postponed', 'cancelled'],
  live: ['ended'],
  ended: ['closed'],
  closed: [],
  cancelled: [],
};

/** Changes that invitees must hear about, with the reason (QĐ 45: the chủ trì states why). */
const needsReason: ReadonlySet<MeetingStatus> = new Set(['postponed', 'cancelled']);

export interface TransitionOptions {
  /** Required for postponed and cancelled; sent to every invitee. */
  reason?: string | null | undefined;
  /** The user making the change (null for the system, e.g. an automatic end). */
  by: string | null;
  /** The new time, for a postponement. */
  startsAt?: Date;
  endsAt?: Date;
}

export function canTransition(from: MeetingStatus, to: MeetingStatus): boolean {
  return transitions[from].includes(to);
}

function illegal(from: MeetingStatus, to: MeetingStatus): Conflict {
  const allowed = transitions[from];
  const next = allowed.length ? allowed.map((s) => `"${statusLabels[s]}"`).join(', ') : 'không còn bước nào';
  return new Conflict(
    `Không thể chuyển cuộc họp từ "${statusLabels[from]}" sang "${statusLabels[to]}" (có thể: ${next}). / A meeting cannot go from ${from} to ${to}.`,
    { from, to, allowed },
  );
}

/**
 * Moves a meeting to `to` if the transition table allows it from its current status,
 * atomically (the status is re-checked in the UPDATE, so two racing calls cannot both
 * succeed), and records the change. Postponement and cancellation raise the calendar
 * SEQUENCE. Notifying invitees is the caller's business (see meetings/lifecycle-service.ts).
 * Throws NotFound, InvalidInput (missing reason or time) or Conflict (illegal transition).
 */
export async function transitionMeeting(db: DbOrTx, meetingId: string, to: MeetingStatus, options: TransitionOptions): Promise<{ meeting: MeetingRow; from: MeetingStatus }> {
  const reason = options.reason?.trim() || null;
  if (needsReason.has(to) && !reason) {
    throw new InvalidInput('Cần nêu lý do hoãn hoặc hủy cuộc họp. / A reason is required to postpone or cancel a meeting.');
  }
  if (options.startsAt && options.endsAt) requireEndAfterStart(options.startsAt, options.endsAt);
  const from = (Object.keys(transitions) as MeetingStatus[]).filter((s) => canTransition(s, to));
  return db.transaction(async (tx) => {
    const [previous] = await tx.select({ status: meetings.status }).from(meetings).where(eq(meetings.id, meetingId)).for('update');
    if (!previous) throw new NotFound(`Meeting ${meetingId}`);
    const [meeting] = await tx.update(meetings).set({
      status: to,
      ...(needsReason.has(to) ? { statusReason: reason, sequence: sql`${meetings.sequence} + 1` } : {}),
      ...(options.startsAt ? { startsAt: options.startsAt } : {}),
      ...(options.endsAt ? { endsAt: options.endsAt } : {}),
      updatedAt: new Date(),
    }).where(and(eq(meetings.id, meetingId), inArray(meetings.status, from))).returning();
    if (!meeting) throw illegal(previous.status, to);
    await tx.insert(meetingStatusChanges).values({ meetingId, fromStatus: previous.status, toStatus: to, reason, changedBy: options.by });
    return { meeting, from: previous.status };
  });
}
