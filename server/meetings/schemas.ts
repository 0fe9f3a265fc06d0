import { Type, type Static } from 'typebox';
import { Nullable, Offset, StringEnum } from '../lib/schema.ts';
import { VN_ZONE } from '../lib/zone.ts';
import { meetingForms, meetingKinds, meetingStatuses, rsvpStatuses, substituteStatuses } from './enums.ts';

export const LocalDateTime = Type.String({
  pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$',
  description: 'Local wall time in `timeZone`, e.g. "2027-01-12T08:00"',
});
export const LocalDate = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'Calendar date yyyy-MM-dd in Vietnam' });
export const MeetingIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export const TimeZone = Type.String({ minLength: 3, maxLength: 64, default: VN_ZONE, description: 'IANA zone of the local times' });
const Uuid = Type.String({ format: 'uuid' });

const ProvinceCode = Type.String({ pattern: '^[0-9]{2}$' });
const CommuneCode = Type.String({ pattern: '^[0-9]{5}$' });

/**
 * Who is invited, as the convener picks it; any mix, deduplicated on resolution.
 * Provinces and communes are invited through their UBND; `bodies` names bodies directly.
 */
export const InviteeSpec = Type.Object(
  {
    allProvinces: Type.Optional(Type.Boolean({ description: "Every province's UBND" })),
    provinces: Type.Optional(Type.Array(ProvinceCode, { maxItems: 100, description: 'These provinces’ UBND' })),
    communesOf: Type.Optional(Type.Array(ProvinceCode, { maxItems: 100, description: 'Every commune of these provinces (each commune’s UBND)' })),
    communes: Type.Optional(Type.Array(CommuneCode, { maxItems: 5000, description: 'These communes’ UBND' })),
    bodies: Type.Optional(Type.Array(Type.String({ minLength: 3, maxLength: 60 }), { maxItems: 5000, description: 'Bodies by id, e.g. "42:so_yt"' })),
  },
  { additionalProperties: false },
);
export type InviteeSpec = Static<typeof InviteeSpec>;

export const AgendaItemInput = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 500 }),
    presenter: Type.Optional(Type.String({ maxLength: 300 })),
    plannedMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 1440 })),
  },
  { additionalProperties: false },
);
export type AgendaItemInput = Static<typeof AgendaItemInput>;

/** Fields a meeting (or a series template) is made of, all but time and convener. */
const meetingFields = {
  kind: StringEnum(meetingKinds),
  form: StringEnum(meetingForms),
  title: Type.String({ minLength: 1, maxLength: 500 }),
  chairName: Type.String({ minLength: 1, maxLength: 200, description: 'Chủ trì, as printed' }),
  chairPosition: Type.Optional(Type.String({ maxLength: 300 })),
  chairUserId: Type.Optional(Nullable(Uuid)),
  secretaryUserId: Type.Optional(Nullable(Uuid)),
  hostRoom: Type.Optional(Type.String({ maxLength: 500, description: 'Place, or the host room / điểm cầu chính' })),
  preparation: Type.Optional(Type.String({ maxLength: 10_000, description: 'What attendees must prepare' })),
  agenda: Type.Optional(Type.Array(AgendaItemInput, { maxItems: 100 })),
  invitees: Type.Optional(InviteeSpec),
  urgent: Type.Optional(Type.Boolean({ description: 'Họp đột xuất: may be issued less than 3 working days ahead, with a reason' })),
  urgentReason: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
};

export const MeetingTemplateFields = meetingFields;

export const CreateMeetingBody = Type.Object(
  {
    convenerBodyId: Type.Optional(Type.String({ minLength: 3, maxLength: 60, description: "Defaults to the user's body" })),
    ...meetingFields,
    startsAt: LocalDateTime,
    endsAt: LocalDateTime,
    timeZone: Type.Optional(TimeZone),
  },
  { additionalProperties: false },
);
export type CreateMeetingBody = Static<typeof CreateMeetingBody>;

export const UpdateMeetingBody = Type.Partial(Type.Omit(CreateMeetingBody, ['convenerBodyId']), { additionalProperties: false });
export type UpdateMeetingBody = Static<typeof UpdateMeetingBody>;

export const AgendaItem = Type.Object({ id: Uuid, position: Type.Integer(), title: Type.String(), presenter: Type.String(), plannedMinutes: Type.Integer() });

export const MeetingSchema = Type.Object({
  id: Uuid,
  seriesId: Nullable(Uuid),
  seriesException: Type.Boolean(),
  convenerBodyId: Type.String(),
  convenerName: Type.String(),
  unitCode: Type.String(),
  kind: StringEnum(meetingKinds),
  form: StringEnum(meetingForms),
  title: Type.String(),
  chairName: Type.String(),
  chairPosition: Type.String(),
  chairUserId: Nullable(Uuid),
  secretaryUserId: Nullable(Uuid),
  hostRoom: Type.String(),
  preparation: Type.String(),
  startsAt: Type.String({ format: 'date-time', description: 'UTC instant' }),
  endsAt: Type.String({ format: 'date-time' }),
  startsAtLocal: Type.String({ description: 'Local wall time in timeZone' }),
  endsAtLocal: Type.String(),
  timeZone: Type.String(),
  status: StringEnum(meetingStatuses),
  statusReason: Nullable(Type.String()),
  urgent: Type.Boolean(),
  urgentReason: Nullable(Type.String()),
  invitees: InviteeSpec,
  sequence: Type.Integer(),
  invitation: Nullable(Type.Object({ number: Type.String(), documentId: Type.String(), issuedAt: Type.String({ format: 'date-time' }) })),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const InviteeSchema = Type.Object({
  bodyId: Type.String(),
  unitCode: Type.String(),
  bodyName: Type.String(),
  rsvp: StringEnum(rsvpStatuses),
  declineReason: Nullable(Type.String()),
  substituteName: Nullable(Type.String()),
  substitutePosition: Nullable(Type.String()),
  substituteStatus: Nullable(StringEnum(substituteStatuses)),
  substituteNote: Nullable(Type.String()),
  respondedAt: Nullable(Type.String({ format: 'date-time' })),
});

export const FileSchema = Type.Object({
  id: Uuid, fileName: Type.String(), contentType: Type.String(), size: Type.Integer(), sha256: Type.String(), uploadedAt: Type.String({ format: 'date-time' }),
});

export const RsvpSummary = Type.Object({
  total: Type.Integer(), pending: Type.Integer(), accepted: Type.Integer(), declined: Type.Integer(), substitute: Type.Integer(),
});

export const InviteeList = Type.Object({ total: Type.Integer(), items: Type.Array(InviteeSchema) });

export const MeetingDetail = Type.Object({
  ...MeetingSchema.properties,
  agenda: Type.Array(AgendaItem),
  files: Type.Array(FileSchema),
  rsvpSummary: RsvpSummary,
  myInvitation: Nullable(InviteeSchema),
  permissions: Type.Object({
    manage: Type.Boolean(), chair: Type.Boolean(), rsvp: Type.Boolean(),
    report: Type.Boolean({ description: 'Sees every site in the reports (invitees, attendance, speaker log); otherwise only its own body' }),
  }),
});

/** Saved, but worth a second look: e.g. the meeting falls on a holiday or a day off. */
export const MeetingWarning = Type.Object({
  code: StringEnum(['non_working_day'] as const),
  date: Type.String({ format: 'date' }),
  message: Type.String(),
});

/** A created or edited meeting, with what the convener should be warned of. */
export const SavedMeeting = Type.Object({ ...MeetingDetail.properties, warnings: Type.Array(MeetingWarning) });

export const IssueResponse = Type.Object({ number: Type.String(), invited: Type.Integer(), meeting: MeetingDetail });

export const ListQuery = Type.Object({
  scope: StringEnum(['mine', 'body', 'unit', 'all'] as const, { default: 'all', description: 'mine: convened by or inviting my body, or naming me; body: a body’s; unit: convened within a unit’s subtree; all: everything I may read' }),
  bodyId: Type.Optional(Type.String({ minLength: 3, maxLength: 60 })),
  unitCode: Type.Optional(Type.String({ pattern: '^[0-9A-Z]{2,5}$' })),
  from: Type.Optional(LocalDate),
  to: Type.Optional(LocalDate),
  status: Type.Optional(Type.Array(StringEnum(meetingStatuses), { maxItems: 7 })),
  seriesId: Type.Optional(Uuid),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  offset: Offset,
});
export type ListQuery = Static<typeof ListQuery>;

export const MeetingList = Type.Object({ total: Type.Integer(), items: Type.Array(MeetingSchema) });

/** A meeting in a body's calendar: convened by the body, or inviting it (with its answer). */
export const CalendarItem = Type.Object({
  ...MeetingSchema.properties,
  role: Type.Union([Type.Literal('convener'), Type.Literal('invited')]),
  rsvp: Nullable(StringEnum(rsvpStatuses)),
});

export const CalendarResponse = Type.Object({ body: Type.Object({ id: Type.String(), name: Type.String() }), items: Type.Array(CalendarItem) });
export type CalendarAnswer = Static<typeof CalendarResponse>;

export const SeriesSchema = Type.Object({
  id: Uuid,
  convenerBodyId: Type.String(),
  unitCode: Type.String(),
  rrule: Type.String(),
  timeZone: Type.String(),
  skipNonWorkingDays: Type.Boolean(),
  template: Type.Record(Type.String(), Type.Unknown()),
});
export const SeriesDetail = Type.Object({ series: SeriesSchema, occurrences: Type.Array(MeetingSchema) });
export const SeriesCreated = Type.Object({ ...SeriesDetail.properties, skipped: Type.Array(LocalDate, { description: 'Non-working days left out' }) });
