import { sql } from 'drizzle-orm';
import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
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
