import { TxEvents } from '../db/tx-events.ts';
import type { MeetingRow } from '../meetings/schema.ts';
import type { Conclusion } from './schemas.ts';

/**
 * What the minutes capability announces from inside the publishing transaction: the follow-up
 * tasks (issue #11, `createTasks`) listen and make one task per conclusion, in the same
 * transaction. `conclusionIndex` is the position in `conclusions`.
 */
export type RecordEvent =
  | { kind: 'minutes.published'; meeting: MeetingRow; recordId: string; documentId: string; number: string; conclusions: Conclusion[]; corrects: string | null }
  | { kind: 'notice.published'; meeting: MeetingRow; recordId: string; documentId: string; number: string; conclusions: Conclusion[]; corrects: string | null };

export class RecordEvents extends TxEvents<RecordEvent> {}

declare module 'fastify' {
  interface FastifyInstance {
    recordEvents: RecordEvents;
  }
}
