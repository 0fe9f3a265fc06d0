import { Type } from 'typebox';
import { StringEnum } from '../lib/schema.ts';

export const notificationKinds = [
  'invitation', 'meeting_changed', 'postponed', 'cancelled', 'reminder',
  'rsvp', 'substitute_request', 'substitute_decision', 'minutes_published', 'notice_published', 'notice_reminder', 'task',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export const NotificationSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: StringEnum(notificationKinds),
  title: Type.String(),
  body: Type.String(),
  meetingId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  userId: Type.Union([Type.String(), Type.Null()]),
  bodyId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  readAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const NotificationList = Type.Object({ items: Type.Array(NotificationSchema), unread: Type.Integer() });
export const ReadAllResult = Type.Object({ updated: Type.Integer() });
