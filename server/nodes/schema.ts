import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The hopso processes that share this database (NODE_ID set): each stamps `seen_at` every
 * few seconds. A node not seen for NODE_DEAD_SECONDS is dead: the meetings it owned are taken
 * over by the next node their sites reach, and its sites are dropped by the owners.
 */
export const hopsoNodes = pgTable('hopso_nodes', {
  id: text('id').primaryKey(),
  /** The node's internal link (NODE_URL), where the other nodes send their calls. */
  url: text('url').notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  seenAt: timestamp('seen_at', { withTimezone: true }).notNull(),
});
