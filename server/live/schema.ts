import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { users } from '../auth/schema.ts';
import { meetings } from '../meetings/schema.ts';

export const floorEndReasons = ['chair', 'limit', 'left', 'cancel'] as const;
export type FloorEndReason = (typeof floorEndReasons)[number];

/**
 * Every grant of the floor, in order: who spoke (site and account), from when to when and
 * why it ended. The minutes' "ý kiến phát biểu" section is drafted from it.
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
  },
  (t) => [index('speaker_log_meeting_idx').on(t.meetingId, t.grantedAt)],
);
