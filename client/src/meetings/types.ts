/**
 * Meeting and invitation shapes of the HTTP API, derived from the server's TypeBox schemas
 * (server/meetings/schemas.ts and enums.ts, server/invitations/schemas.ts). Types only: erased at build
 * time, and a change on the server that the client does not follow fails `tsc -p client`.
 */
import type { Static } from 'typebox';
import type { AttendanceSummary as AttendanceSummarySchema } from '../../../server/attendance/schemas.ts';
import type { SpeakerLog as SpeakerLogSchema } from '../../../server/live/speaker-schemas.ts';
import type {
  AgendaItemInput,
  CalendarItem as CalendarItemSchema,
  CalendarResponse as CalendarResponseSchema,
  CreateMeetingBody,
  FileSchema,
  InviteeList as InviteeListSchema,
  InviteeSchema,
  IssueResponse as IssueResponseSchema,
  MeetingDetail as MeetingDetailSchema,
  MeetingSchema,
  MeetingWarning as MeetingWarningSchema,
  RsvpSummary as RsvpSummarySchema,
  SavedMeeting as SavedMeetingSchema,
  SeriesCreated as SeriesCreatedSchema,
} from '../../../server/meetings/schemas.ts';
import type {
  MeetingStatus,
  meetingForms as serverMeetingForms,
  meetingKinds as serverMeetingKinds,
  rsvpStatuses,
} from '../../../server/meetings/enums.ts';
import type { ChangeBody as ChangeBodySchema, MeetingRecord as MeetingRecordSchema } from '../../../server/invitations/change-schemas.ts';
import type {
  FeedToken as FeedTokenSchema,
  InviteeSpec,
  IssueBody as IssueBodySchema,
  PreviewResponse as PreviewResponseSchema,
  RsvpBody as RsvpBodySchema,
} from '../../../server/invitations/schemas.ts';

export type { AgendaItemInput, CreateMeetingBody, InviteeSpec, MeetingStatus };
export type MeetingKind = (typeof serverMeetingKinds)[number];
export type MeetingForm = (typeof serverMeetingForms)[number];
export type RsvpStatus = (typeof rsvpStatuses)[number];

/**
 * `list`, when it names every member of T and nothing else; otherwise tsc reports what is
 * missing. For the runtime lists the client orders itself (the server's are not importable).
 */
function everyOf<T extends string>() {
  return <const L extends readonly T[]>(list: L & ([Exclude<T, L[number]>] extends [never] ? unknown : { missing: Exclude<T, L[number]> })): L => list;
}

/** In the order the create form offers them: giao ban, the default, first. */
export const meetingKinds = everyOf<MeetingKind>()(['giao_ban', 'giai_quyet_cong_viec', 'chuyen_mon', 'tham_muu_tu_van', 'so_ket_tong_ket', 'tap_huan']);
/** Online first: the form this app exists for is the default. */
export const meetingForms = everyOf<MeetingForm>()(['truc_tuyen', 'truc_tiep', 'ket_hop']);

export type Meeting = Static<typeof MeetingSchema>;
export type MeetingDetail = Static<typeof MeetingDetailSchema>;
/** POST /api/meetings and PATCH /api/meetings/:id: the meeting, with what to look at again. */
export type SavedMeeting = Static<typeof SavedMeetingSchema>;
export type MeetingWarning = Static<typeof MeetingWarningSchema>;
export type Invitee = Static<typeof InviteeSchema>;
export type MeetingFile = Static<typeof FileSchema>;
export type RsvpSummary = Static<typeof RsvpSummarySchema>;
export type CalendarItem = Static<typeof CalendarItemSchema>;
/** GET /api/calendar */
export type CalendarResponse = Static<typeof CalendarResponseSchema>;
/** GET /api/meetings/:id/invitees */
export type InviteeList = Static<typeof InviteeListSchema>;
/** POST /api/meeting-series */
export type SeriesCreated = Static<typeof SeriesCreatedSchema>;

/** POST /api/invitations/preview */
export type PreviewResponse = Static<typeof PreviewResponseSchema>;
/** POST /api/meetings/:id/invitations/issue */
export type IssueBody = Static<typeof IssueBodySchema>;
export type IssueResponse = Static<typeof IssueResponseSchema>;
/** POST /api/calendar/feed-token */
export type FeedToken = Static<typeof FeedTokenSchema>;

/**
 * POST /api/meetings/:id/rsvp. The server takes one flat object (see its schema); the form
 * builds only the three meaningful shapes, each of which is a valid body.
 */
export type RsvpBody = Static<typeof RsvpBodySchema>;
export type RsvpAnswer =
  | { response: 'accept' }
  | { response: 'decline'; reason: string }
  | { response: 'substitute'; substitute: { name: string; position: string } };

/** GET /api/meetings/:id/attendance and /speakers (server/attendance/schemas.ts, server/live/speaker-schemas.ts). */
export type AttendanceSummary = Static<typeof AttendanceSummarySchema>;
export type AttendanceSite = AttendanceSummary['sites'][number];
export type SpeakerLog = Static<typeof SpeakerLogSchema>;
export type SpeakerEntry = SpeakerLog['items'][number];
/** POST /api/meetings/:id/changes and GET /api/meetings/:id/record (server/invitations/change-schemas.ts). */
export type ChangeBody = Static<typeof ChangeBodySchema>;
export type MeetingRecord = Static<typeof MeetingRecordSchema>;
export type MeetingChange = MeetingRecord['changes'][number];
export type IssuedDocument = MeetingRecord['documents'][number];
