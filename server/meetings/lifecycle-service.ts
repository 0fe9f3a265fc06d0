import { authorize } from '../auth/policy.ts';
import type { SessionUser } from '../auth/session-user.ts';
import { InvalidInput } from '../lib/errors.ts';
import { formatVietnamese } from '../lib/time.ts';
import { pushNotifications, storeInviteeNotifications } from '../notifications/notify.ts';
import { clearReminders, scheduleReminders } from '../notifications/reminders.ts';
import { loadMeetingAccess } from './access.ts';
import { transitionMeeting } from './lifecycle.ts';
import type { MeetingHost } from './service.ts';
import type { MeetingRow } from './views.ts';

/**
 * Postpones a meeting to a new time: status postponed, SEQUENCE raised (calendars move the
 * event), reminders recomputed, and every invitee told the reason and the new time.
 */
export async function postponeMeeting(host: MeetingHost, user: SessionUser, meetingId: string, reason: string, startsAt: Date, endsAt: Date): Promise<MeetingRow> {
  const { resource } = await loadMeetingAccess(host.db, meetingId);
  authorize(host.units, user, 'meeting:chair', resource);
  if (startsAt <= new Date()) throw new InvalidInput('Thời gian mới phải ở tương lai. / The new time must be in the future.');
  const { meeting, notices } = await host.db.transaction(async (t) => {
    const { meeting } = await transitionMeeting(t, meetingId, 'postponed', { reason, by: user.id, startsAt, endsAt });
    await scheduleReminders(t, meetingId, meeting.startsAt, meeting.timeZone);
    const notices = await storeInviteeNotifications(t, meetingId, {
      kind: 'postponed', meetingId,
      title: `Hoãn cuộc họp: ${meeting.title}`,
      body: `Lý do: ${meeting.statusReason}. Thời gian mới: ${formatVietnamese(meeting.startsAt, meeting.timeZone)}.`,
    });
    return { meeting, notices };
  });
  pushNotifications(host, notices);
  return meeting;
}

/** Cancels a meeting: reminders dropped, every invitee told the reason (their calendars get METHOD:CANCEL). */
export async function cancelMeeting(host: MeetingHost, user: SessionUser, meetingId: string, reason: string): Promise<MeetingRow> {
  const { resource } = await loadMeetingAccess(host.db, meetingId);
  authorize(host.units, user, 'meeting:chair', resource);
  const { meeting, notices } = await host.db.transaction(async (t) => {
    const { meeting } = await transitionMeeting(t, meetingId, 'cancelled', { reason, by: user.id });
    await clearReminders(t, meetingId);
    const notices = await storeInviteeNotifications(t, meetingId, {
      kind: 'cancelled', meetingId,
      title: `Hủy cuộc họp: ${meeting.title}`,
      body: `Cuộc họp dự kiến lúc ${formatVietnamese(meeting.startsAt, meeting.timeZone)} đã bị hủy. Lý do: ${meeting.statusReason}.`,
    });
    return { meeting, notices };
  });
  pushNotifications(host, notices);
  return meeting;
}
