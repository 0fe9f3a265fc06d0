import type { Db } from '../db/client.ts';
import { Conflict } from '../lib/errors.ts';
import type { MeetingStatus } from '../meetings/enums.ts';
import { transitionMeeting } from '../meetings/lifecycle.ts';

/** Statuses in which the live room may be entered (a postponed meeting proceeds at its new time). */
export const joinableStatuses: ReadonlySet<MeetingStatus> = new Set(['invited', 'postponed', 'live']);

export function notJoinableMessage(status: MeetingStatus): string {
  switch (status) {
    case 'draft':
      return 'Cuộc họp chưa phát hành giấy mời. / The meeting has not been announced yet.';
    case 'cancelled':
      return 'Cuộc họp đã bị hủy. / The meeting was cancelled.';
    default:
      return 'Cuộc họp đã kết thúc. / The meeting has ended.';
  }
}

/** The chair opened the live room: invited/postponed → live. Already live is fine. */
export async function markLive(db: Db, meetingId: string, status: MeetingStatus, by: string): Promise<void> {
  if (status === 'live') return;
  await tolerateRace(() => transitionMeeting(db, meetingId, 'live', { by }));
}

/** The chair ended the meeting: live → ended. */
export async function markEnded(db: Db, meetingId: string, by: string): Promise<void> {
  await tolerateRace(() => transitionMeeting(db, meetingId, 'ended', { by }));
}

// Two chairs acting at once, or a status changed from the meetings page meanwhile: the
// transition table has already refused it, and the live room goes on as it is.
async function tolerateRace(run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (err) {
    if (!(err instanceof Conflict)) throw err;
  }
}
