import { eq } from 'drizzle-orm';
import type { Resource } from '../auth/policy.ts';
import { NotFound } from '../lib/errors.ts';
import type { MeetingReader } from './invitees.ts';
import { meetings, type MeetingRow } from './schema.ts';

/** The policy resource of a meeting row; `invitedBodyIds` as far as the caller knows them. */
export function meetingResource(
  meeting: Pick<MeetingRow, 'unitCode' | 'convenerBodyId' | 'chairUserId' | 'secretaryUserId'>,
  invitedBodyIds: readonly string[]): Resource & { kind: 'meeting' } {
  return {
    kind: 'meeting', unitCode: meeting.unitCode, convenerBodyId: meeting.convenerBodyId,
    invitedBodyIds, chairUserId: meeting.chairUserId, secretaryUserId: meeting.secretaryUserId,
  };
}

/** A meeting row, or NotFound. */
export async function findMeeting(db: MeetingReader['db'], meetingId: string): Promise<MeetingRow> {
  const [meeting] = await db.select().from(meetings).where(eq(meetings.id, meetingId));
  if (!meeting) throw new NotFound(`Meeting ${meetingId}`);
  return meeting;
}

/** A meeting and the policy resource describing it (convener, chair, invited bodies). */
export async function loadMeetingAccess(
  { db, invitees }: Pick<MeetingReader, 'db' | 'invitees'>,
  meetingId: string,
): Promise<{ meeting: MeetingRow; resource: Resource & { kind: 'meeting' } }> {
  const meeting = await findMeeting(db, meetingId);
  return { meeting, resource: meetingResource(meeting, await invitees.bodiesOf(db, meetingId)) };
}
