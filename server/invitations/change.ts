import { eq } from 'drizzle-orm';
import { authorize } from '../auth/policy.ts';
import type { SessionUser } from '../auth/session-user.ts';
import { one } from '../db/rows.ts';
import { issueDocument } from '../documents/numbering.ts';
import { storeDocumentFile } from '../documents/stored.ts';
import { Conflict, InvalidInput, NotFound } from '../lib/errors.ts';
import { utcToLocal } from '../lib/time.ts';
import { loadMeetingAccess } from '../meetings/access.ts';
import type { IssuedChange } from '../meetings/events.ts';
import { transitionMeeting } from '../meetings/lifecycle.ts';
import { meetingChanges, meetings, type MeetingRow } from '../meetings/schema.ts';
import type { UpdateMeetingBody } from '../meetings/schemas.ts';
import { applyMeetingUpdate, meetingTimes, type MeetingHost } from '../meetings/service.ts';
import { changedFields, FORMAL_FIELDS, formalWording } from './change-fields.ts';
import { renderMeetingInvitation } from './document.ts';
import type { InvitationHost } from './events.ts';
import { checkLeadTime, convenerProfile, defaultSigner } from './issue.ts';
import { meetingInvitees } from './schema.ts';
import type { InvitationSigner } from './signer.ts';

export interface ChangeInput {
  patch: Omit<UpdateMeetingBody, 'invitees'> & { invitees?: unknown };
  /** Why: printed on the replacing Giấy mời and sent to every invitee. */
  reason: string;
  /** Let a formal change through inside 3 working days (họp đột xuất); the reason is its justification. */
  urgent?: boolean;
}

const changeable: ReadonlySet<MeetingRow['status']> = new Set(['invited', 'postponed']);

/**
 * A change after issue (or a postponement, which is a change of time with the status
 * "postponed"), all in one transaction:
 * - the meeting must be issued and not held; the invitee list stays frozen; a reason is required;
 * - a change of time, place, form or chủ trì is held to the 3-working-day rule unless urgent,
 *   and produces a replacing Giấy mời with the body's next number, naming the one it replaces,
 *   rendered once and stored (the earlier Giấy mời stays as issued, byte for byte);
 * - a new time resets every invitee's answer to "pending": they agreed to the old time, so
 *   they are asked to confirm again (substitute approvals included);
 * - the change is recorded (fields old → new, reason, urgent, who, when, the document) and
 *   announced (notifications/ tells every invitee why; reminders move with the time).
 */
export async function changeIssuedMeeting(
  host: InvitationHost & MeetingHost,
  user: SessionUser,
  meetingId: string,
  input: ChangeInput,
  options: { postpone?: boolean; now?: Date } = {},
) {
  const now = options.now ?? new Date();
  const postpone = options.postpone ?? false;
  const { resource } = await loadMeetingAccess(host, meetingId);
  authorize(host.units, user, postpone ? 'meeting:chair' : 'meeting:manage', resource);
  if (postpone) await host.liveRooms?.refuseWhileOpen(meetingId);
  const reason = input.reason.trim();
  if (reason.length < 3) throw new InvalidInput('Cần nêu lý do thay đổi (ít nhất 3 ký tự). / A reason is required.', { field: 'reason' });
  const { invitees, ...patch } = input.patch;
  if (invitees !== undefined) {
    throw new Conflict('Giấy mời đã phát hành: danh sách mời đã chốt, không sửa được. / Invitations are out: the invitee list is frozen.');
  }

  const result = await host.db.transaction(async (t) => {
    const [meeting] = await t.select().from(meetings).where(eq(meetings.id, meetingId)).for('update');
    if (!meeting) throw new NotFound(`Meeting ${meetingId}`);
    if (!changeable.has(meeting.status)) {
      throw new Conflict(meeting.status === 'draft'
        ? 'Cuộc họp còn là dự thảo: sửa trực tiếp, không cần thông báo thay đổi. / A draft is edited directly (PATCH).'
        : 'Cuộc họp đã diễn ra hoặc đã hủy: không thay đổi được. / This meeting can no longer be changed.');
    }
    const zone = patch.timeZone ?? meeting.timeZone;
    const times = meetingTimes(patch.startsAt ?? utcToLocal(meeting.startsAt, zone), patch.endsAt ?? utcToLocal(meeting.endsAt, zone), zone);
    const fields = await changedFields(t, meeting, patch, times);
    if (fields.length === 0) throw new InvalidInput('Không có thông tin nào thay đổi. / Nothing changes.');
    const formal = fields.some((f) => FORMAL_FIELDS.has(f.field));
    const retimed = fields.some((f) => f.field === 'time');
    const urgent = input.urgent ?? false;
    if (formal) checkLeadTime(now, times, urgent, reason);

    // The replacing Giấy mời is signed with the authority that signed the one it replaces
    // (a meeting issued before signers were kept: whoever may sign for the convener now).
    const signer = (meeting.invitationSigner as InvitationSigner | null) ?? defaultSigner(user, meeting.convenerBodyId, await convenerProfile(t, meeting.convenerBodyId));
    const document = formal && meeting.invitationNumber
      ? await issueDocument(t, {
          bodyId: meeting.convenerBodyId, type: 'GM', subject: `Giấy mời dự ${patch.title?.trim() ?? meeting.title} (thay thế Giấy mời số ${meeting.invitationNumber})`,
          signer: { position: signer.position, fullName: signer.fullName }, meetingId, issuedAt: now,
        })
      : null;
    const change: IssuedChange = { reason, number: document?.formatted ?? null, rsvpReset: retimed };

    let applied: { row: MeetingRow; after: () => void };
    if (postpone) {
      const { meeting: row } = await transitionMeeting(t, meetingId, 'postponed', { reason, by: user.id, startsAt: times.startsAt, endsAt: times.endsAt });
      applied = { row, after: await host.meetingEvents.emit(t, { kind: 'postponed', meeting: row, change }) };
    } else {
      applied = await applyMeetingUpdate(t, host, meeting, patch, { issuedChange: change });
    }
    let row = applied.row;
    if (document) {
      row = one(await t.update(meetings).set({
        invitationDocumentId: document.id, invitationNumber: document.formatted, invitationIssuedAt: document.issuedAt, invitationSigner: signer,
      }).where(eq(meetings.id, meetingId)).returning());
      const { pdf, fileName } = await renderMeetingInvitation(t, host.units, row, {
        number: meeting.invitationNumber!, issuedAt: meeting.invitationIssuedAt!, what: formalWording(fields), reason, reconfirm: retimed,
      });
      await storeDocumentFile(t, document.id, fileName, pdf);
    }
    if (retimed) {
      await t.update(meetingInvitees).set({
        rsvp: 'pending', declineReason: null, substituteName: null, substitutePosition: null, substituteStatus: null,
        respondedAt: null, respondedBy: null, substituteDecidedBy: null, substituteDecidedAt: null, substituteNote: null,
      }).where(eq(meetingInvitees.meetingId, meetingId));
    }
    const record = one(await t.insert(meetingChanges).values({
      meetingId, kind: postpone ? 'postponement' : 'change', fields, reason, urgent: formal && urgent,
      rsvpReset: retimed, documentId: document?.id ?? null, changedBy: user.id, changedAt: now,
    }).returning());
    return { row, record, after: applied.after };
  });
  result.after();
  return { meeting: result.row, change: result.record };
}
