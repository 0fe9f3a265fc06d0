import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { users } from '../auth/schema.ts';
import { meetings } from '../meetings/schema.ts';
import { hopsoNodes } from '../nodes/schema.ts';

export const floorEndReasons = ['chair', 'limit', 'left', 'cancel'] as const;
export type FloorEndReason = (typeof floorEndReasons)[number];

/**
 * Every grant of the floor, in order: who spoke (site and account), from when to when and
 * why it ended. The minutes' "ý kiến phát biểu" section is drafted from it, item by item.
 */
export const speakerLog = pgTable(
  'speaker_log',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    meetingId: uuid('meeting_id').notNull().references(() => meetings.id, { onDelete: 'cascade' }),
    siteId: text('site_id').notNull(),
    siteName: text('site_name').notNull(),
    userId: uuid('user_id').references(() => users.id),
    speakerName: text('speaker_name').notNull(),
    limitSeconds: integer('limit_seconds'),
    grantedBy: uuid('granted_by').references(() => users.id),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    endedBy: text('ended_by', { enum: floorEndReasons }),
    /** The agenda item under discussion when the floor was given (0-based), and its title then; null before any item. */
    agendaIndex: integer('agenda_index'),
    agendaTitle: text('agenda_title'),
  },
  (t) => [index('speaker_log_meeting_idx').on(t.meetingId, t.grantedAt)],
);

/**
 * Each time the chủ trì opens an agenda item in the live room: which item (0-based, with its
 * title as it read then: the agenda may be edited later), from when to when. Returning to an
 * item is a new row. The open row (ended_at null) is the current item after a restart.
 */
export const agendaRuns = pgTable(
  'meeting_agenda_runs',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    meetingId: uuid('meeting_id').notNull().references(() => meetings.id, { onDelete: 'cascade' }),
    itemIndex: integer('item_index').notNull(),
    title: text('title').notNull(),
    startedBy: uuid('started_by').references(() => users.id),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
  },
  (t) => [index('meeting_agenda_runs_meeting_idx').on(t.meetingId, t.startedAt)],
);

export const messageAudiences = ['chair', 'all'] as const;
export type MessageAudience = (typeof messageAudiences)[number];

/**
 * The room's text channel, kept with the meeting's records: questions to the chủ trì
 * ('chair': the chairs and the secretary, and the sending site) and notes to every site ('all').
 */
export const meetingMessages = pgTable(
  'meeting_messages',
  {
    id: uuid('id').primaryKey().default(sql`gen_random_uuid()`),
    meetingId: uuid('meeting_id').notNull().references(() => meetings.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull().references(() => users.id),
    siteId: text('site_id').notNull(),
    siteName: text('site_name').notNull(),
    senderName: text('sender_name').notNull(),
    to: text('to', { enum: messageAudiences }).notNull(),
    text: text('text').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('meeting_messages_meeting_idx').on(t.meetingId, t.at)],
);

/**
 * Which node owns a live meeting's state (lobby, floor, roll call, attendance writes) when
 * several nodes serve it. The owner is the node that opened the room; the row is released when
 * the room closes, and taken over when its node stops being seen (hopso_nodes.seen_at).
 */
export const liveOwners = pgTable('live_owners', {
  meetingId: uuid('meeting_id').primaryKey().references(() => meetings.id, { onDelete: 'cascade' }),
  nodeId: text('node_id').notNull().references(() => hopsoNodes.id, { onDelete: 'cascade' }),
  since: timestamp('since', { withTimezone: true }).notNull(),
});
