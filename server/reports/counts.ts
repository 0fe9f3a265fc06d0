import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { rowsOf } from '../db/rows.ts';

/**
 * The counts behind the dashboard and the record page, per body, over the meetings that start
 * in [from, to) — one aggregate query each, so a year of a province's records reads in one
 * round trip. Attendance follows server/attendance/summary.ts: a site attended when it has a
 * 'join' event; it was late when its first join came more than `lateMinutes` after the start;
 * it was absent with reason (absent_excused) when it did not join and had declined with a
 * reason, otherwise absent. Only meetings that were held (ended or closed) count attendance.
 */
export interface Period {
  from: Date;
  to: Date;
}

export interface BodyCounts {
  bodyId: string;
  unitCode: string;
  bodyName: string;
  invited: number;
  held: number;
  attended: number;
  late: number;
  substitutes: number;
  absentExcused: number;
  absent: number;
  tasksAssigned: number;
  tasksDone: number;
  tasksOverdue: number;
}

const HELD = sql`('ended', 'closed')`;

/** Invitations and attendance per invited body of `unitCodes`; a body renamed since reads with its latest name in the period. */
export async function attendanceCounts(db: DbOrTx, unitCodes: readonly string[], period: Period, lateMinutes: number) {
  const result = await db.execute(sql`
    with m as (
      select id, starts_at, status in ${HELD} as held from meetings
      where starts_at >= ${period.from.toISOString()}::timestamptz and starts_at < ${period.to.toISOString()}::timestamptz and status not in ('draft', 'cancelled')
    ), inv as (
      select i.body_id, i.unit_code, i.body_name, i.rsvp, i.substitute_status, m.id as meeting_id, m.starts_at, m.held
      from meeting_invitees i join m on m.id = i.meeting_id
      where i.unit_code in (select json_array_elements_text(${JSON.stringify(unitCodes)}::json))
    ), fj as (
      select e.meeting_id, e.site_id, min(e.at) as first_join
      from attendance_events e
      where e.kind = 'join' and e.meeting_id in (select id from m where held)
      group by e.meeting_id, e.site_id
    )
    select inv.body_id, inv.unit_code, (array_agg(inv.body_name order by inv.starts_at desc))[1] as body_name,
      count(*)::int as invited,
      count(*) filter (where inv.held)::int as held,
      count(fj.first_join) filter (where inv.held)::int as attended,
      count(*) filter (where inv.held and fj.first_join > inv.starts_at + ${lateMinutes}::int * interval '1 minute')::int as late,
      count(*) filter (where inv.held and fj.first_join is not null and inv.substitute_status = 'approved')::int as substitutes,
      count(*) filter (where inv.held and fj.first_join is null and inv.rsvp = 'declined')::int as absent_excused,
      count(*) filter (where inv.held and fj.first_join is null and inv.rsvp <> 'declined')::int as absent
    from inv left join fj on fj.meeting_id = inv.meeting_id and fj.site_id = inv.body_id
    group by inv.body_id, inv.unit_code`);
  return rowsOf<{ body_id: string; unit_code: string; body_name: string; invited: number; held: number; attended: number; late: number; substitutes: number; absent_excused: number; absent: number }>(result);
}

/** Tasks assigned to bodies of `unitCodes` from meetings of the period: done (reported or accepted) and overdue on `today`. */
export async function taskCounts(db: DbOrTx, unitCodes: readonly string[], period: Period, today: string) {
  const result = await db.execute(sql`
    select a.body_id, a.unit_code, (array_agg(a.body_name order by m.starts_at desc))[1] as body_name,
      count(*)::int as assigned,
      count(*) filter (where a.status in ('done', 'accepted'))::int as done,
      count(*) filter (where a.status not in ('done', 'accepted') and a.deadline < ${today}::date)::int as overdue
    from task_assignments a join meetings m on m.id = a.meeting_id
    where m.starts_at >= ${period.from.toISOString()}::timestamptz and m.starts_at < ${period.to.toISOString()}::timestamptz
      and a.unit_code in (select json_array_elements_text(${JSON.stringify(unitCodes)}::json))
    group by a.body_id, a.unit_code`);
  return rowsOf<{ body_id: string; unit_code: string; body_name: string; assigned: number; done: number; overdue: number }>(result);
}

/** Held meetings convened by bodies of `unitCodes`, each with its first conclusion notice (TB) in the register. */
export async function noticeDates(db: DbOrTx, unitCodes: readonly string[], period: Period) {
  const result = await db.execute(sql`
    select m.convener_body_id as body_id, b.unit_code, b.name as body_name, m.id as meeting_id, m.ends_at,
      (select min(d.issued_at) from documents d where d.meeting_id = m.id and d.type = 'TB') as notice_at
    from meetings m join bodies b on b.id = m.convener_body_id
    where m.starts_at >= ${period.from.toISOString()}::timestamptz and m.starts_at < ${period.to.toISOString()}::timestamptz and m.status in ${HELD}
      and b.unit_code in (select json_array_elements_text(${JSON.stringify(unitCodes)}::json))`);
  return rowsOf<{ body_id: string; unit_code: string; body_name: string; meeting_id: string; ends_at: Date | string; notice_at: Date | string | null }>(result);
}
