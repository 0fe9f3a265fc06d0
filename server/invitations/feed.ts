import { createHash, randomBytes } from 'node:crypto';
import { and, asc, eq, exists, gte, ne, or, sql } from 'drizzle-orm';
import { users } from '../auth/schema.ts';
import type { Db } from '../db/client.ts';
import { meetings } from '../meetings/schema.ts';
import type { MeetingRow } from '../meetings/schema.ts';
import { calendarFeeds, meetingInvitees } from './schema.ts';

/** How far back a subscription feed reaches; calendars keep what they already have. */
const FEED_PAST_DAYS = 60;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** A new secret for the account's feed; its previous URL stops working, nobody else's does. Shown once, stored hashed. */
export async function rotateFeedToken(db: Db, userId: string): Promise<string> {
  const token = randomBytes(24).toString('base64url');
  const tokenHash = hashToken(token);
  await db.insert(calendarFeeds).values({ userId, tokenHash })
    .onConflictDoUpdate({ target: calendarFeeds.userId, set: { tokenHash, createdAt: new Date() } });
  return token;
}

/** The body whose meetings a token shows: its account's body, while the account is active. */
export async function feedBody(db: Db, token: string): Promise<string | null> {
  const [row] = await db.select({ bodyId: users.bodyId }).from(calendarFeeds)
    .innerJoin(users, eq(users.id, calendarFeeds.userId))
    .where(and(eq(calendarFeeds.tokenHash, hashToken(token)), eq(users.active, true)));
  return row?.bodyId ?? null;
}

/** Issued meetings the body convenes or is invited to, from two months back on (drafts are not announced). */
export async function feedMeetings(db: Db, bodyId: string, now: Date = new Date()): Promise<MeetingRow[]> {
  const invited = exists(sql`(select 1 from ${meetingInvitees} where ${meetingInvitees.meetingId} = ${meetings.id} and ${meetingInvitees.bodyId} = ${bodyId})`);
  return db.select().from(meetings).where(and(
    or(eq(meetings.convenerBodyId, bodyId), invited),
    ne(meetings.status, 'draft'),
    gte(meetings.endsAt, new Date(now.getTime() - FEED_PAST_DAYS * 86_400_000)),
  )).orderBy(asc(meetings.startsAt)).limit(2000);
}
