import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../auth/schema.ts';
import { VN_ZONE } from '../lib/zone.ts';
import { bodies } from '../units/schema.ts';
import { meetingForms, meetingKinds, meetingStatuses } from './enums.ts';

export const meetings = pgTable(
  'meetings',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    /** Occurrences of a recurring briefing share a series; each is its own meeting with its own records. */
    seriesId: uuid('series_id'),
    convenerBodyId: text('convener_body_id').notNull().references(() => bodies.id),
    /** Unit of the convening body, kept on the row because every scope check needs it. */
    unitCode: text('unit_code').notNull(),
    kind: text('kind', { enum: meetingKinds }).notNull(),
    form: text('form', { enum: meetingForms }).notNull(),
    title: text('title').notNull(),
    /** Chủ trì: the presiding leader (name and position as printed), and their account if they have one. */
    chairName: text('chair_name').notNull(),
    chairPosition: text('chair_position').notNull().default(''),
    chairUserId: uuid('chair_user_id').references(() => users.id),
    secretaryUserId: uuid('secretary_user_id').references(() => users.id),
    hostRoom: text('host_room').notNull().default(''),
    preparation: text('preparation').notNull().default(''),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    status: text('status', { enum: meetingStatuses }).notNull().default('draft'),
    statusReason: text('status_reason'),
    urgent: boolean('urgent').notNull().default(false),
    urgentReason: text('urgent_reason'),
    /** How the invitees were chosen (tiers, provinces, communes, bodies), as the convener picked them. */
    inviteeSpec: jsonb('invitee_spec').notNull().default(sql`'{}'::jsonb`),
    /** RFC 5545 SEQUENCE: increased on every change invitees must hear about. */
    sequence: integer('sequence').notNull().default(0),
    /** Zone the convener entered the times in; instants are stored in UTC regardless. */
    timeZone: text('time_zone').notNull().default(VN_ZONE),
    /** An occurrence edited on its own: later edits of its series leave it alone. */
    seriesException: boolean('series_exception').notNull().default(false),
    /** The Giấy mời issued for this meeting (documents registry), set once at issue time. */
    invitationDocumentId: text('invitation_document_id'),
    invitationNumber: text('invitation_number'),
    invitationIssuedAt: timestamp('invitation_issued_at', { withTimezone: true }),
    /** Signer block printed on the Giấy mời, kept so the PDF re-renders identically. */
    invitationSigner: jsonb('invitation_signer'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [index('meetings_unit_idx').on(t.unitCode, t.startsAt), index('meetings_convener_idx').on(t.convenerBodyId), index('meetings_series_idx').on(t.seriesId)],
);
export type MeetingRow = typeof meetings.$inferSelect;

export const agendaItems = pgTable(
  'agenda_items',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    meetingId: uuid('meeting_id').notNull().references(() => meetings.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    title: text('title').notNull(),
    presenter: text('presenter').notNull().default(''),
    plannedMinutes: integer('planned_minutes').notNull().default(0),
  },
  (t) => [index('agenda_meeting_idx').on(t.meetingId, t.position)],
);

/**
 * A regular briefing (giao ban): the rule and the template its occurrences were made from.
 * Each occurrence is an ordinary meeting row with series_id set.
 */
export const meetingSeries = pgTable('meeting_series', {
  id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
  convenerBodyId: text('convener_body_id').notNull().references(() => bodies.id),
  unitCode: text('unit_code').notNull(),
  /** RFC 5545 text: DTSTART;TZID=…:… and RRULE:… lines. */
  rrule: text('rrule').notNull(),
  timeZone: text('time_zone').notNull().default(VN_ZONE),
  /** Meeting fields every occurrence starts from (title, chair, agenda, invitees, time of day…). */
  template: jsonb('template').notNull(),
  skipNonWorkingDays: boolean('skip_non_working_days').notNull().default(true),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().default(sql`now()`),
});

/** Documents for attendees; the bytes live content-addressed under DATA_DIR/files/<sha256>. */
export const meetingFiles = pgTable(
  'meeting_files',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    meetingId: uuid('meeting_id').notNull().references(() => meetings.id, { onDelete: 'cascade' }),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    uploadedBy: uuid('uploaded_by').references(() => users.id),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [index('meeting_files_meeting_idx').on(t.meetingId)],
);

/** Every status change with its reason and author: postponements and cancellations stay on record. */
export const meetingStatusChanges = pgTable(
  'meeting_status_changes',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    meetingId: uuid('meeting_id').notNull().references(() => meetings.id, { onDelete: 'cascade' }),
    fromStatus: text('from_status', { enum: meetingStatuses }).notNull(),
    toStatus: text('to_status', { enum: meetingStatuses }).notNull(),
    reason: text('reason'),
    changedBy: uuid('changed_by').references(() => users.id),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [index('meeting_status_changes_meeting_idx').on(t.meetingId, t.changedAt)],
);

/** One field of a change after issue, as people read it: old and new value in Vietnamese wording. */
export interface ChangedField {
  field: string;
  from: string;
  to: string;
}

/**
 * Every change made to a meeting after its invitations went out (and every postponement):
 * what changed (old → new), why, who and when, whether it was let through as urgent, and the
 * replacing Giấy mời it produced. The document id is not a foreign key because the register
 * (documents/) sits above meetings and refers to them, not the other way round.
 */
export const meetingChanges = pgTable(
  'meeting_changes',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    meetingId: uuid('meeting_id').notNull().references(() => meetings.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['change', 'postponement'] }).notNull(),
    fields: jsonb('fields').$type<ChangedField[]>().notNull(),
    reason: text('reason').notNull(),
    urgent: boolean('urgent').notNull().default(false),
    /** The invitees' answers were reset because the time changed. */
    rsvpReset: boolean('rsvp_reset').notNull().default(false),
    documentId: uuid('document_id'),
    changedBy: uuid('changed_by').references(() => users.id),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [index('meeting_changes_meeting_idx').on(t.meetingId, t.changedAt)],
);
export type MeetingChangeRow = typeof meetingChanges.$inferSelect;
