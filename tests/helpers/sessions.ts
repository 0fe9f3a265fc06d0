import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { DateTime } from 'luxon';
import { createSession } from '../../server/auth/sessions.ts';
import { addWorkingDays, vietnamDate } from '../../server/calendar/working-days.ts';

export const localTime = (d: DateTime) => d.setZone('Asia/Ho_Chi_Minh').toFormat("yyyy-MM-dd'T'HH:mm");
export const workingDaysAhead = (n: number, time = '08:00') => `${addWorkingDays(vietnamDate(new Date()), n)}T${time}`;

/** Rows of a raw query on either driver (PGlite answers { rows }, postgres.js an array). */
export async function rows<T>(app: FastifyInstance, query: string): Promise<T[]> {
  const res: unknown = await app.db.execute(sql.raw(query));
  if (Array.isArray(res)) return res as T[];
  return (res as { rows: T[] }).rows;
}

/** A session made directly (logins are rate-limited), with its CSRF secret cookie and token from /api/auth/me. */
export async function openSession(app: FastifyInstance, userId: string): Promise<{ cookie: string; csrf: string }> {
  const { token } = await createSession(app.db, userId, 12);
  const res = await app.inject({ method: 'GET', url: '/api/auth/me', cookies: { hopso_session: token } });
  const secret = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('hopso_csrf='));
  if (res.statusCode !== 200 || !secret) return { cookie: `hopso_session=${token}`, csrf: '' };
  return { cookie: `hopso_session=${token}; ${secret.split(';')[0]}`, csrf: res.json<{ csrfToken: string }>().csrfToken };
}
