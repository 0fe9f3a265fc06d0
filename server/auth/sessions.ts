import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, lt } from 'drizzle-orm';
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

/** The live session of a token: whose it is and until when. */
export async function findSession(db: Db, token: string): Promise<{ id: string; userId: string; expiresAt: Date } | null> {
  const [row] = await db
    .select({ id: sessions.id, userId: sessions.userId, expiresAt: sessions.expiresAt })
    .from(sessions)
    .where(and(eq(sessions.id, digest(token)), gt(sessions.expiresAt, new Date())));
  return row ?? null;
}

/** A live session by its stored id (the socket server re-checks one it already accepted). */
export async function findSessionById(db: Db, id: string): Promise<{ id: string; userId: string; expiresAt: Date } | null> {
  const [row] = await db
    .select({ id: sessions.id, userId: sessions.userId, expiresAt: sessions.expiresAt })
    .from(sessions)
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, new Date())));
  return row ?? null;
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, digest(token)));
}
