import { TxEvents } from '../db/tx-events.ts';
import type { MeetingRow } from './schema.ts';

/**
 * What meetings announce about an issued meeting, from inside the transaction that changed
 * it (notifications/ listens: it tells the invitees and moves the reminders).
 */
export type MeetingEvent =
  /** An issued meeting was edited; `moved` when its start changed. */
  | { kind: 'changed'; meeting: MeetingRow; moved: boolean }
  | { kind: 'postponed'; meeting: MeetingRow }
  | { kind: 'cancelled'; meeting: MeetingRow };

export class MeetingEvents extends TxEvents<MeetingEvent> {}

declare module 'fastify' {
  interface FastifyInstance {
    meetingEvents: MeetingEvents;
  }
}
