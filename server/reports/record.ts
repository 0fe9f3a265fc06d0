import { and, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { rowsOf } from '../db/rows.ts';
import { vietnamIso } from '../lib/time.ts';
import { assignmentViews } from '../tasks/queries.ts';
import { taskAssignments } from '../tasks/schema.ts';
import type { Period } from './counts.ts';

export type RecordAttendance = 'pending' | 'joined' | 'late' | 'absent_excused' | 'absent';

export interface RecordMeeting {
  id: string;
  title: string;
  startsAt: string;
  status: string;
  convenerBodyId: string;
  convenerName: string;
  bodyId: string;
  bodyName: string;
  invitationNumber: string | null;
  rsvp: string;
  declineReason: string | null;
  substitute: string | null;
  firstJoin: string | null;
  attendance: RecordAttendance;
  /** url: the bytes as issued, or for a BB/TB entered without them (the demo history) the record laid out from its content. */
  documents: { id: string; type: string; number: string; issuedAt: string; subject: string; url: string }[];
}

/**
 * A body's record for a period (with `bodyIds` its predecessors' too: the same body of units
 * merged into its unit, each meeting and task under the name it was invited by): every meeting it was invited to (only those convened by
 * `convenedBy` when the reader is another convening body), with its answer, its attendance
 * (the rules of server/attendance/summary.ts: late after `lateMinutes`, absent with reason when
 * it declined), the minutes (BB) and conclusion notices (TB) in the register, and its tasks.
 */
export async function bodyRecord(db: DbOrTx, bodyIds: readonly string[], period: Period, options: { lateMinutes: number; today: string; convenedBy: readonly string[] | null }) {
  const convened = options.convenedBy ? sql`and m.convener_body_id in (select json_array_elements_text(${JSON.stringify(options.convenedBy)}::json))` : sql``;
  const meetingRows = rowsOf<{
    id: string; title: string; starts_at: Date | string; status: string; convener_body_id: string; convener_name: string; body_id: string; body_name: string; invitation_number: string | null;
    rsvp: string; decline_reason: string | null; substitute_name: string | null; substitute_position: string | null; substitute_status: string | null; first_join: Date | string | null;
  }>(await db.execute(sql`
    select m.id, m.title, m.starts_at, m.status, m.convener_body_id, b.name as convener_name, i.body_id, i.body_name, m.invitation_number,
      i.rsvp, i.decline_reason, i.substitute_name, i.substitute_position, i.substitute_status,
      (select min(e.at) from attendance_events e where e.meeting_id = m.id and e.site_id = i.body_id and e.kind = 'join') as first_join
    from meeting_invitees i join meetings m on m.id = i.meeting_id join bodies b on b.id = m.convener_body_id
    where i.body_id in (select json_array_elements_text(${JSON.stringify(bodyIds)}::json)) and m.starts_at >= ${period.from.toISOString()}::timestamptz and m.starts_at < ${period.to.toISOString()}::timestamptz and m.status not in ('draft', 'cancelled') ${convened}
    order by m.starts_at`));
  const ids = meetingRows.map((m) => m.id);
  const docs = ids.length === 0 ? [] : rowsOf<{ id: string; meeting_id: string; type: string; formatted: string; issued_at: Date | string; subject: string; stored: boolean }>(await db.execute(sql`
    select id, meeting_id, type, formatted, issued_at, subject, exists (select 1 from document_files f where f.document_id = documents.id) as stored from documents
    where type in ('BB', 'TB') and meeting_id in (select (json_array_elements_text(${JSON.stringify(ids)}::json))::uuid)
    order by issued_at`));
  const meetings: RecordMeeting[] = meetingRows.map((m) => {
    const startsAt = new Date(m.starts_at);
    const firstJoin = m.first_join ? new Date(m.first_join) : null;
    const held = m.status === 'ended' || m.status === 'closed';
    const attendance: RecordAttendance = firstJoin
      ? (firstJoin.getTime() > startsAt.getTime() + options.lateMinutes * 60_000 ? 'late' : 'joined')
      : !held ? 'pending' : m.rsvp === 'declined' ? 'absent_excused' : 'absent';
    return {
      id: m.id, title: m.title, startsAt: vietnamIso(startsAt), status: m.status, convenerBodyId: m.convener_body_id, convenerName: m.convener_name, bodyId: m.body_id, bodyName: m.body_name,
      invitationNumber: m.invitation_number, rsvp: m.rsvp, declineReason: m.decline_reason,
      substitute: m.substitute_status === 'approved' && m.substitute_name ? [m.substitute_name, m.substitute_position].filter(Boolean).join(', ') : null,
      firstJoin: firstJoin ? vietnamIso(firstJoin) : null, attendance,
      documents: docs.filter((d) => d.meeting_id === m.id).map((d) => ({
        id: d.id, type: d.type, number: d.formatted, issuedAt: vietnamIso(new Date(d.issued_at)), subject: d.subject,
        url: d.stored ? `/api/meetings/${m.id}/documents/${d.id}` : `/api/meetings/${m.id}/records/${d.type === 'BB' ? 'minutes' : 'notice'}/pdf`,
      })),
    };
  });
  const tasks = ids.length === 0 ? [] : await assignmentViews(db, and(inArray(taskAssignments.bodyId, [...bodyIds]), inArray(taskAssignments.meetingId, ids)), options.today);
  const count = (a: RecordAttendance) => meetings.filter((m) => m.attendance === a).length;
  return {
    meetings, tasks,
    totals: {
      invited: meetings.length, joined: count('joined'), late: count('late'), absentExcused: count('absent_excused'), absent: count('absent'),
      substitutes: meetings.filter((m) => m.substitute && m.firstJoin).length,
      minutes: meetings.reduce((n, m) => n + m.documents.filter((d) => d.type === 'BB').length, 0),
      notices: meetings.reduce((n, m) => n + m.documents.filter((d) => d.type === 'TB').length, 0),
      tasks: tasks.length, tasksDone: tasks.filter((t) => t.status === 'done' || t.status === 'accepted').length, tasksOverdue: tasks.filter((t) => t.overdue).length,
    },
  };
}
export type BodyRecord = Awaited<ReturnType<typeof bodyRecord>>;
