import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { sessions } from './schema.ts';

export const SESSION_COOKIE = 'hopso_session';

const digest = (token: string) => createHash('sha256').update(token).digest('base64url');

/** The id a session is stored under (never the token itself). */
export const sessionIdOf = digest;

export async function createSession(db: Db, userId: string, ttlHours: number): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + ttlHours * 3600_000);
  await db.insert(sessions).values({ id: digest(token), userId, expiresAt });
  // Expired sessions are swept here rather than by a timer: logins are frequent enough.
  await db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
  return { token, expiresAt };
}

/** The live session by its stored id, as a prepared statement built once per database. */
function build(db: Db) {
  return db
    .select({ id: sessions.id, userId: sessions.userId, expiresAt: sessions.expiresAt })
    .from(sessions)
    .where(and(eq(sessions.id, sql.placeholder('id')), gt(sessions.expiresAt, sql`now()`)))
    .prepare('live_session');
}

const built = new WeakMap<Db, ReturnType<typeof build>>();

/** The live session of a token: whose it is and until when. */
export function findSession(db: Db, token: string): Promise<{ id: string; userId: string; expiresAt: Date } | null> {
  return findSessionById(db, digest(token));
}

/** A live session by its stored id (the socket server re-checks one it already accepted). */
export async function findSessionById(db: Db, id: string): Promise<{ id: string; userId: string; expiresAt: Date } | null> {
  let statement = built.get(db);
  if (!statement) {
    statement = build(db);
    built.set(db, statement);
  }
  const [row] = await statement.execute({ id });
  return row ?? null;
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, digest(token)));
}
