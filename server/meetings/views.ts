import { utcToLocal } from '../lib/time.ts';
import type { meetingFiles, MeetingRow } from './schema.ts';
import type { InviteeSpec } from './schemas.ts';

export type FileRow = typeof meetingFiles.$inferSelect;

/** A meeting as the API shows it: UTC instants plus the local wall times people entered. */
export function meetingView(row: MeetingRow, convenerName: string) {
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
