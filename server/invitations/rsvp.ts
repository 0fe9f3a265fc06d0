import { and, eq } from 'drizzle-orm';
import { authorize } from '../auth/policy.ts';
import type { SessionUser } from '../auth/session-user.ts';
import { one } from '../db/rows.ts';
import { Conflict, NotFound } from '../lib/errors.ts';
import { loadMeetingAccess } from '../meetings/access.ts';
import type { MeetingRow } from '../meetings/schema.ts';
import type { InvitationHost } from './events.ts';
import { meetingInvitees, type InviteeRow } from './schema.ts';

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
 * The invited body's answer, given by one of its people. A new answer replaces the previous
 * one, and a new substitute proposal resets any earlier decision, so the row always states
 * one coherent fact: attending, not attending (why), or sending X in place of the head
 * (pending, approved or rejected). The answer is announced (the organisers hear of declines
 * and substitute proposals).
 */
export async function respond(host: InvitationHost, user: SessionUser, meetingId: string, input: RsvpInput): Promise<InviteeRow> {
  const { meeting, resource } = await loadMeetingAccess(host, meetingId);
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
  const { row, after } = await host.db.transaction(async (t) => {
    const [row] = await t.update(meetingInvitees).set(fields)
      .where(and(eq(meetingInvitees.meetingId, meetingId), eq(meetingInvitees.bodyId, user.body.id))).returning();
    if (!row) throw new NotFound(`Invitation of ${user.body.id} to meeting ${meetingId}`);
    return { row, after: await host.invitationEvents.emit(t, { kind: 'answered', meeting, invitee: row }) };
  });
  after();
  return row;
}

/**
 * The chủ trì (or the convener's staff on their behalf) approves or rejects a proposed
 * substitute, and the decision is announced (the invited body is told). Only a pending
 * proposal can be decided.
 */
export async function decideSubstitute(host: InvitationHost, user: SessionUser, meetingId: string, bodyId: string, approve: boolean, note?: string): Promise<InviteeRow> {
  const { meeting, resource } = await loadMeetingAccess(host, meetingId);
  authorize(host.units, user, 'meeting:chair', resource);
  requireAnswerable(meeting);
  const { row, after } = await host.db.transaction(async (t) => {
    const where = and(eq(meetingInvitees.meetingId, meetingId), eq(meetingInvitees.bodyId, bodyId));
    const [current] = await t.select().from(meetingInvitees).where(where).for('update');
    if (!current) throw new NotFound(`Invitation of ${bodyId} to meeting ${meetingId}`);
    if (current.rsvp !== 'substitute' || current.substituteStatus !== 'pending') {
      throw new Conflict('Không có đề nghị cử người dự thay đang chờ duyệt. / There is no pending substitute proposal.');
    }
    const row = one(await t.update(meetingInvitees).set({
      substituteStatus: approve ? 'approved' : 'rejected', substituteDecidedBy: user.id, substituteDecidedAt: new Date(), substituteNote: note?.trim() || null,
    }).where(where).returning());
    return { row, after: await host.invitationEvents.emit(t, { kind: 'substituteDecided', meeting, invitee: row, approved: approve }) };
  });
  after();
  return row;
}
