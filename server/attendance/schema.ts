import { sql } from 'drizzle-orm';
import { bigserial, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../auth/schema.ts';
import { meetings } from '../meetings/schema.ts';

export const attendanceKinds = ['join', 'leave', 'reconnect', 'headcount', 'rollcall'] as const;
export type AttendanceKind = (typeof attendanceKinds)[number];

/**
 * Presence as durable events, appended while the meeting runs. Summaries are computed
 * from them, so a crash loses at most the events not yet written, never the history.
 * `site_id` is a body id (the invited body, also when a substitute attends for it);
 * `session_id` is the client's site session (kept across reconnects of one browser tab).
 */
export const attendanceEvents = pgTable(
  'attendance_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    meetingId: uuid('meeting_id').notNull().references(() => meetings.id, { onDelete: 'cascade' }),
    siteId: text('site_id').notNull(),
    userId: uuid('user_id').references(() => users.id),
    sessionId: text('session_id').notNull(),
    kind: text('kind', { enum: attendanceKinds }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().default(sql`now()`),
    data: jsonb('data').notNull().default(sql`'{}'::jsonb`),
  },
  (t) => [index('attendance_meeting_idx').on(t.meetingId, t.at)],
);

/**
 * Presences open in the running server, with the last moment it knew them alive: a heartbeat
 * refreshes `last_seen_at` at a bounded rate (one statement per interval for all of them), a
 * lost link sets `away_since`, a leave deletes the row. Rows found at start were left by a
 * process that died: their presence ends then, as a 'leave' marked `server_interrupted`.
 */
export const livePresences = pgTable(
  'live_presences',
  {
    meetingId: uuid('meeting_id').notNull().references(() => meetings.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull().references(() => users.id),
    sessionId: text('session_id').notNull(),
    siteId: text('site_id').notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    awaySince: timestamp('away_since', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.userId, t.sessionId] })],
);

/** The leave reason of a presence whose server died under it. */
export const SERVER_INTERRUPTED = 'server_interrupted';
