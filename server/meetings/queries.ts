import { and, asc, count, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { authorize, can, meetingReadScope, type Resource } from '../auth/policy.ts';
import type { SessionUser } from '../auth/session-user.ts';
import { dataVersion } from '../db/data-versions.ts';
import { InvalidInput, NotFound } from '../lib/errors.ts';
import { localDayStart } from '../lib/time.ts';
import { findBody } from '../units/queries.ts';
import { bodies } from '../units/schema.ts';
import { meetingResource } from './access.ts';
import type { MeetingReader } from './invitees.ts';
import { readStatements } from './read-statements.ts';
import { meetings } from './schema.ts';
import type { CalendarAnswer, ListQuery } from './schemas.ts';
import { meetingView, meetingViewColumns, type MeetingViewRow } from './views.ts';

/** The SQL form of policy.meetingReadScope: what the user may read. */
function readable({ units, invitees }: MeetingReader, user: SessionUser): SQL {
  const scope = meetingReadScope(units, user);
  if (scope.everywhere) return sql`true`;
  return or(
    inArray(meetings.unitCode, scope.unitCodes),
    eq(meetings.convenerBodyId, scope.bodyId),
    eq(meetings.chairUserId, scope.userId),
    eq(meetings.secretaryUserId, scope.userId),
    invitees.invites(scope.bodyId),
  )!;
}

/** Local dates [from, to] (inclusive, Vietnam) → meetings overlapping that span. */
function overlapping(from?: string, to?: string): SQL[] {
  const filters: SQL[] = [];
  if (from) filters.push(gte(meetings.endsAt, localDayStart(from)));
  if (to) filters.push(lt(meetings.startsAt, new Date(localDayStart(to).getTime() + 86_400_000)));
  return filters;
}

function resourceOf(row: MeetingViewRow, viewerInvited: boolean, viewerBody: string): Resource {
  return meetingResource(row, viewerInvited ? [viewerBody] : []);
}

async function selectVisible(reader: MeetingReader, user: SessionUser, where: SQL, limit: number, offset: number) {
  const { db, units, invitees } = reader;
  const condition = and(readable(reader, user), where)!;
  const [rows, [total]] = await Promise.all([
    db.select({ meeting: meetingViewColumns, convenerName: bodies.name, invited: invitees.invites(user.body.id).mapWith(Boolean) })
      .from(meetings).innerJoin(bodies, eq(bodies.id, meetings.convenerBodyId))
      .where(condition).orderBy(asc(meetings.startsAt), asc(meetings.id)).limit(limit).offset(offset),
    db.select({ n: count() }).from(meetings).where(condition),
  ]);
  // The SQL mirrors the policy; every row still passes through it.
  const items = rows.filter((r) => can(units, user, 'meeting:read', resourceOf(r.meeting, r.invited, user.body.id)));
  return { total: total?.n ?? 0, rows: items };
}

export async function listMeetings(reader: MeetingReader, user: SessionUser, query: ListQuery) {
  const { units, invitees } = reader;
  const filters: SQL[] = overlapping(query.from, query.to);
  if (query.status?.length) filters.push(inArray(meetings.status, query.status));
  if (query.seriesId) filters.push(eq(meetings.seriesId, query.seriesId));
  if (query.scope === 'mine') {
    filters.push(or(eq(meetings.convenerBodyId, user.body.id), eq(meetings.chairUserId, user.id), eq(meetings.secretaryUserId, user.id),
      eq(meetings.createdBy, user.id), invitees.invites(user.body.id))!);
  } else if (query.scope === 'body') {
    const bodyId = query.bodyId ?? user.body.id;
    filters.push(or(eq(meetings.convenerBodyId, bodyId), invitees.invites(bodyId))!);
  } else if (query.scope === 'unit') {
    const unitCode = query.unitCode ?? user.unit.code;
    if (!units.get(unitCode)) throw new InvalidInput(`Đơn vị "${unitCode}" không tồn tại. / Unknown unit "${unitCode}".`);
    filters.push(inArray(meetings.unitCode, [unitCode, ...units.descendants(unitCode)]));
  }
  const { total, rows } = await selectVisible(reader, user, and(...filters) ?? sql`true`, query.limit, query.offset);
  return { total, items: rows.map((r) => meetingView(r.meeting, r.convenerName)) };
}

/**
 * A body's calendar between two local dates (week or month view): meetings it convenes or
 * is invited to, with its role and its answer. Anyone whose scope covers the body may look.
 * One prepared query (read-statements.ts); the policy still checks every row it returns.
 */
/**
 * A body's calendar for [from, to]: meetings it convenes or is invited to that the reader may
 * see. Answers are kept per reader and range while the calendar's data version stands (any
 * committed change to meetings, invitees, bodies or units moves it), so a repeated read costs
 * one primary-key query.
 */
export async function bodyCalendar(reader: MeetingReader, user: SessionUser, bodyId: string, from: string, to: string): Promise<CalendarAnswer> {
  const { db, units } = reader;
  const start = localDayStart(from);
  const end = new Date(localDayStart(to).getTime() + 86_400_000);
  const days = (end.getTime() - start.getTime()) / 86_400_000 - 1;
  if (!(days >= 0 && days <= 62)) throw new InvalidInput('Khoảng ngày phải từ 1 đến 63 ngày. / The range must span 1 to 63 days.');
  // The user's own body (the usual view) is already at hand with the session.
  const body = bodyId === user.body.id ? user.body : await findBody(db, bodyId);
  if (body.id !== user.body.id) authorize(units, user, 'unit:read', { kind: 'unit', unitCode: body.unitCode });
  const cache = reader.calendarCache;
  if (!cache) return computeCalendar(reader, user, body, start, end);
  // Everything the answer depends on besides the data: who reads (their role and body decide the scope) and what.
  const key = `${user.id}|${user.role}|${user.body.id}|${body.id}|${from}|${to}`;
  const version = await dataVersion(db, 'calendar');
  const kept = cache.get(key, version);
  if (kept) return kept;
  const answer = await computeCalendar(reader, user, body, start, end);
  // Weighed by its meetings: the cache holds at most CALENDAR_CACHE_MEETINGS of them in all.
  cache.set(key, version, answer, answer.items.length + 1);
  return answer;
}

async function computeCalendar(reader: MeetingReader, user: SessionUser, body: { id: string; name: string }, start: Date, end: Date): Promise<CalendarAnswer> {
  const { db, units, invitees } = reader;
  const bodyId = body.id;
  const scope = meetingReadScope(units, user);
  const statements = readStatements(db, invitees);
  const rows = await (scope.everywhere ? statements.calendarEverywhere : statements.calendarScoped).execute({
    bodyId, viewerBodyId: scope.bodyId, viewerId: scope.userId, unitCodes: scope.unitCodes, from: start.toISOString(), to: end.toISOString(),
  });
  const items = [];
  for (const r of rows) {
    if (!can(units, user, 'meeting:read', resourceOf(r.meeting, r.viewerInvited, user.body.id))) continue;
    const role = r.meeting.convenerBodyId === bodyId ? 'convener' as const : 'invited' as const;
    // A body does not invite itself: only a meeting it does not convene holds its answer.
    items.push({ ...meetingView(r.meeting, r.convenerName), role, rsvp: role === 'invited' ? r.answer : null });
  }
  return { body: { id: body.id, name: body.name }, items };
}

/** One meeting with its agenda, files, answers and what the user may do: one prepared query, then the policy. */
export async function meetingDetail(reader: MeetingReader, user: SessionUser | null, meetingId: string) {
  const { db, units, invitees } = reader;
  const [row] = await readStatements(db, invitees).detail.execute({ meetingId, viewerBodyId: user?.body.id ?? '' });
  if (!row) throw new NotFound(`Meeting ${meetingId}`);
  // The viewer's own invitation is all the policy needs of the invitee list (relationsTo asks only for the viewer's body).
  const resource = meetingResource(row.meeting, row.myInvitation && user ? [user.body.id] : []);
  const viewer = authorize(units, user, 'meeting:read', resource);
  const { meeting, convenerName, agenda, files, rsvpSummary, myInvitation } = row;
  return {
    ...meetingView(meeting, convenerName),
    agenda,
    files,
    rsvpSummary,
    myInvitation,
    permissions: {
      manage: can(units, viewer, 'meeting:manage', resource),
      chair: can(units, viewer, 'meeting:chair', resource),
      rsvp: can(units, viewer, 'meeting:rsvp', resource),
      report: can(units, viewer, 'report:read', resource),
    },
  };
}
