import { eq } from 'drizzle-orm';
import { authorize } from '../auth/policy.ts';
import type { SessionUser } from '../auth/session-user.ts';
import { invitationLeadTime, INVITATION_LEAD_WORKING_DAYS } from '../calendar/working-days.ts';
import type { DbOrTx } from '../db/client.ts';
import { one } from '../db/rows.ts';
import { issueDocument } from '../documents/numbering.ts';
import { checkSignerAuthority, signerByPosition, type SignerBlock } from '../documents/signer.ts';
import { storeDocumentFile } from '../documents/stored.ts';
import { Conflict, InvalidInput, NotFound } from '../lib/errors.ts';
import { formatDate } from '../lib/time.ts';
import { loadMeetingAccess } from '../meetings/access.ts';
import { transitionMeeting } from '../meetings/lifecycle.ts';
import { meetings, type MeetingRow } from '../meetings/schema.ts';
import type { InviteeSpec } from '../meetings/schemas.ts';
import { checkUrgent } from '../meetings/service.ts';
import { bodies, type BodyDocumentProfile } from '../units/schema.ts';
import { renderMeetingInvitation } from './document.ts';
import type { InvitationHost } from './events.ts';
import type { InvitationSigner } from './signer.ts';
import { freezeInvitees } from './tiers.ts';

export type { InvitationSigner };

export interface IssueInput {
  urgent?: boolean;
  urgentReason?: string;
  signer?: SignerBlock;
  /** Đơn vị soạn thảo, e.g. "KGVX"; defaults to the issuing user's body when it acts for the convener, else the convener's office. */
  draftingUnit?: string;
}

/**
 * The signer when none is chosen: one who issues for another body by delegation signs with
 * the delegation's wording ("TL. Chủ tịch" above "Chánh Văn phòng"); a user of the convening
 * body signs if their position gives them authority (its head, or a deputy with "KT.").
 * Anyone else must name a signer: a Giấy mời is never signed by whoever clicked.
 */
export function defaultSigner(user: SessionUser, convenerBodyId: string, profile: BodyDocumentProfile): SignerBlock {
  const delegation = user.body.id === convenerBodyId ? undefined : user.actsFor.find((d) => d.principalBodyId === convenerBodyId);
  if (delegation) return { authority: [{ prefix: delegation.wording, of: delegation.signerOf }], position: user.position, fullName: user.fullName };
  const own = user.body.id === convenerBodyId ? signerByPosition(user, profile) : null;
  if (own) return own;
  throw new InvalidInput(
    `Chưa chọn người ký giấy mời: chức vụ "${user.position || '—'}" không có thẩm quyền ký. Hãy chọn người ký (chức vụ, họ tên và thẩm quyền TM./KT./TL.). ` +
      `/ No signer chosen, and "${user.position || '—'}" has no authority to sign: name the signer with their authority (TM./KT./TL.).`,
    { field: 'signer' },
  );
}

/**
 * QĐ 45/2018: at least 3 full working days between sending and the meeting, unless the
 * meeting is urgent (họp đột xuất) and says why. The refusal names the earliest lawful date.
 */
export function checkLeadTime(now: Date, meeting: Pick<MeetingRow, 'startsAt'>, urgent: boolean, urgentReason: string | null | undefined): void {
  if (meeting.startsAt <= now) {
    throw new InvalidInput(
      'Thời gian họp đã qua: hãy sửa thời gian cuộc họp (nút "Sửa cuộc họp") trước khi phát hành giấy mời. / The meeting time has passed; edit the meeting before issuing.',
      { pastStart: true, startsAt: meeting.startsAt.toISOString() },
    );
  }
  checkUrgent(urgent, urgentReason);
  const lead = invitationLeadTime(now, meeting.startsAt);
  if (lead.enough || urgent) return;
  const earliest = formatDate(lead.earliestStart);
  throw new InvalidInput(
    `Giấy mời phải gửi trước ít nhất ${INVITATION_LEAD_WORKING_DAYS} ngày làm việc (QĐ 45/2018/QĐ-TTg); hiện chỉ còn ${lead.workingDays} ngày làm việc. ` +
      `Ngày họp sớm nhất có thể là ${earliest}, hoặc đánh dấu họp đột xuất và nêu lý do. / ` +
      `Invitations must go out at least ${INVITATION_LEAD_WORKING_DAYS} working days ahead; only ${lead.workingDays} remain. ` +
      `The earliest allowed date is ${earliest}, or mark the meeting urgent with a reason.`,
    { workingDays: lead.workingDays, required: INVITATION_LEAD_WORKING_DAYS, earliestStart: lead.earliestStart },
  );
}

/**
 * Issues the invitations of a draft meeting in one transaction: checks the lead time,
 * resolves and freezes the invitees, takes the next GM number of the convening body,
 * marks the meeting invited and announces it (reminders, a notification for every invited
 * body). Any failure rolls everything back, the number included (issueDocument runs inside
 * this transaction); what the announcement sets off outside the database runs after the commit.
 */
/** How the convening body signs (bodies.json's document profile): who may sign, its office. */
export async function convenerProfile(db: DbOrTx, bodyId: string): Promise<BodyDocumentProfile> {
  const [convener] = await db.select({ document: bodies.document }).from(bodies).where(eq(bodies.id, bodyId));
  return convener?.document ?? {};
}

export async function issueInvitations(host: InvitationHost, user: SessionUser, meetingId: string, input: IssueInput, now: Date = new Date()) {
  const { resource } = await loadMeetingAccess(host, meetingId);
  authorize(host.units, user, 'meeting:manage', resource);
  const [convener] = await host.db.select({ name: bodies.name, document: bodies.document }).from(bodies).where(eq(bodies.id, resource.convenerBodyId));
  const profile = convener?.document ?? {};
  const chosen = input.signer ?? defaultSigner(user, resource.convenerBodyId, profile);
  checkSignerAuthority(chosen, profile, convener?.name ?? resource.convenerBodyId);
  const draftingUnit = input.draftingUnit ?? (user.body.id !== resource.convenerBodyId ? user.body.symbol : profile.office);
  const signer: InvitationSigner = { ...chosen, ...(draftingUnit ? { draftingUnit } : {}) };

  const result = await host.db.transaction(async (t) => {
    // The row lock makes a second, simultaneous issue wait and then see "invited".
    const [meeting] = await t.select().from(meetings).where(eq(meetings.id, meetingId)).for('update');
    if (!meeting) throw new NotFound(`Meeting ${meetingId}`);
    if (meeting.status !== 'draft') {
      throw new Conflict(
        meeting.invitationNumber
          ? `Giấy mời đã phát hành (số ${meeting.invitationNumber}). / Invitations were already issued (${meeting.invitationNumber}).`
          : `Chỉ phát hành giấy mời cho cuộc họp dự thảo. / Only a draft meeting can be issued.`,
      );
    }
    const urgent = input.urgent ?? meeting.urgent;
    const urgentReason = urgent ? input.urgentReason?.trim() || meeting.urgentReason : null;
    checkLeadTime(now, meeting, urgent, urgentReason);

    const invited = await freezeInvitees(t, host.units, meeting.inviteeSpec as InviteeSpec, meetingId, meeting.convenerBodyId, meeting.unitCode);
    const document = await issueDocument(t, {
      bodyId: meeting.convenerBodyId, type: 'GM', subject: `Giấy mời dự ${meeting.title}`,
      signer: { position: signer.position, fullName: signer.fullName }, meetingId, issuedAt: now,
      ...(urgent ? { metadata: { Priority: 'Khẩn' as const } } : {}),
    });
    await transitionMeeting(t, meetingId, 'invited', { by: user.id });
    const issued = one(await t.update(meetings).set({
      urgent, urgentReason, invitationDocumentId: document.id, invitationNumber: document.formatted,
      invitationIssuedAt: document.issuedAt, invitationSigner: signer, updatedAt: now,
    }).where(eq(meetings.id, meetingId)).returning());
    // The Giấy mời is rendered once, now, and its bytes are what is served from then on.
    const { pdf, fileName } = await renderMeetingInvitation(t, host.units, issued);
    await storeDocumentFile(t, document.id, fileName, pdf);
    const after = await host.invitationEvents.emit(t, { kind: 'issued', meeting: issued, number: document.formatted, at: now });
    return { meeting: issued, number: document.formatted, invited: invited.length, after };
  });
  result.after();
  return { meeting: result.meeting, number: result.number, invited: result.invited };
}
