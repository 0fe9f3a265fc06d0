import { and, asc, eq, gte, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { bodies } from '../units/schema.ts';
import type { InviteeDirectory } from './invitees.ts';
import { agendaItems, meetingFiles, meetings } from './schema.ts';
import { meetingViewColumns } from './views.ts';

export interface AgendaItemView { id: string; position: number; title: string; presenter: string; plannedMinutes: number }
export interface FileView { id: string; fileName: string; contentType: string; size: number; sha256: string; uploadedAt: string }

const p = {
  /** The body whose calendar is read. */
  bodyId: sql.placeholder('bodyId'),
  /** The reader: their body, their account, the units below theirs (the SQL form of policy.meetingReadScope). */
  viewerBodyId: sql.placeholder('viewerBodyId'),
  viewerId: sql.placeholder('viewerId'),
  unitCodes: sql.placeholder('unitCodes'),
  /** ISO 8601 instants: [from, to). */
  from: sql.placeholder('from'),
  to: sql.placeholder('to'),
  meetingId: sql.placeholder('meetingId'),
};

/**
 * The two reads every page makes, a body's calendar and one meeting, as drizzle prepared
 * statements built once per database: a request fills the placeholders and runs one query.
 * Building the query object on every request (drizzle's `is`, buildQueryFromSourceParams)
 * and running three to seven queries per read was most of their cost (docs/performance.md).
 */
function build(db: Db, invitees: InviteeDirectory) {
  const calendar = (everywhere: boolean) => db
    .select({
      meeting: meetingViewColumns,
      convenerName: bodies.name,
      viewerInvited: invitees.invites(p.viewerBodyId).mapWith(Boolean),
      answer: invitees.answerIn(p.bodyId),
    })
    .from(meetings).innerJoin(bodies, eq(bodies.id, meetings.convenerBodyId))
    .where(and(
      or(eq(meetings.convenerBodyId, p.bodyId), invitees.invites(p.bodyId)),
      gte(meetings.endsAt, p.from), lt(meetings.startsAt, p.to),
      // What the reader may see (the policy still checks every row); a central reader sees every unit's.
      everywhere ? undefined : or(
        sql`${meetings.unitCode} = any(${p.unitCodes})`,
        eq(meetings.convenerBodyId, p.viewerBodyId), eq(meetings.chairUserId, p.viewerId), eq(meetings.secretaryUserId, p.viewerId),
        invitees.invites(p.viewerBodyId),
      ),
    ))
    .orderBy(asc(meetings.startsAt), asc(meetings.id)).limit(1000)
    .prepare(everywhere ? 'meetings_calendar_everywhere' : 'meetings_calendar_scoped');

  const a = agendaItems;
  const f = meetingFiles;
  const detail = db
    .select({
      meeting: meetingViewColumns,
      convenerName: bodies.name,
      agenda: sql<AgendaItemView[]>`(select coalesce(json_agg(json_build_object(
        'id', ${a.id}, 'position', ${a.position}, 'title', ${a.title}, 'presenter', ${a.presenter}, 'plannedMinutes', ${a.plannedMinutes})
        order by ${a.position}), '[]'::json) from ${a} where ${a.meetingId} = ${meetings.id})`.mapWith(jsonValue<AgendaItemView[]>),
      files: sql<FileView[]>`(select coalesce(json_agg(json_build_object(
        'id', ${f.id}, 'fileName', ${f.fileName}, 'contentType', ${f.contentType}, 'size', ${f.size}, 'sha256', ${f.sha256}, 'uploadedAt', ${f.uploadedAt})
        order by ${f.uploadedAt}), '[]'::json) from ${f} where ${f.meetingId} = ${meetings.id})`.mapWith(filesFromJson),
      rsvpSummary: invitees.tallyIn(),
      myInvitation: invitees.invitationIn(p.viewerBodyId),
    })
    .from(meetings).innerJoin(bodies, eq(bodies.id, meetings.convenerBodyId))
    .where(eq(meetings.id, p.meetingId))
    .prepare('meetings_detail');

  return { calendarEverywhere: calendar(true), calendarScoped: calendar(false), detail };
}

export type ReadStatements = ReturnType<typeof build>;
const built = new WeakMap<Db, ReadStatements>();

/** The database's read statements, built on first use. */
export function readStatements(db: Db, invitees: InviteeDirectory): ReadStatements {
  let statements = built.get(db);
  if (!statements) {
    statements = build(db, invitees);
    built.set(db, statements);
  }
  return statements;
}

/** Both drivers parse json values; a string is parsed here in case one does not. */
function jsonValue<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/** Files read as JSON: their instants back to ISO 8601 UTC, as `fileView` gives them. */
function filesFromJson(value: unknown): FileView[] {
  return jsonValue<FileView[]>(value).map((file) => ({ ...file, uploadedAt: new Date(file.uploadedAt).toISOString() }));
}
