import { eq } from 'drizzle-orm';
import type { Resource } from '../auth/policy.ts';
import { NotFound } from '../lib/errors.ts';
import type { MeetingReader } from './invitees.ts';
import { meetings, type MeetingRow } from './schema.ts';

/** A meeting and the policy resource describing it (convener, chair, invited bodies). */
export async function loadMeetingAccess(
  { db, invitees }: Pick<MeetingReader, 'db' | 'invitees'>,
  meetingId: string,
): Promise<{ meeting: MeetingRow; resource: Resource & { kind: 'meeting' } }> {
  const [meeting] = await db.select().from(meetings).where(eq(meetings.id, meetingId));
  if (!meeting) throw new NotFound(`Meeting ${meetingId}`);
  return {
    meeting,
    resource: {
      kind: 'meeting',
      unitCode: meeting.unitCode,
      convenerBodyId: meeting.convenerBodyId,
      invitedBodyIds: await invitees.bodiesOf(db, meetingId),
      chairUserId: meeting.chairUserId,
      secretaryUserId: meeting.secretaryUserId,
    },
  };
}
