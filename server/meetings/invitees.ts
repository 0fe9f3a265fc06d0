import type { Placeholder, SQL } from 'drizzle-orm';
import type { Static } from 'typebox';
import type { Db, DbOrTx } from '../db/client.ts';
import type { UnitIndex } from '../units/unit-index.ts';
import type { InviteeSchema, RsvpSummary } from './schemas.ts';
import type { VersionedCache } from '../lib/versioned-cache.ts';
import type { CalendarAnswer } from './schemas.ts';

export type InviteeView = Static<typeof InviteeSchema>;
export type RsvpTally = Static<typeof RsvpSummary>;
/** A body id now, or a placeholder filled each time a prepared statement runs. */
export type BodyParam = string | Placeholder;

/**
 * Which bodies a meeting invites, and how they answered, is invitations/' record (frozen when
 * the invitations are issued). Yet it decides who may read a meeting, and a meeting's page and
 * a body's calendar show it. Meetings reads it through this interface; invitations/ provides
 * it as `app.invitees`, so meetings/ never imports invitations/.
 */
export interface InviteeDirectory {
  /** Bodies invited to the meeting (none before the invitations are issued). */
  bodiesOf(db: DbOrTx, meetingId: string): Promise<string[]>;
  /** SQL condition on the `meetings` row of a query: the meeting invites `bodyId`. */
  invites(bodyId: BodyParam): SQL;
  /** SQL value on the `meetings` row of a query: the body's answer (null: not invited). */
  answerIn(bodyId: BodyParam): SQL<InviteeView['rsvp'] | null>;
  /** SQL value on the `meetings` row of a query: the body's invitation as the API shows it (null: not invited). */
  invitationIn(bodyId: BodyParam): SQL<InviteeView | null>;
  /** SQL value on the `meetings` row of a query: how many invited bodies gave each answer. */
  tallyIn(): SQL<RsvpTally>;
  /** The body's invitation to the meeting as the API shows it, or null when it is not invited. */
  invitationOf(db: DbOrTx, meetingId: string, bodyId: string): Promise<InviteeView | null>;
  /** How many invited bodies gave each answer. */
  tally(db: DbOrTx, meetingId: string): Promise<RsvpTally>;
  /** The body's answer to each of these meetings (absent: not invited). */
  answers(db: DbOrTx, bodyId: string, meetingIds: readonly string[]): Promise<Map<string, InviteeView['rsvp']>>;
}

/** What reading meetings needs: the database, the unit tree, and who is invited. */
export interface MeetingReader {
  db: Db;
  units: UnitIndex;
  invitees: InviteeDirectory;
  /** Calendar answers kept while the calendar's data version stands (none: every read queries). */
  calendarCache?: VersionedCache<CalendarAnswer>;
}

declare module 'fastify' {
  interface FastifyInstance {
    invitees: InviteeDirectory;
    calendarCache: VersionedCache<CalendarAnswer>;
  }
}
