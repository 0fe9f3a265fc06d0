import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { users } from '../auth/schema.ts';
import { documents } from '../documents/schema.ts';
import { meetings } from '../meetings/schema.ts';
import { recordKinds, recordStates, type RecordContent, type RecordSignature } from './model.ts';

/**
 * A meeting's biên bản ('minutes') or thông báo kết luận ('notice'): its working copy (saved on
 * every edit), where it stands in the workflow, and once signed its register entry. A correction
 * of a published one is a new row that names the old one; the published row never changes again.
 */
export const meetingRecords = pgTable(
  'meeting_records',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    meetingId: uuid('meeting_id').notNull().references(() => meetings.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: recordKinds }).notNull(),
    state: text('state', { enum: recordStates }).notNull().default('draft'),
    content: jsonb('content').$type<RecordContent>().notNull(),
    /** Raised by every saved edit: the editor's base for the next one. */
    revision: integer('revision').notNull().default(0),
    /** The published record this one corrects. */
    correctsId: uuid('corrects_id').references((): AnyPgColumn => meetingRecords.id),
    /** Set on the corrected record when its correction is published. */
    supersededById: uuid('superseded_by_id'),
    /** The chủ trì lets participants follow the draft while it is written. */
    shareLive: boolean('share_live').notNull().default(false),
    /** The register entry ("05/BB-VP"), taken at the first signature. */
    documentId: uuid('document_id').references(() => documents.id),
    number: text('number'),
    signatures: jsonb('signatures').$type<RecordSignature[]>().notNull().default(sql`'[]'::jsonb`),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().default(sql`now()`),
    /** The last save that was written to the access log (saves are logged at most once a minute per editor). */
    loggedAt: timestamp('logged_at', { withTimezone: true }),
  },
  (t) => [
    index('meeting_records_meeting_idx').on(t.meetingId, t.kind, t.createdAt),
    // One open (not yet superseded) record of a kind per meeting, and one correction per record.
    uniqueIndex('meeting_records_original_unique').on(t.meetingId, t.kind).where(sql`corrects_id is null`),
    uniqueIndex('meeting_records_corrects_unique').on(t.correctsId),
  ],
);
export type MeetingRecordRow = typeof meetingRecords.$inferSelect;

/** Who edits a record now: one editor at a time, kept by heartbeats, taken over when asked. */
export const meetingRecordLocks = pgTable('meeting_record_locks', {
  recordId: uuid('record_id').primaryKey().references(() => meetingRecords.id, { onDelete: 'cascade' }),
  holderId: uuid('holder_id').notNull().references(() => users.id),
  holderName: text('holder_name').notNull(),
  acquiredAt: timestamp('acquired_at', { withTimezone: true }).notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});

/** Every workflow step of a record with the content as it stood then; never updated (compare any two). */
export const meetingRecordVersions = pgTable(
  'meeting_record_versions',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    recordId: uuid('record_id').notNull().references(() => meetingRecords.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    action: text('action').notNull(),
    fromState: text('from_state', { enum: recordStates }),
    toState: text('to_state', { enum: recordStates }).notNull(),
    note: text('note'),
    content: jsonb('content').$type<RecordContent>().notNull(),
    byId: uuid('by_id').references(() => users.id),
    byName: text('by_name').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [uniqueIndex('meeting_record_versions_unique').on(t.recordId, t.version)],
);
export type MeetingRecordVersionRow = typeof meetingRecordVersions.$inferSelect;
