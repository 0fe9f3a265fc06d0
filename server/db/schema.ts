import { bigint, pgTable, text } from 'drizzle-orm/pg-core';

/**
 * A counter per family of tables, raised once by every transaction that changes one of them
 * (a deferred trigger at commit, migration 0014): readers cache what they computed at one
 * version and compute again when it moved. Kept in the database, so it is right across nodes
 * and for writes by any path (the CLI, a change set, another process).
 *
 * - `calendar`: meetings, meeting_invitees, bodies, units — everything a calendar read shows.
 */
export const dataVersions = pgTable('data_versions', {
  name: text('name').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull().default(0),
});
