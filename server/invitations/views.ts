import type { InviteeView } from '../meetings/invitees.ts';
import type { InviteeRow } from './schema.ts';

/** An invited body and its answer, as the API shows it. */
export function inviteeView(row: InviteeRow): InviteeView {
  return {
    bodyId: row.bodyId, unitCode: row.unitCode, bodyName: row.bodyName, rsvp: row.rsvp, declineReason: row.declineReason,
    substituteName: row.substituteName, substitutePosition: row.substitutePosition, substituteStatus: row.substituteStatus,
    substituteNote: row.substituteNote, respondedAt: row.respondedAt?.toISOString() ?? null,
  };
}
