import { bigint, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Who read, changed, signed or published which record, when and from where. Append-only:
 * no code path updates or deletes a row, and a trigger (migration) refuses UPDATE, DELETE
 * and TRUNCATE. Each row's hash covers the previous row's hash and the row itself in
 * canonical JSON, so a deleted or altered row breaks the chain (chain.ts).
 */
export const accessLog = pgTable('access_log', {
  /** 1, 2, 3 … without gaps: a missing number is a deleted row. */
  seq: bigint('seq', { mode: 'number' }).primaryKey(),
  at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
  /** The signed-in user; null for a member of the public (the verify page). No foreign key: the log outlives what it names. */
  actorId: uuid('actor_id'),
  actorName: text('actor_name').notNull(),
  /** e.g. "document.sign", "minutes.read", "minutes.publish". */
  action: text('action').notNull(),
  documentId: uuid('document_id'),
  /** What was acted on, as a person reads it: "07/GM-UBND", a meeting's title. */
  target: text('target'),
  ip: text('ip'),
  details: jsonb('details').$type<Record<string, unknown>>(),
  prevHash: text('prev_hash').notNull(),
  hash: text('hash').notNull(),
});
