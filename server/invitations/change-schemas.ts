import { Type, type Static } from 'typebox';
import { Nullable, StringEnum } from '../lib/schema.ts';
import { LocalDateTime, TimeZone, UpdateMeetingBody } from '../meetings/schemas.ts';

const Reason = Type.String({ minLength: 3, maxLength: 2000, description: 'Why: printed on the replacing Giấy mời and sent to every invitee' });
const Urgent = Type.Boolean({ description: 'Let a change of time, place or chủ trì through inside 3 working days (họp đột xuất); the reason justifies it' });

/** A change after issue: the meeting fields that change (not the frozen invitees), the reason, and urgency. */
export const ChangeBody = Type.Object(
  {
    ...Type.Omit(UpdateMeetingBody, ['invitees']).properties,
    // Named so that it is refused with a reason (409: the list is frozen) rather than silently dropped.
    invitees: Type.Optional(Type.Unknown({ description: 'Not changeable after issue: answers 409' })),
    reason: Reason,
    urgent: Type.Optional(Urgent),
  },
  { additionalProperties: false },
);
export type ChangeBody = Static<typeof ChangeBody>;

export const PostponeBody = Type.Object(
  { reason: Reason, startsAt: LocalDateTime, endsAt: LocalDateTime, timeZone: Type.Optional(TimeZone), urgent: Type.Optional(Urgent) },
  { additionalProperties: false },
);

export const ChangedFieldSchema = Type.Object({
  field: Type.String({ description: 'time, place, form, chair, title, kind, preparation, secretary or agenda' }),
  from: Type.String(),
  to: Type.String(),
});

export const MeetingChange = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: StringEnum(['change', 'postponement'] as const),
  fields: Type.Array(ChangedFieldSchema),
  reason: Type.String(),
  urgent: Type.Boolean(),
  rsvpReset: Type.Boolean({ description: 'Answers were reset: the invitees confirm again for the new time' }),
  document: Nullable(Type.Object({ id: Type.String({ format: 'uuid' }), number: Type.String() })),
  changedBy: Nullable(Type.String({ description: 'Full name of who made the change' })),
  changedAt: Type.String({ format: 'date-time' }),
});

export const IssuedDocument = Type.Object({
  id: Type.String({ format: 'uuid' }),
  number: Type.String({ description: 'As printed after "Số:", e.g. "07/GM-UBND"' }),
  type: Type.String({ description: 'NĐ 30 type abbreviation (GM, TB, …)' }),
  kind: StringEnum(['invitation', 'replacement', 'other'] as const),
  subject: Type.String(),
  issuedAt: Type.String({ format: 'date-time' }),
  signer: Type.String(),
  current: Type.Boolean({ description: 'The Giấy mời in force' }),
  sha256: Nullable(Type.String()),
  size: Nullable(Type.Integer()),
  url: Nullable(Type.String({ description: 'The stored PDF, byte for byte as issued' })),
});

export const MeetingRecord = Type.Object({ changes: Type.Array(MeetingChange), documents: Type.Array(IssuedDocument) });
export type MeetingRecord = Static<typeof MeetingRecord>;
