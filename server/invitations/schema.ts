import { sql } from 'drizzle-orm';
import { index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../auth/schema.ts';
import { rsvpStatuses, substituteStatuses } from '../meetings/enums.ts';
import { meetings } from '../meetings/schema.ts';
import { bodies } from '../units/schema.ts';

/**
 * The bodies invited, resolved and frozen when invitations are issued: a later
 * reorganisation of units never rewrites who was invited. Names are snapshots.
 */
export const meetingInvitees = pgTable(
  'meeting_invitees',
  {
    meetingId: uuid('meeting_id').notNull().references(() => meetings.id, { onDelete: 'cascade' }),
    bodyId: text('body_id').notNull().references(() => bodies.id),
    unitCode: text('unit_code').notNull(),
    bodyName: text('body_name').notNull(),
    rsvp: text('rsvp', { enum: rsvpStatuses }).notNull().default('pending'),
    declineReason: text('decline_reason'),
    substituteName: text('substitute_name'),
    substitutePosition: text('substitute_position'),
    substituteStatus: text('substitute_status', { enum: substituteStatuses }),
    respondedAt: timestamp('responded_at', { withTimezone: true }),
    respondedBy: uuid('responded_by').references(() => users.id),
    /** Who decided on the proposed substitute (the chủ trì or the convener's staff), when, and why. */
    substituteDecidedBy: uuid('substitute_decided_by').references(() => users.id),
    substituteDecidedAt: timestamp('substitute_decided_at', { withTimezone: true }),
    substituteNote: text('substitute_note'),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.bodyId] }), index('invitees_body_idx').on(t.bodyId)],
);
export type InviteeRow = typeof meetingInvitees.$inferSelect;

/**
 * One calendar subscription per account: rotating mine leaves everyone else's working, and
 * the token goes with the account (deleted with it, refused once it is deactivated). The URL
 * carries a random token; only its SHA-256 is stored, so a leaked database does not leak
 * working feed URLs. The feed lists the meetings of the account's body.
 */
export const calendarFeeds = pgTable('calendar_feeds', {
  userId: uuid('user_id').primaryKey().references(() => users.id, { onDelete: 'cascade' }),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`now()`),
});
