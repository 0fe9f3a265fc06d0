import type { FastifyBaseLogger } from 'fastify';
import type { Server } from 'socket.io';
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.ts';
import { meetingInvitees } from '../invitations/schema.ts';
import { bodyRoom, userRoom } from '../sockets/rooms.ts';
import type { Mailer, Recipient } from './mailer.ts';
import { notifications, type NotificationKind } from './schema.ts';

export type NotificationTarget = Recipient;

export interface NotificationPayload {
  kind: NotificationKind;
  title: string;
  body?: string;
  meetingId?: string | null;
}

export type NotificationRow = typeof notifications.$inferSelect;

/** What storing and pushing notifications needs from the app: the database, socket.io, a logger and (optionally) a mailer. */
export interface NotifyHost {
  db: Db;
  io: Server;
  log: FastifyBaseLogger;
  mailer?: Mailer;
}

/** The JSON shape of a notification, over HTTP and socket.io alike. */
export function notificationView(row: NotificationRow) {
  return {
    id: row.id, kind: row.kind, title: row.title, body: row.body, meetingId: row.meetingId,
    userId: row.userId, bodyId: row.bodyId, createdAt: row.createdAt.toISOString(), readAt: row.readAt?.toISOString() ?? null,
  };
}

function dedupe(targets: readonly NotificationTarget[]): NotificationTarget[] {
  const seen = new Map<string, NotificationTarget>();
  for (const t of targets) seen.set('userId' in t ? `u:${t.userId}` : `b:${t.bodyId}`, t);
  return [...seen.values()];
}

/**
 * Stores one notification per target, in chunks of 1000 rows (a national invitation
 * reaches 3,355 bodies). Call inside the caller's transaction; push after it commits.
 */
export async function storeNotifications(db: DbOrTx, targets: readonly NotificationTarget[], payload: NotificationPayload): Promise<NotificationRow[]> {
  const values = dedupe(targets).map((t) => ({
    userId: 'userId' in t ? t.userId : null,
    bodyId: 'bodyId' in t ? t.bodyId : null,
    kind: payload.kind, title: payload.title, body: payload.body ?? '', meetingId: payload.meetingId ?? null,
  }));
  const rows: NotificationRow[] = [];
  for (let i = 0; i < values.length; i += 1000) rows.push(...(await db.insert(notifications).values(values.slice(i, i + 1000)).returning()));
  return rows;
}

/**
 * One notification per invited body of a meeting (optionally leaving out those that
 * declined), in a single INSERT … SELECT: a national meeting has 3,355 invitees.
 */
export async function storeInviteeNotifications(db: DbOrTx, meetingId: string, payload: NotificationPayload, options: { exceptDeclined?: boolean } = {}): Promise<NotificationRow[]> {
  const who = [eq(meetingInvitees.meetingId, meetingId), ...(options.exceptDeclined ? [ne(meetingInvitees.rsvp, 'declined')] : [])];
  // Drizzle's INSERT … SELECT wants every column, in the table's order.
  return db.insert(notifications).select(
    db.select({
      id: sql<string>`gen_random_uuid()`.as('id'),
      userId: sql<string | null>`null::uuid`.as('user_id'),
      bodyId: meetingInvitees.bodyId,
      kind: sql<NotificationKind>`${payload.kind}`.as('kind'),
      title: sql<string>`${payload.title}`.as('title'),
      body: sql<string>`${payload.body ?? ''}`.as('body'),
      meetingId: sql<string>`${payload.meetingId ?? meetingId}::uuid`.as('meeting_id'),
      createdAt: sql<Date>`now()`.as('created_at'),
      readAt: sql<Date | null>`null::timestamptz`.as('read_at'),
    }).from(meetingInvitees).where(and(...who)),
  ).returning();
}

/** Pushes stored notifications to the users' and bodies' socket.io rooms, and hands them to the mailer. */
export function pushNotifications(host: NotifyHost, rows: readonly NotificationRow[]): void {
  for (const row of rows) {
    const room = row.userId ? userRoom(row.userId) : bodyRoom(row.bodyId!);
    host.io.to(room).emit('notification', notificationView(row));
  }
  const first = rows[0];
  if (!host.mailer || !first) return;
  const to = rows.map((r): Recipient => (r.userId ? { userId: r.userId } : { bodyId: r.bodyId! }));
  // Mail is a courtesy copy: a failing transport must not undo what was stored and pushed.
  host.mailer.send({ to, subject: first.title, text: first.body, kind: first.kind, meetingId: first.meetingId }).catch((err: unknown) => host.log.warn({ err }, 'mail delivery failed'));
}
