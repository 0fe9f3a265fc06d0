import { eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { NotFound } from '../lib/errors.ts';
import type { Resource } from '../auth/policy.ts';
import { meetingInvitees, meetings } from './schema.ts';

export type MeetingRow = typeof meetings.$inferSelect;

/** A meeting and the policy resource describing it (convener, chair, invited bodies). */
export async function loadMeetingAccess(db: Db, meetingId: string): Promise<{ meeting: MeetingRow; resource: Resource & { kind: 'meeting' } }> {
  const [meeting] = await db.select().from(meetings).where(eq(meetings.id, meetingId));
  if (!meeting) throw new NotFound(`Meeting ${meetingId}`);
  const invited = await db.select({ bodyId: meetingInvitees.bodyId }).from(meetingInvitees).where(eq(meetingInvitees.meetingId, meetingId));
  return {
    meeting,
    resource: {
      kind: 'meeting',
      unitCode: meeting.unitCode,
      convenerBodyId: meeting.convenerBodyId,
      invitedBodyIds: invited.map((i) => i.bodyId),
      chairUserId: meeting.chairUserId,
      secretaryUserId: meeting.secretaryUserId,
    },
  };
}
