import { and, eq } from 'drizzle-orm';
import { authorize } from '../auth/policy.ts';
import { users } from '../auth/schema.ts';
import type { SessionUser } from '../auth/session-user.ts';
import type { DbOrTx } from '../db/client.ts';
import { one } from '../db/rows.ts';
import { Conflict, NotFound } from '../lib/errors.ts';
import { loadMeetingAccess } from '../meetings/access.ts';
import { meetingInvitees } from '../meetings/schema.ts';
import type { MeetingHost } from '../meetings/service.ts';
import type { InviteeRow, MeetingRow } from '../meetings/views.ts';
import { pushNotifications, storeNotifications, type NotificationTarget } from '../notifications/notify.ts';

export type RsvpInput =
  | { response: 'accept' }
  | { response: 'decline'; reason: string }
  | { response: 'substitute'; substitute: { name: string; position: string } };

const answerable: ReadonlySet<MeetingRow['status']> = new Set(['invited', 'postponed']);

function requireAnswerable(meeting: MeetingRow): void {
  if (!answerable.has(meeting.status)) {
    throw new Conflict('Cuộc họp không còn nhận trả lời (chưa mời, đã diễn ra hoặc đã hủy). / This meeting no longer takes answers.');
  }
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

/**
 * The invited body's answer, given by one of its people. A new answer replaces the previous
 * one, and a new substitute proposal resets any earlier decision, so the row always states
 * one coherent fact: attending, not attending (why), or sending X in place of the head
 * (pending, approved or rejected). Declines and substitute proposals are sent to the organisers.
 */
export async function respond(host: MeetingHost, user: SessionUser, meetingId: string, input: RsvpInput): Promise<InviteeRow> {
  const { meeting, resource } = await loadMeetingAccess(host.db, meetingId);
  authorize(host.units, user, 'meeting:rsvp', resource);
  requireAnswerable(meeting);
  const base = { respondedAt: new Date(), respondedBy: user.id, substituteDecidedBy: null, substituteDecidedAt: null, substituteNote: null };
  const fields =
    input.response === 'accept'
      ? { ...base, rsvp: 'accepted' as const, declineReason: null, substituteName: null, substitutePosition: null, substituteStatus: null }
      : input.response === 'decline'
        ? { ...base, rsvp: 'declined' as const, declineReason: input.reason.trim(), substituteName: null, substitutePosition: null, substituteStatus: null }
        : {
            ...base, rsvp: 'substitute' as const, declineReason: null, substituteName: input.substitute.name.trim(),
            substitutePosition: input.substitute.position.trim(), substituteStatus: 'pending' as const,
          };
  const { row, notices } = await host.db.transaction(async (t) => {
    const [row] = await t.update(meetingInvitees).set(fields)
      .where(and(eq(meetingInvitees.meetingId, meetingId), eq(meetingInvitees.bodyId, user.body.id))).returning();
    if (!row) throw new NotFound(`Invitation of ${user.body.id} to meeting ${meetingId}`);
    if (input.response === 'accept') return { row, notices: [] };
    const notices = await storeNotifications(t, await organisers(t, meeting), input.response === 'decline'
      ? { kind: 'rsvp', meetingId, title: `${row.bodyName} báo vắng: ${meeting.title}`, body: `Lý do: ${row.declineReason}.` }
      : {
          kind: 'substitute_request', meetingId, title: `${row.bodyName} đề nghị cử người dự thay: ${meeting.title}`,
          body: `Người dự thay: ${row.substituteName}, ${row.substitutePosition}. Cần chủ trì đồng ý.`,
        });
    return { row, notices };
  });
  pushNotifications(host, notices);
  return row;
}

/**
 * The chủ trì (or the convener's staff on their behalf) approves or rejects a proposed
 * substitute; the invited body is told. Only a pending proposal can be decided.
 */
export async function decideSubstitute(host: MeetingHost, user: SessionUser, meetingId: string, bodyId: string, approve: boolean, note?: string): Promise<InviteeRow> {
  const { meeting, resource } = await loadMeetingAccess(host.db, meetingId);
  authorize(host.units, user, 'meeting:chair', resource);
  requireAnswerable(meeting);
  const { row, notices } = await host.db.transaction(async (t) => {
    const where = and(eq(meetingInvitees.meetingId, meetingId), eq(meetingInvitees.bodyId, bodyId));
    const [current] = await t.select().from(meetingInvitees).where(where).for('update');
    if (!current) throw new NotFound(`Invitation of ${bodyId} to meeting ${meetingId}`);
    if (current.rsvp !== 'substitute' || current.substituteStatus !== 'pending') {
      throw new Conflict('Không có đề nghị cử người dự thay đang chờ duyệt. / There is no pending substitute proposal.');
    }
    const row = one(await t.update(meetingInvitees).set({
      substituteStatus: approve ? 'approved' : 'rejected', substituteDecidedBy: user.id, substituteDecidedAt: new Date(), substituteNote: note?.trim() || null,
    }).where(where).returning());
    const verdict = approve ? 'đồng ý' : 'không đồng ý';
    const notices = await storeNotifications(t, [{ bodyId }], {
      kind: 'substitute_decision', meetingId,
      title: `Chủ trì ${verdict} người dự thay: ${meeting.title}`,
      body: `${row.substituteName}, ${row.substitutePosition}.${row.substituteNote ? ` Ghi chú: ${row.substituteNote}.` : ''}` +
        (approve ? '' : ' Đề nghị lãnh đạo đơn vị dự họp hoặc báo vắng.'),
    });
    return { row: row, notices };
  });
  pushNotifications(host, notices);
  return row;
}
