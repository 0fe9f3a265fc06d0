import { authorize } from '../auth/policy.ts';
import type { SessionUser } from '../auth/session-user.ts';
import { InvalidInput } from '../lib/errors.ts';
import { loadMeetingAccess } from './access.ts';
import { transitionMeeting } from './lifecycle.ts';
import type { MeetingRow } from './schema.ts';
import type { MeetingHost } from './service.ts';

/**
 * Postpones a meeting to a new time: status postponed, SEQUENCE raised (calendars move the
 * event), and the postponement announced (reminders move, every invitee is told the reason
 * and the new time).
 */
export async function postponeMeeting(host: MeetingHost, user: SessionUser, meetingId: string, reason: string, startsAt: Date, endsAt: Date): Promise<MeetingRow> {
  const { resource } = await loadMeetingAccess(host, meetingId);
  authorize(host.units, user, 'meeting:chair', resource);
  host.liveRooms?.refuseWhileOpen(meetingId);
  if (startsAt <= new Date()) throw new InvalidInput('Thời gian mới phải ở tương lai. / The new time must be in the future.');
  const { meeting, after } = await host.db.transaction(async (t) => {
    const { meeting } = await transitionMeeting(t, meetingId, 'postponed', { reason, by: user.id, startsAt, endsAt });
    return { meeting, after: await host.meetingEvents.emit(t, { kind: 'postponed', meeting }) };
  });
  after();
  return meeting;
}

/** Cancels a meeting and announces it (reminders dropped, every invitee told the reason; calendars get METHOD:CANCEL). */
export async function cancelMeeting(host: MeetingHost, user: SessionUser, meetingId: string, reason: string): Promise<MeetingRow> {
  const { resource } = await loadMeetingAccess(host, meetingId);
  authorize(host.units, user, 'meeting:chair', resource);
  host.liveRooms?.refuseWhileOpen(meetingId);
  const { meeting, after } = await host.db.transaction(async (t) => {
    const { meeting } = await transitionMeeting(t, meetingId, 'cancelled', { reason, by: user.id });
    return { meeting, after: await host.meetingEvents.emit(t, { kind: 'cancelled', meeting }) };
  });
  after();
  return meeting;
}
