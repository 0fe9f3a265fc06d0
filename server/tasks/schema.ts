import { sql } from 'drizzle-orm';
import { date, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../auth/schema.ts';
import { documents } from '../documents/schema.ts';
import { meetings } from '../meetings/schema.ts';
import { bodies } from '../units/schema.ts';
import { taskSourceKinds, taskStatuses } from './states.ts';

/**
 * A task from a conclusion of a meeting (in its minutes or its conclusion notice, or set on
 * the meeting directly): what is to be done, by when, and what result is expected. Each
 * assigned body carries it on its own row (task_assignments), with its own status.
 */
export const tasks = pgTable(
  'tasks',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    meetingId: uuid('meeting_id').notNull().references(() => meetings.id, { onDelete: 'cascade' }),
    sourceKind: text('source_kind', { enum: taskSourceKinds }).notNull(),
    /** The BB or TB in the register the conclusion is written in, once there is one. */
    documentId: uuid('document_id').references(() => documents.id),
    /** Position of the conclusion in its list (0-based). */
    conclusionIndex: integer('conclusion_index').notNull().default(0),
    text: text('text').notNull(),
    expectedResult: text('expected_result').notNull().default(''),
    /** The last day (Vietnam date) the work is due, a working day. */
    deadline: date('deadline').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [index('tasks_meeting_idx').on(t.meetingId)],
);
export type TaskRow = typeof tasks.$inferSelect;

/** One body's share of a task: its status, its own deadline (an extension moves it) and its reminder. */
export const taskAssignments = pgTable(
  'task_assignments',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    taskId: uuid('task_id').notNull().references(() => tasks.id, { onDelete: 'cascade' }),
    /** Copied from the task: every report filters on it. */
    meetingId: uuid('meeting_id').notNull().references(() => meetings.id, { onDelete: 'cascade' }),
    bodyId: text('body_id').notNull().references(() => bodies.id),
    unitCode: text('unit_code').notNull(),
    bodyName: text('body_name').notNull(),
    status: text('status', { enum: taskStatuses }).notNull().default('assigned'),
    deadline: date('deadline').notNull(),
    /** An extension asked for and not yet decided. */
    requestedDeadline: date('requested_deadline'),
    /** When the body reported it done (the last time, if it was returned). */
    doneAt: timestamp('done_at', { withTimezone: true }),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    remindAt: timestamp('remind_at', { withTimezone: true }),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [
    index('task_assignments_task_idx').on(t.taskId),
    index('task_assignments_body_idx').on(t.bodyId, t.deadline),
    index('task_assignments_unit_idx').on(t.unitCode, t.deadline),
    index('task_assignments_meeting_idx').on(t.meetingId),
    index('task_assignments_remind_idx').on(t.remindAt),
  ],
);
export type AssignmentRow = typeof taskAssignments.$inferSelect;

/** Every step of an assignment, with who took it, why and a short note: its history. */
export const taskUpdates = pgTable(
  'task_updates',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    assignmentId: uuid('assignment_id').notNull().references(() => taskAssignments.id, { onDelete: 'cascade' }),
    action: text('action').notNull(),
    fromStatus: text('from_status', { enum: taskStatuses }).notNull(),
    toStatus: text('to_status', { enum: taskStatuses }).notNull(),
    note: text('note').notNull().default(''),
    byUserId: uuid('by_user_id').references(() => users.id),
    byBodyId: text('by_body_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [index('task_updates_assignment_idx').on(t.assignmentId, t.at)],
);
