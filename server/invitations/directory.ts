import { and, count, eq, exists, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import type { BodyParam, InviteeDirectory, InviteeView, RsvpTally } from '../meetings/invitees.ts';
import { rsvpStatuses } from '../meetings/enums.ts';
import { meetings } from '../meetings/schema.ts';
import { meetingInvitees } from './schema.ts';
import { inviteeView } from './views.ts';

/** The frozen invitee lists, as meetings/ reads them (see meetings/invitees.ts). */
export const inviteeDirectory: InviteeDirectory = {
  async bodiesOf(db: DbOrTx, meetingId: string) {
    const rows = await db.select({ bodyId: meetingInvitees.bodyId }).from(meetingInvitees).where(eq(meetingInvitees.meetingId, meetingId));
    return rows.map((r) => r.bodyId);
  },

  invites(bodyId: BodyParam) {
    return exists(sql`(select 1 from ${meetingInvitees} where ${meetingInvitees.meetingId} = ${meetings.id} and ${meetingInvitees.bodyId} = ${bodyId})`);
  },

  answerIn(bodyId: BodyParam) {
    return sql<InviteeView['rsvp'] | null>`(select ${meetingInvitees.rsvp} from ${meetingInvitees} where ${meetingInvitees.meetingId} = ${meetings.id} and ${meetingInvitees.bodyId} = ${bodyId})`;
  },

  invitationIn(bodyId: BodyParam) {
    const i = meetingInvitees;
    return sql<InviteeView | null>`(select json_build_object(
      'bodyId', ${i.bodyId}, 'unitCode', ${i.unitCode}, 'bodyName', ${i.bodyName}, 'rsvp', ${i.rsvp}, 'declineReason', ${i.declineReason},
      'substituteName', ${i.substituteName}, 'substitutePosition', ${i.substitutePosition}, 'substituteStatus', ${i.substituteStatus},
      'substituteNote', ${i.substituteNote}, 'respondedAt', ${i.respondedAt})
      from ${i} where ${i.meetingId} = ${meetings.id} and ${i.bodyId} = ${bodyId})`.mapWith(invitationFromJson);
  },

  tallyIn() {
    const i = meetingInvitees;
    // The answers are constants of the code (enums.ts), written into the statement as literals.
    const perAnswer = rsvpStatuses.map((a) => sql`, ${sql.raw(`'${a}'`)}, count(*) filter (where ${i.rsvp} = ${sql.raw(`'${a}'`)})`);
    return sql<RsvpTally>`(select json_build_object('total', count(*)${sql.join(perAnswer)})
      from ${i} where ${i.meetingId} = ${meetings.id})`.mapWith(jsonValue<RsvpTally>);
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

/** Both drivers parse json columns; a string is parsed here in case one does not. */
function jsonValue<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/** An invitation read as JSON (json_build_object above): its instant back to ISO 8601 UTC, like `inviteeView`. */
function invitationFromJson(value: unknown): InviteeView | null {
  const row = jsonValue<InviteeView | null>(value);
  if (!row) return null;
  return { ...row, respondedAt: row.respondedAt === null ? null : new Date(row.respondedAt).toISOString() };
}
