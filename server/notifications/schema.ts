import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../auth/schema.ts';
import { meetings } from '../meetings/schema.ts';
import { bodies } from '../units/schema.ts';
import { notificationKinds } from './schemas.ts';

// The kind list lives with the wire schemas (a pure module the browser client takes types from).
export { notificationKinds };
export type { NotificationKind } from './schemas.ts';

/**
 * In-app notifications. A notification goes to one user or to one body (every account of
 * the body sees it; the first to read it marks it read for the body, like a shared inbox).
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    bodyId: text('body_id').references(() => bodies.id),
    kind: text('kind', { enum: notificationKinds }).notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    meetingId: uuid('meeting_id').references(() => meetings.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (t) => [index('notifications_user_idx').on(t.userId, t.createdAt), index('notifications_body_idx').on(t.bodyId, t.createdAt)],
);

/** Before a meeting: the working day before and 15 minutes before. After it: the conclusion notice due soon, then overdue. */
export const reminderKinds = ['day_before', 'minutes_before', 'notice_due', 'notice_overdue'] as const;
export type ReminderKind = (typeof reminderKinds)[number];

/**
 * Reminders computed when invitations are issued (and again when the meeting moves):
 * one working day before and 15 minutes before the start. sent_at marks them done.
 */
export const reminders = pgTable(
  'reminders',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    meetingId: uuid('meeting_id').notNull().references(() => meetings.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: reminderKinds }).notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [index('reminders_due_idx').on(t.dueAt), index('reminders_meeting_idx').on(t.meetingId)],
);
