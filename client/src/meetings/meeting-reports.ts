import { attendanceCard } from './attendance-card.ts';
import { speakersCard } from './speakers-card.ts';
import type { MeetingDetail, MeetingStatus } from './types.ts';

const HELD: ReadonlySet<MeetingStatus> = new Set(['live', 'ended', 'closed']);

/**
 * The meeting page's records of a meeting being held or held: attendance and the speaker log,
 * for those who see every site (convening side, chair, secretary, the tiers above) and for an
 * invited body, which the server shows only its own rows.
 */
export function meetingReports(m: MeetingDetail): HTMLElement[] {
  if (!HELD.has(m.status) || !(m.permissions.report || m.myInvitation)) return [];
  return [attendanceCard(m), speakersCard(m)];
}

/** Whether the viewer sees the invitee list: organisers, and whoever reads every site's reports (the secretary). */
export function seesInvitees(m: MeetingDetail): boolean {
  return m.status !== 'draft' && (m.permissions.manage || m.permissions.chair || m.permissions.report);
}
