/**
 * Meeting, invitation and notification shapes as the server returns them
 * (server/meetings/schemas.ts, server/invitations/schemas.ts, server/notifications/routes.ts).
 * The client never imports server code, so a drift shows up here.
 */

export const meetingKinds = ['giao_ban', 'giai_quyet_cong_viec', 'chuyen_mon', 'tham_muu_tu_van', 'so_ket_tong_ket', 'tap_huan'] as const;
export type MeetingKind = (typeof meetingKinds)[number];
export const meetingForms = ['truc_tuyen', 'truc_tiep', 'ket_hop'] as const;
export type MeetingForm = (typeof meetingForms)[number];
export const meetingStatuses = ['draft', 'invited', 'live', 'ended', 'closed', 'postponed', 'cancelled'] as const;
export type MeetingStatus = (typeof meetingStatuses)[number];
export type RsvpStatus = 'pending' | 'accepted' | 'declined' | 'substitute';
export type SubstituteStatus = 'pending' | 'approved' | 'rejected';

/** Who is invited, as the convener picked it; the server resolves and deduplicates it. */
export interface InviteeSpec {
  allProvinces?: boolean;
  provinces?: string[];
  communesOf?: string[];
  communes?: string[];
  bodies?: string[];
}

export interface AgendaItemInput {
  title: string;
  presenter?: string;
  plannedMinutes?: number;
}

export interface AgendaItem {
  id: string;
  position: number;
  title: string;
  presenter: string;
  plannedMinutes: number;
}

export interface Meeting {
  id: string;
  seriesId: string | null;
  seriesException: boolean;
  convenerBodyId: string;
  convenerName: string;
  unitCode: string;
  kind: MeetingKind;
  form: MeetingForm;
  title: string;
  chairName: string;
  chairPosition: string;
  chairUserId: string | null;
  secretaryUserId: string | null;
  hostRoom: string;
  preparation: string;
  /** UTC instants. */
  startsAt: string;
  endsAt: string;
  /** Wall time "yyyy-MM-ddTHH:mm" in `timeZone`, as the convener entered it. */
  startsAtLocal: string;
  endsAtLocal: string;
  timeZone: string;
  status: MeetingStatus;
  statusReason: string | null;
  urgent: boolean;
  urgentReason: string | null;
  invitees: InviteeSpec;
  sequence: number;
  invitation: { number: string; documentId: string; issuedAt: string } | null;
  createdAt: string;
  updatedAt: string;
}

export interface Invitee {
  bodyId: string;
  unitCode: string;
  bodyName: string;
  rsvp: RsvpStatus;
  declineReason: string | null;
  substituteName: string | null;
  substitutePosition: string | null;
  substituteStatus: SubstituteStatus | null;
  substituteNote: string | null;
  respondedAt: string | null;
}

export interface MeetingFile {
  id: string;
  fileName: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedAt: string;
}

export interface RsvpSummary {
  total: number;
  pending: number;
  accepted: number;
  declined: number;
  substitute: number;
}

export interface MeetingDetail extends Meeting {
  agenda: AgendaItem[];
  files: MeetingFile[];
  rsvpSummary: RsvpSummary;
  myInvitation: Invitee | null;
  permissions: { manage: boolean; chair: boolean; rsvp: boolean };
}

export interface CalendarItem extends Meeting {
  role: 'convener' | 'invited';
  rsvp: RsvpStatus | null;
}

export interface CalendarResponse {
  body: { id: string; name: string };
  items: CalendarItem[];
}

export interface PreviewResponse {
  total: number;
  byProvince: { code: string; name: string; count: number }[];
  outOfScope: string[];
}

export interface BodySummary {
  id: string;
  unitCode: string;
  kind: string;
  name: string;
  shortName: string;
  symbol: string;
}

export interface IssueResponse {
  number: string;
  invited: number;
  meeting: MeetingDetail;
}

export type RsvpAnswer =
  | { response: 'accept' }
  | { response: 'decline'; reason: string }
  | { response: 'substitute'; substitute: { name: string; position: string } };

export interface SeriesCreated {
  series: { id: string };
  occurrences: Meeting[];
  skipped: string[];
}
