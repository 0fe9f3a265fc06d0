import { and, eq, sql } from 'drizzle-orm';
import { can, roleMay } from '../auth/policy.ts';
import type { SessionUser } from '../auth/session-user.ts';
import type { Db } from '../db/client.ts';
import { meetingInvitees } from '../invitations/schema.ts';
import { Conflict, Forbidden, NotFound } from '../lib/errors.ts';
import { meetingResource } from '../meetings/access.ts';
import { meetings } from '../meetings/schema.ts';
import type { UnitIndex } from '../units/unit-index.ts';
import { joinableStatuses, notJoinableMessage } from './meeting-status.ts';

const notInvited = () => new Forbidden('Đơn vị của bạn không được mời dự cuộc họp này. / Your body is not invited to this meeting.');

/** The meeting and this body's own invitation (not the whole list), in one prepared query. */
function build(db: Db) {
  return db.select({ meeting: meetings, invitee: meetingInvitees }).from(meetings)
    .leftJoin(meetingInvitees, and(eq(meetingInvitees.meetingId, meetings.id), eq(meetingInvitees.bodyId, sql.placeholder('bodyId'))))
    .where(eq(meetings.id, sql.placeholder('meetingId')))
    .prepare('live_entry');
}

const built = new WeakMap<Db, ReturnType<typeof build>>();

/**
 * Who may come in, asking the database no more than the answer needs: a role that may never
 * join is refused before any query; then the meeting and this body's own invitation decide
 * `meeting:join`, and nothing else is read for a user it refuses.
 */
export async function entry(db: Db, units: UnitIndex, user: SessionUser, meetingId: string) {
  if (!roleMay(user, 'meeting:join')) throw notInvited();
  let statement = built.get(db);
  if (!statement) {
    statement = build(db);
    built.set(db, statement);
  }
  const [row] = await statement.execute({ meetingId, bodyId: user.body.id });
  if (!row) throw new NotFound(`Meeting ${meetingId}`);
  const { meeting, invitee } = row;
  // The room's resource answers chair questions only (convening, named chair): it carries no invitee list.
  const resource = meetingResource(meeting, []);
  if (!can(units, user, 'meeting:join', { ...resource, invitedBodyIds: invitee ? [user.body.id] : [] })) throw notInvited();
  if (!joinableStatuses.has(meeting.status)) throw new Conflict(notJoinableMessage(meeting.status));
  return { meeting, resource, invitee };
}
