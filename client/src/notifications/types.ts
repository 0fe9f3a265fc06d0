/**
 * Notification shapes of the HTTP API and of the socket's `notification` event, derived from
 * the server's TypeBox schemas (types only: erased at build time; a drift fails tsc).
 */
import type { Static } from 'typebox';
import type { NotificationList as NotificationListSchema, NotificationSchema, ReadAllResult as ReadAllResultSchema } from '../../../server/notifications/schemas.ts';

export type AppNotification = Static<typeof NotificationSchema>;
/** GET /api/notifications */
export type NotificationList = Static<typeof NotificationListSchema>;
/** POST /api/notifications/read-all */
export type ReadAllResult = Static<typeof ReadAllResultSchema>;
