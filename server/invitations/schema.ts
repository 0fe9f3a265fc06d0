import { sql } from 'drizzle-orm';
import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../auth/schema.ts';
import { bodies } from '../units/schema.ts';

/**
 * One calendar subscription per body. The URL carries a random token; only its SHA-256
 * is stored, so a leaked database does not leak working feed URLs. Rotating replaces it.
 */
export const calendarFeeds = pgTable('calendar_feeds', {
  bodyId: text('body_id').primaryKey().references(() => bodies.id),
  tokenHash: text('token_hash').notNull().unique(),
  createdBy: uuid('created_by').references(() => users.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
});
