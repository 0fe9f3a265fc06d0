import { sql } from 'drizzle-orm';
import { integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * One row per demo history written (DEMO_DATA): the marker that keeps a second start from
 * writing a second history, and what the first one wrote.
 */
export const demoHistory = pgTable('demo_history', {
  province: text('province').primaryKey(),
  /** The first and last day the generated meetings cover (Vietnam dates). */
  fromDate: text('from_date').notNull(),
  toDate: text('to_date').notNull(),
  meetings: integer('meetings').notNull(),
  counts: jsonb('counts').$type<Record<string, number>>().notNull(),
  seededAt: timestamp('seeded_at', { withTimezone: true }).notNull().default(sql`now()`),
});
