import { sql } from 'drizzle-orm';
import { customType, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../auth/schema.ts';
import { documents } from '../documents/schema.ts';

const bytea = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value),
});

/**
 * The deployment's certificate authority (one row, id 'deployment'), created at first start.
 * Its private key is stored encrypted (KeyVault), never in clear.
 */
export const signingAuthority = pgTable('signing_authority', {
  id: text('id').primaryKey(),
  certificatePem: text('certificate_pem').notNull(),
  privateKeyEncrypted: text('private_key_encrypted').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
});

/**
 * Signers' certificates issued by the deployment CA, one per person and subject (a new one
 * when the name, body or unit changes), with the private key encrypted at rest.
 */
export const signingCertificates = pgTable(
  'signing_certificates',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    userId: uuid('user_id').notNull().references(() => users.id),
    /** The subject as canonical JSON, to tell whether the person's certificate still names them right. */
    subject: text('subject').notNull(),
    /** SHA-256 of the certificate, hex. */
    fingerprint: text('fingerprint').notNull().unique(),
    certificatePem: text('certificate_pem').notNull(),
    privateKeyEncrypted: text('private_key_encrypted').notNull(),
    notAfter: timestamp('not_after', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [index('signing_certificates_user_idx').on(t.userId, t.subject)],
);

/** The latest signed copy of a registered document; each signature is an incremental update of the one before. */
export const signedDocuments = pgTable('signed_documents', {
  documentId: uuid('document_id').primaryKey().references(() => documents.id),
  pdf: bytea('pdf').notNull(),
  sha256: text('sha256').notNull(),
  /** How many signatures the copy carries; also the version compared when two people sign at once. */
  signatureCount: integer('signature_count').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().default(sql`now()`),
});
