import { and, eq, isNull } from 'drizzle-orm';
import { users } from '../auth/schema.ts';
import type { DbOrTx } from '../db/client.ts';
import type { AfterCommit } from '../db/tx-events.ts';
import type { InvitationEvent } from '../invitations/events.ts';
import { sentence } from '../lib/text.ts';
import { formatVietnamese } from '../lib/time.ts';
import type { IssuedChange, MeetingEvent } from '../meetings/events.ts';
import type { MeetingRow } from '../meetings/schema.ts';
import { bodies } from '../units/schema.ts';
import { pushNotifications, storeInviteeNotifications, storeNotifications, type NotificationRow, type NotificationTarget, type NotifyHost } from './notify.ts';
import { clearReminders, scheduleReminders } from './reminders.ts';
import { notifications } from './schema.ts';

/*
 * What people are told when meetings and invitations change, and what happens to the
 * reminders. Each listener runs inside the transaction of the change (so its rows commit
 * with it) and pushes to sockets and mail only after the commit.
 */

const pushLater = (host: NotifyHost, rows: NotificationRow[]): AfterCommit => () => pushNotifications(host, rows);

export function meetingNotices(host: NotifyHost) {
  return async (tx: DbOrTx, event: MeetingEvent): Promise<AfterCommit> => {
    const { meeting } = event;
    const when = formatVietnamese(meeting.startsAt, meeting.timeZone);
    switch (event.kind) {
      case 'changed':
        if (event.moved) await scheduleReminders(tx, meeting.id, meeting.startsAt, meeting.timeZone);
        return pushLater(host, await storeInviteeNotifications(tx, meeting.id, {
          kind: 'meeting_changed', meetingId: meeting.id,
          title: `Thay đổi cuộc họp: ${meeting.title}`,
          body: `Lý do: ${sentence(event.change.reason)} Thời gian: ${when}.${meeting.hostRoom ? ` Địa điểm: ${sentence(meeting.hostRoom)}` : ''}` +
            ` Chủ trì: ${sentence(meeting.chairName)}${changeTail(event.change)}`,
        }));
      case 'postponed':
        await scheduleReminders(tx, meeting.id, meeting.startsAt, meeting.timeZone);
        return pushLater(host, await storeInviteeNotifications(tx, meeting.id, {
          kind: 'postponed', meetingId: meeting.id,
          title: `Hoãn cuộc họp: ${meeting.title}`,
          body: `Lý do: ${sentence(event.change.reason)} Thời gian mới: ${when}.${changeTail(event.change)}`,
        }));
      case 'cancelled':
        await clearReminders(tx, meeting.id);
        return pushLater(host, await storeInviteeNotifications(tx, meeting.id, {
          kind: 'cancelled', meetingId: meeting.id,
          title: `Hủy cuộc họp: ${meeting.title}`,
          body: `Cuộc họp dự kiến lúc ${when} đã bị hủy. Lý do: ${sentence(meeting.statusReason ?? '')}`,
        }));
    }
  };
}

/** The replacing Giấy mời's number and, when the time changed, the request to answer again. */
function changeTail(change: IssuedChange): string {
  return (change.number ? ` Giấy mời thay thế số ${change.number}.` : '') +
    (change.rsvpReset ? ' Đề nghị cơ quan, đơn vị xác nhận lại việc tham dự.' : '');
}

export function invitationNotices(host: NotifyHost) {
  return async (tx: DbOrTx, event: InvitationEvent): Promise<AfterCommit | void> => {
    const { meeting } = event;
    const meetingId = meeting.id;
    switch (event.kind) {
      case 'issued': {
        await scheduleReminders(tx, meetingId, meeting.startsAt, meeting.timeZone, event.at);
        const [convener] = await tx.select({ name: bodies.name }).from(bodies).where(eq(bodies.id, meeting.convenerBodyId));
        return pushLater(host, await storeInviteeNotifications(tx, meetingId, {
          kind: 'invitation', meetingId,
          title: `Giấy mời số ${event.number}: ${meeting.title}`,
          body: `${convener?.name ?? meeting.convenerBodyId} trân trọng kính mời dự họp lúc ${formatVietnamese(meeting.startsAt, meeting.timeZone)}` +
            `${meeting.hostRoom ? ` tại ${meeting.hostRoom.trim().replace(/[.]+$/, '')}` : ''}. Chủ trì: ${sentence(meeting.chairName)}`,
        }));
      }
      case 'answered': {
        const row = event.invitee;
        // An answered invitation has been read: it no longer counts in the body's unread badge.
        await tx.update(notifications).set({ readAt: row.respondedAt ?? new Date() })
          .where(and(eq(notifications.bodyId, row.bodyId), eq(notifications.meetingId, meetingId), eq(notifications.kind, 'invitation'), isNull(notifications.readAt)));
        if (row.rsvp === 'declined') {
          return pushLater(host, await storeNotifications(tx, await organisers(tx, meeting), {
            kind: 'rsvp', meetingId, title: `${row.bodyName} báo vắng: ${meeting.title}`, body: `Lý do: ${sentence(row.declineReason ?? '')}`,
          }));
        }
        if (row.rsvp !== 'substitute') return;
        return pushLater(host, await storeNotifications(tx, await organisers(tx, meeting), {
          kind: 'substitute_request', meetingId, title: `${row.bodyName} đề nghị cử người dự thay: ${meeting.title}`,
          body: `Người dự thay: ${row.substituteName}, ${sentence(row.substitutePosition ?? '')} Cần chủ trì đồng ý.`,
        }));
      }
      case 'substituteDecided': {
        const row = event.invitee;
        const verdict = event.approved ? 'đồng ý' : 'không đồng ý';
        return pushLater(host, await storeNotifications(tx, [{ bodyId: row.bodyId }], {
          kind: 'substitute_decision', meetingId,
          title: `Chủ trì ${verdict} người dự thay: ${meeting.title}`,
          body: `${row.substituteName}, ${sentence(row.substitutePosition ?? '')}${row.substituteNote ? ` Ghi chú: ${sentence(row.substituteNote)}` : ''}` +
            (event.approved ? '' : ' Đề nghị lãnh đạo đơn vị dự họp hoặc báo vắng.'),
        }));
      }
    }
  };
}

/**
 * Who hears about an invitee's answer: the convening body, and the chủ trì's own account
 * when the chủ trì sits elsewhere (a chủ trì of the convening body already sees its inbox).
 */
async function organisers(db: DbOrTx, meeting: MeetingRow): Promise<NotificationTarget[]> {
  const targets: NotificationTarget[] = [{ bodyId: meeting.convenerBodyId }];
  if (!meeting.chairUserId) return targets;
  const [chair] = await db.select({ bodyId: users.bodyId }).from(users).where(eq(users.id, meeting.chairUserId));
  if (chair && chair.bodyId !== meeting.convenerBodyId) targets.push({ userId: meeting.chairUserId });
  return targets;
}
