import { authorize } from '../auth/policy.ts';
import type { SessionUser } from '../auth/session-user.ts';
import { loadMeetingAccess } from './access.ts';
import { transitionMeeting } from './lifecycle.ts';
import type { MeetingRow } from './schema.ts';
import type { MeetingHost } from './service.ts';

/** Cancels a meeting and announces it (reminders dropped, every invitee told the reason; calendars get METHOD:CANCEL). */
export async function cancelMeeting(host: MeetingHost, user: SessionUser, meetingId: string, reason: string): Promise<MeetingRow> {
  const { resource } = await loadMeetingAccess(host, meetingId);
  authorize(host.units, user, 'meeting:chair', resource);
  await host.liveRooms?.refuseWhileOpen(meetingId);
  const { meeting, after } = await host.db.transaction(async (t) => {
    const { meeting } = await transitionMeeting(t, meetingId, 'cancelled', { reason, by: user.id });
    return { meeting, after: await host.meetingEvents.emit(t, { kind: 'cancelled', meeting }) };
  });
  after();
  return meeting;
}
