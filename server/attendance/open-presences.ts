import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.ts';
import type { PresenceKey } from '../live/presence.ts';
import { attendanceEvents, livePresences, SERVER_INTERRUPTED, type AttendanceKind } from './schema.ts';

const match = (key: PresenceKey) =>
  and(eq(livePresences.meetingId, key.meetingId), eq(livePresences.userId, key.userId), eq(livePresences.sessionId, key.sessionId));

function insertEvent(db: DbOrTx, key: PresenceKey, kind: AttendanceKind, at: Date, data: Record<string, unknown>) {
  const { meetingId, siteId, userId, sessionId } = key;
  return db.insert(attendanceEvents).values({ meetingId, siteId, userId, sessionId, kind, at, data });
}

/** An attendance event to store: who, what, when. */
export interface PresenceEvent<K extends AttendanceKind = AttendanceKind> {
  key: PresenceKey;
  kind: K;
  at: Date;
  data: Record<string, unknown>;
}

const eventRow = ({ key: { meetingId, siteId, userId, sessionId }, kind, at, data }: PresenceEvent) => ({ meetingId, siteId, userId, sessionId, kind, at, data });

/**
 * Joins and reconnects, and the presences open from now, in one transaction (never an event
 * without its presence): one arrival or the many of a national meeting's first minute.
 */
export async function storeArrivals(db: Db, arrivals: PresenceEvent<'join' | 'reconnect'>[]): Promise<void> {
  if (arrivals.length === 0) return;
  // One row per presence (the latest arrival of a session wins): an upsert may touch a row once.
  const open = new Map(arrivals.map((a) => [`${a.key.meetingId}|${a.key.userId}|${a.key.sessionId}`, a]));
  await db.transaction(async (tx) => {
    await tx.insert(attendanceEvents).values(arrivals.map(eventRow));
    await tx.insert(livePresences).values([...open.values()].map(({ key, at }) => ({ ...key, lastSeenAt: at, awaySince: null })))
      .onConflictDoUpdate({
        target: [livePresences.meetingId, livePresences.userId, livePresences.sessionId],
        set: { lastSeenAt: sql`excluded.last_seen_at`, awaySince: null },
      });
  });
}

/** The presences' keys as a list of rows for `(meeting_id, user_id, session_id) in (…)`. */
const keyRows = (keys: PresenceKey[]) => sql.join(keys.map((k) => sql`(${k.meetingId}::uuid, ${k.userId}::uuid, ${k.sessionId})`), sql`, `);

/**
 * Links lost: should the server die now, each presence ends when its link was lost. One
 * statement for the many sites of a node that went away.
 */
export async function storeAways(db: Db, aways: { key: PresenceKey; at: Date }[]): Promise<void> {
  if (aways.length === 0) return;
  const rows = sql.join(aways.map(({ key: k, at }) => sql`(${k.meetingId}::uuid, ${k.userId}::uuid, ${k.sessionId}, ${at.toISOString()}::timestamptz)`), sql`, `);
  await db.execute(sql`update ${livePresences} set away_since = v.at, last_seen_at = v.at
    from (values ${rows}) as v(meeting_id, user_id, session_id, at)
    where ${livePresences}.meeting_id = v.meeting_id and ${livePresences}.user_id = v.user_id and ${livePresences}.session_id = v.session_id`);
}

/** Leaves, and the presences no longer open, in one transaction: a national meeting's end is a few transactions. */
export async function storeLeaves(db: Db, leaves: PresenceEvent<'leave'>[]): Promise<void> {
  if (leaves.length === 0) return;
  await db.transaction(async (tx) => {
    await tx.insert(attendanceEvents).values(leaves.map(eventRow));
    await tx.delete(livePresences).where(sql`(${livePresences.meetingId}, ${livePresences.userId}, ${livePresences.sessionId}) in (${keyRows(leaves.map((l) => l.key))})`);
  });
}

/** Events that change no presence (headcounts, roll-call answers), in one statement. */
export async function storeEvents(db: Db, events: PresenceEvent[]): Promise<void> {
  if (events.length > 0) await db.insert(attendanceEvents).values(events.map(eventRow));
}

/**
 * Every connected presence of this server's meetings is alive now (one statement, whatever their
 * number). Only its own meetings: with several nodes, another node's presences are not its to vouch for.
 */
export async function touchPresences(db: Db, meetingIds: string[]): Promise<void> {
  if (meetingIds.length === 0) return;
  await db.update(livePresences).set({ lastSeenAt: sql`now()` })
    .where(and(isNull(livePresences.awaySince), inArray(livePresences.meetingId, meetingIds)));
}

/** The presences a node left open in a meeting (it died): marked away from their last known moment. */
export async function openPresencesOf(db: Db, meetingId: string): Promise<(PresenceKey & { awaySince: Date })[]> {
  return db.transaction(async (tx) => {
    const rows = await tx.select().from(livePresences).where(eq(livePresences.meetingId, meetingId));
    for (const p of rows) {
      if (!p.awaySince) await tx.update(livePresences).set({ awaySince: p.lastSeenAt }).where(match(p));
    }
    return rows.map((p) => ({ meetingId: p.meetingId, siteId: p.siteId, userId: p.userId, sessionId: p.sessionId, awaySince: p.awaySince ?? p.lastSeenAt }));
  });
}

/**
 * At start: presences still open were left by a process that died (one server owns the live
 * rooms of its database). Each ends at its last known moment — when its link was lost, or the
 * last heartbeat — as a leave marked as a server interruption. Returns how many were closed.
 */
export async function closeInterruptedPresences(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    const open = await tx.select().from(livePresences);
    for (const p of open) {
      const at = p.awaySince ?? p.lastSeenAt;
      await insertEvent(tx, p, 'leave', at, { reason: SERVER_INTERRUPTED, lastSeenAt: p.lastSeenAt.toISOString() });
    }
    if (open.length > 0) await tx.delete(livePresences);
    return open.length;
  });
}
