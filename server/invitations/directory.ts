import { and, count, eq, exists, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import type { InviteeDirectory, RsvpTally } from '../meetings/invitees.ts';
import { meetings } from '../meetings/schema.ts';
import { meetingInvitees } from './schema.ts';
import { inviteeView } from './views.ts';

/** The frozen invitee lists, as meetings/ reads them (see meetings/invitees.ts). */
export const inviteeDirectory: InviteeDirectory = {
  async bodiesOf(db: DbOrTx, meetingId: string) {
    const rows = await db.select({ bodyId: meetingInvitees.bodyId }).from(meetingInvitees).where(eq(meetingInvitees.meetingId, meetingId));
    return rows.map((r) => r.bodyId);
  },

  invites(bodyId: string) {
    return exists(sql`(select 1 from ${meetingInvitees} where ${meetingInvitees.meetingId} = ${meetings.id} and ${meetingInvitees.bodyId} = ${bodyId})`);
  },

  async invitationOf(db: DbOrTx, meetingId: string, bodyId: string) {
    const [row] = await db.select().from(meetingInvitees).where(and(eq(meetingInvitees.meetingId, meetingId), eq(meetingInvitees.bodyId, bodyId)));
    return row ? inviteeView(row) : null;
  },

  async tally(db: DbOrTx, meetingId: string) {
    const rows = await db.select({ rsvp: meetingInvitees.rsvp, n: count() }).from(meetingInvitees)
      .where(eq(meetingInvitees.meetingId, meetingId)).groupBy(meetingInvitees.rsvp);
    const tally: RsvpTally = { total: 0, pending: 0, accepted: 0, declined: 0, substitute: 0 };
    for (const r of rows) {
      tally[r.rsvp] = r.n;
      tally.total += r.n;
    }
    return tally;
  },

  async answers(db: DbOrTx, bodyId: string, meetingIds: readonly string[]) {
    if (meetingIds.length === 0) return new Map();
    const rows = await db.select({ meetingId: meetingInvitees.meetingId, rsvp: meetingInvitees.rsvp }).from(meetingInvitees)
      .where(and(eq(meetingInvitees.bodyId, bodyId), inArray(meetingInvitees.meetingId, [...meetingIds])));
    return new Map(rows.map((r) => [r.meetingId, r.rsvp]));
  },
};
