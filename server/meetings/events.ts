import { TxEvents } from '../db/tx-events.ts';
import type { MeetingRow } from './schema.ts';

/** What invitees are told with a change after issue (invitations/change.ts makes it). */
export interface IssuedChange {
  reason: string;
  /** The replacing Giấy mời's number, when the change produced one. */
  number: string | null;
  /** Their answers were reset and must be given again (the time changed). */
  rsvpReset: boolean;
}

/**
 * What meetings announce about an issued meeting, from inside the transaction that changed
 * it (notifications/ listens: it tells the invitees and moves the reminders).
 */
export type MeetingEvent =
  /** An issued meeting was changed, with a reason; `moved` when its start changed. */
  | { kind: 'changed'; meeting: MeetingRow; moved: boolean; change: IssuedChange }
  | { kind: 'postponed'; meeting: MeetingRow; change: IssuedChange }
  | { kind: 'cancelled'; meeting: MeetingRow };

export class MeetingEvents extends TxEvents<MeetingEvent> {}

declare module 'fastify' {
  interface FastifyInstance {
    meetingEvents: MeetingEvents;
  }
}
