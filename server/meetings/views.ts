import { utcToLocal } from '../lib/time.ts';
import { meetings, type meetingFiles, type MeetingRow } from './schema.ts';
import type { InviteeSpec } from './schemas.ts';

export type FileRow = typeof meetingFiles.$inferSelect;

/** The columns `meetingView` reads: what a read selects (not `invitation_signer` nor `created_by`). */
export const meetingViewColumns = {
  id: meetings.id, seriesId: meetings.seriesId, seriesException: meetings.seriesException,
  convenerBodyId: meetings.convenerBodyId, unitCode: meetings.unitCode, kind: meetings.kind, form: meetings.form, title: meetings.title,
  chairName: meetings.chairName, chairPosition: meetings.chairPosition, chairUserId: meetings.chairUserId, secretaryUserId: meetings.secretaryUserId,
  hostRoom: meetings.hostRoom, preparation: meetings.preparation, startsAt: meetings.startsAt, endsAt: meetings.endsAt, timeZone: meetings.timeZone,
  status: meetings.status, statusReason: meetings.statusReason, urgent: meetings.urgent, urgentReason: meetings.urgentReason,
  inviteeSpec: meetings.inviteeSpec, sequence: meetings.sequence,
  invitationNumber: meetings.invitationNumber, invitationDocumentId: meetings.invitationDocumentId, invitationIssuedAt: meetings.invitationIssuedAt,
  createdAt: meetings.createdAt, updatedAt: meetings.updatedAt,
};
export type MeetingViewRow = Pick<MeetingRow, keyof typeof meetingViewColumns>;

/** A meeting as the API shows it: UTC instants plus the local wall times people entered. */
export function meetingView(row: MeetingViewRow, convenerName: string) {
  return {
    id: row.id, seriesId: row.seriesId, seriesException: row.seriesException,
    convenerBodyId: row.convenerBodyId, convenerName, unitCode: row.unitCode,
    kind: row.kind, form: row.form, title: row.title,
    chairName: row.chairName, chairPosition: row.chairPosition, chairUserId: row.chairUserId, secretaryUserId: row.secretaryUserId,
    hostRoom: row.hostRoom, preparation: row.preparation,
    startsAt: row.startsAt.toISOString(), endsAt: row.endsAt.toISOString(),
    startsAtLocal: utcToLocal(row.startsAt, row.timeZone), endsAtLocal: utcToLocal(row.endsAt, row.timeZone), timeZone: row.timeZone,
    status: row.status, statusReason: row.statusReason, urgent: row.urgent, urgentReason: row.urgentReason,
    invitees: row.inviteeSpec as InviteeSpec, sequence: row.sequence,
    invitation: row.invitationNumber && row.invitationDocumentId && row.invitationIssuedAt
      ? { number: row.invitationNumber, documentId: row.invitationDocumentId, issuedAt: row.invitationIssuedAt.toISOString() }
      : null,
    createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString(),
  };
}

export function fileView(row: FileRow) {
  return { id: row.id, fileName: row.fileName, contentType: row.contentType, size: row.size, sha256: row.sha256, uploadedAt: row.uploadedAt.toISOString() };
}

export const statusLabels: Record<MeetingRow['status'], string> = {
  draft: 'Dự thảo', invited: 'Đã phát hành giấy mời', live: 'Đang họp', ended: 'Đã kết thúc',
  closed: 'Đã đóng hồ sơ', postponed: 'Đã hoãn', cancelled: 'Đã hủy',
};
