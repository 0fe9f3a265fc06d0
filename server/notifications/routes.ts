import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { and, count, desc, eq, isNull, lt, or, type SQL } from 'drizzle-orm';
import { Type } from 'typebox';
import { can, requireUser } from '../auth/policy.ts';
import type { SessionUser } from '../auth/session-user.ts';
import { one } from '../db/rows.ts';
import { NotFound } from '../lib/errors.ts';
import { notificationView } from './notify.ts';
import { notifications } from './schema.ts';
import { NotificationList, NotificationSchema, ReadAllResult } from './schemas.ts';

const mine = (user: SessionUser): SQL => or(eq(notifications.userId, user.id), eq(notifications.bodyId, user.body.id))!;

/** The signed-in user's notifications: their own and their body's shared inbox. */
const notificationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/notifications', {
    schema: {
      tags: ['notifications'], summary: "My notifications and my body's, newest first",
      querystring: Type.Object({
        unread: Type.Optional(Type.Boolean()),
        before: Type.Optional(Type.String({ format: 'date-time', description: 'Page back from this creation time' })),
        limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
      }),
      response: { 200: NotificationList },
    },
  }, async (request) => {
    const user = requireUser(request.user);
    const filters = [mine(user)];
    if (request.query.unread) filters.push(isNull(notifications.readAt));
    if (request.query.before) filters.push(lt(notifications.createdAt, new Date(request.query.before)));
    const [rows, [unread]] = await Promise.all([
      app.db.select().from(notifications).where(and(...filters)).orderBy(desc(notifications.createdAt), desc(notifications.id)).limit(request.query.limit),
      app.db.select({ n: count() }).from(notifications).where(and(mine(user), isNull(notifications.readAt))),
    ]);
    return { items: rows.map(notificationView), unread: unread?.n ?? 0 };
  });

  app.post('/api/notifications/:id/read', {
    schema: {
      tags: ['notifications'], summary: 'Mark one notification read (for the whole body when it went to the body)',
      params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
      response: { 200: NotificationSchema },
    },
  }, async (request) => {
    const user = requireUser(request.user);
    const [row] = await app.db.select().from(notifications).where(eq(notifications.id, request.params.id));
    // Someone else's notification is reported as missing, not as forbidden: its existence is private.
    if (!row || !can(app.units, user, 'notification:read', { kind: 'inbox', userId: row.userId, bodyId: row.bodyId })) {
      throw new NotFound(`Notification ${request.params.id}`);
    }
    const updated = one(await app.db.update(notifications).set({ readAt: row.readAt ?? new Date() }).where(eq(notifications.id, row.id)).returning());
    return notificationView(updated);
  });

  app.post('/api/notifications/read-all', {
    schema: { tags: ['notifications'], summary: 'Mark all my notifications read', response: { 200: ReadAllResult } },
  }, async (request) => {
    const user = requireUser(request.user);
    const rows = await app.db.update(notifications).set({ readAt: new Date() })
      .where(and(mine(user), isNull(notifications.readAt))).returning({ id: notifications.id });
    return { updated: rows.length };
  });
};

export default notificationRoutes;
