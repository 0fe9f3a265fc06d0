import { sql } from 'drizzle-orm';
import { customType, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { meetings } from '../meetings/schema.ts';
import { bodies } from '../units/schema.ts';
import type { DocumentMetadata } from './types.ts';

/**
 * The last number issued per issuing body, year and sequence (NĐ 30/2020: one sequence per
 * body per calendar year from 01; confidential documents and advisory bodies keep their own).
 * A row is locked by the upsert that takes the next number until the document row that
 * uses it commits, which is what makes the numbers gapless.
 */
export const documentNumbers = pgTable(
  'document_numbers',
  {
    bodyId: text('body_id').notNull().references(() => bodies.id),
    year: integer('year').notNull(),
    sequenceKey: text('sequence_key').notNull().default('default'),
    lastNumber: integer('last_number').notNull(),
  },
  (t) => [primaryKey({ columns: [t.bodyId, t.year, t.sequenceKey] })],
);

/** The register of issued documents (sổ đăng ký văn bản đi). */
export const documents = pgTable(
  'documents',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    bodyId: text('body_id').notNull().references(() => bodies.id),
    /** Type abbreviation from NĐ 30 Phụ lục III: GM, BB, TB, QĐ, … */
    type: text('type').notNull(),
    number: integer('number').notNull(),
    year: integer('year').notNull(),
    sequenceKey: text('sequence_key').notNull().default('default'),
    /** Ký hiệu, e.g. "GM-UBND". */
    codeNotation: text('code_notation').notNull(),
    /** As printed after "Số:", e.g. "07/GM-UBND". */
    formatted: text('formatted').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    subject: text('subject').notNull(),
    signerPosition: text('signer_position').notNull(),
    signerName: text('signer_name').notNull(),
    meetingId: uuid('meeting_id').references(() => meetings.id),
    metadata: jsonb('metadata').$type<DocumentMetadata>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    // The database's own guarantee that a number is never given twice, whatever the code does.
    uniqueIndex('documents_number_unique').on(t.bodyId, t.year, t.sequenceKey, t.number),
    index('documents_meeting_idx').on(t.meetingId),
    index('documents_body_issued_idx').on(t.bodyId, t.issuedAt),
  ],
);

/** bytea as a Buffer on both drivers (PGlite hands back a Uint8Array, postgres.js a Buffer). */
const bytes = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
});

/**
 * The bytes of an issued document exactly as they were issued, with their SHA-256: what the
 * register serves ever after. An edit of the meeting never re-renders an issued document;
 * a change after issue produces a new document with its own number.
 */
export const documentFiles = pgTable('document_files', {
  documentId: uuid('document_id').primaryKey().references(() => documents.id),
  contentType: text('content_type').notNull(),
  fileName: text('file_name').notNull(),
  size: integer('size').notNull(),
  sha256: text('sha256').notNull(),
  content: bytes('content').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
});
