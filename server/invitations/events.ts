import { TxEvents } from '../db/tx-events.ts';
import type { MeetingReader } from '../meetings/invitees.ts';
import type { MeetingRow } from '../meetings/schema.ts';
import type { InviteeRow } from './schema.ts';

/**
 * What invitations announce, from inside the transaction that recorded it (notifications/
 * listens: it tells the invitees or the organisers and schedules the reminders).
 */
export type InvitationEvent =
  /** The invitations went out: the meeting as issued, its Giấy mời number, when. */
  | { kind: 'issued'; meeting: MeetingRow; number: string; at: Date }
  /** An invited body answered (accepted, declined, or proposed a substitute). */
  | { kind: 'answered'; meeting: MeetingRow; invitee: InviteeRow }
  /** The chủ trì decided on a proposed substitute. */
  | { kind: 'substituteDecided'; meeting: MeetingRow; invitee: InviteeRow; approved: boolean };

export class InvitationEvents extends TxEvents<InvitationEvent> {}

/** What issuing and answering invitations needs: reading meetings, and announcing what happened. */
export interface InvitationHost extends MeetingReader {
  invitationEvents: InvitationEvents;
}

declare module 'fastify' {
  interface FastifyInstance {
    invitationEvents: InvitationEvents;
  }
}
