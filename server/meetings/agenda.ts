import { and, asc, eq, gte, inArray, lt, or } from 'drizzle-orm';
import { actsFor, can, relationsTo, type Relation, type Resource } from '../auth/policy.ts';
import type { Role } from '../auth/roles.ts';
import type { SessionUser } from '../auth/session-user.ts';
import { localDayStart } from '../lib/time.ts';
import { bodies } from '../units/schema.ts';
import type { MeetingReader } from './invitees.ts';
import { meetings, type MeetingRow } from './schema.ts';
import type { agendaRelations } from './agenda-schemas.ts';
import { meetingView } from './views.ts';

type AgendaRelation = (typeof agendaRelations)[number];

/**
 * Which of a user's relations to a meeting put it on their agenda, by role: a commune's
 * people see what their body is invited to, a convener what its body convenes and is invited
 * to, a secretary what they keep the minutes of. Being named chủ trì always counts.
 */
const agendaBy: Record<Role, readonly AgendaRelation[]> = {
  admin: ['convening', 'chair', 'secretary', 'invited'],
  convener: ['convening', 'chair', 'secretary', 'invited'],
  secretary: ['secretary', 'chair'],
  participant: ['invited', 'chair'],
  observer: ['invited', 'chair'],
};

/** A room takes people while the meeting is announced or running (the meeting page's rule too). */
const ROOM_OPEN: ReadonlySet<MeetingRow['status']> = new Set(['invited', 'live', 'postponed']);

function isAgendaRelation(r: Relation): r is AgendaRelation {
  return r === 'convening' || r === 'chair' || r === 'secretary' || r === 'invited';
}

/**
 * The user's meetings over `days` local days from `from`: each with why it is theirs, their
 * body's answer, and when its Join button opens. Drafts only for the convening side;
 * cancelled ones stay listed (with no Join) so nobody waits for a meeting that was called off.
 */
export async function agendaOf(reader: MeetingReader, user: SessionUser, from: string, days: number, joinOpensMinutes: number) {
  const { db, units, invitees } = reader;
  const start = localDayStart(from);
  const end = new Date(start.getTime() + days * 86_400_000);
  const convening = [user.body.id, ...user.actsFor.map((d) => d.principalBodyId)];
  const rows = await db
    .select({ meeting: meetings, convenerName: bodies.name, invited: invitees.invites(user.body.id).mapWith(Boolean) })
    .from(meetings).innerJoin(bodies, eq(bodies.id, meetings.convenerBodyId))
    .where(and(
      gte(meetings.endsAt, start), lt(meetings.startsAt, end),
      or(inArray(meetings.convenerBodyId, convening), eq(meetings.chairUserId, user.id), eq(meetings.secretaryUserId, user.id), invitees.invites(user.body.id)),
    ))
    .orderBy(asc(meetings.startsAt), asc(meetings.id))
    .limit(500);

  const wanted = agendaBy[user.role];
  const items = [];
  for (const { meeting, convenerName, invited } of rows) {
    const resource: Resource & { kind: 'meeting' } = {
      kind: 'meeting', unitCode: meeting.unitCode, convenerBodyId: meeting.convenerBodyId,
      invitedBodyIds: invited ? [user.body.id] : [], chairUserId: meeting.chairUserId, secretaryUserId: meeting.secretaryUserId,
    };
    const relations = relationsTo(units, user, resource).filter(isAgendaRelation).filter((r) => wanted.includes(r));
    if (relations.length === 0 || !can(units, user, 'meeting:read', resource)) continue;
    if (meeting.status === 'draft' && !actsFor(user, meeting.convenerBodyId)) continue;
    items.push({ meeting, convenerName, relations, mayJoin: ROOM_OPEN.has(meeting.status) && can(units, user, 'meeting:join', resource) });
  }
  const answers = await invitees.answers(db, user.body.id, items.map((i) => i.meeting.id));
  return items.map(({ meeting, convenerName, relations, mayJoin }) => ({
    ...meetingView(meeting, convenerName),
    relations,
    rsvp: answers.get(meeting.id) ?? null,
    mayJoin,
    joinOpensAt: new Date(meeting.startsAt.getTime() - joinOpensMinutes * 60_000).toISOString(),
  }));
}
