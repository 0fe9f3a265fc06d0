import { addWorkingDays, vietnamDate } from '../calendar/working-days.ts';
import type { DbOrTx } from '../db/client.ts';
import { InvalidInput } from '../lib/errors.ts';
import { localDayStart } from '../lib/time.ts';
import type { UnitIndex } from '../units/unit-index.ts';
import { attendanceCounts, noticeDates, taskCounts, type Period } from './counts.ts';

/** QĐ 45/2018: the conclusion notice goes out within 5 working days after the meeting. */
export const NOTICE_WORKING_DAYS = 5;

export interface Counts {
  invited: number;
  held: number;
  attended: number;
  /** Attended ÷ held, 0–1 (null when nothing was held). */
  attendanceRate: number | null;
  late: number;
  substitutes: number;
  absentExcused: number;
  absent: number;
  tasksAssigned: number;
  tasksDone: number;
  tasksOverdue: number;
  /** As convener: held meetings whose conclusion notice was issued within 5 working days, after them, or is still due. */
  noticesOnTime: number;
  noticesLate: number;
  noticesPending: number;
}

export interface BodyRow extends Counts {
  bodyId: string;
  bodyName: string;
  unitCode: string;
  /** The row of the tier this body rolls up into (a commune for a province, a province for the centre). */
  groupCode: string;
  /** For a body of a unit that has ceased (merged): the unit its records now belong to. Its name stays its own. */
  nowPartOf: { code: string; name: string } | null;
}

export interface UnitRow extends Counts {
  unitCode: string;
  unitName: string;
  bodies: number;
}

export interface Dashboard {
  unit: { code: string; name: string; level: string };
  from: string;
  to: string;
  units: UnitRow[];
  bodies: BodyRow[];
  total: Counts;
}

const zero = (): Counts => ({
  invited: 0, held: 0, attended: 0, attendanceRate: null, late: 0, substitutes: 0, absentExcused: 0, absent: 0,
  tasksAssigned: 0, tasksDone: 0, tasksOverdue: 0, noticesOnTime: 0, noticesLate: 0, noticesPending: 0,
});
const summed: (keyof Counts)[] = ['invited', 'held', 'attended', 'late', 'substitutes', 'absentExcused', 'absent', 'tasksAssigned', 'tasksDone', 'tasksOverdue', 'noticesOnTime', 'noticesLate', 'noticesPending'];

function add(into: Counts, from: Counts): void {
  for (const k of summed) (into[k] as number) += from[k] as number;
  into.attendanceRate = into.held > 0 ? into.attended / into.held : null;
}

/** [from 00:00, the day after `to` 00:00) in Vietnam, from two yyyy-MM-dd dates. */
export function periodOf(from: string, to: string): Period {
  if (to < from) throw new InvalidInput('Ngày kết thúc phải sau ngày bắt đầu. / The period must end after it starts.');
  return { from: localDayStart(from), to: localDayStart(addDays(to, 1)) };
}

function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** On time, late or still due: a notice due `NOTICE_WORKING_DAYS` working days after the meeting's day. */
export function noticeTiming(endsAt: Date, noticeAt: Date | null, today: string): 'onTime' | 'late' | 'pending' {
  const due = addWorkingDays(vietnamDate(endsAt), NOTICE_WORKING_DAYS);
  if (noticeAt) return vietnamDate(noticeAt) <= due ? 'onTime' : 'late';
  return today > due ? 'late' : 'pending';
}

/**
 * Per body of the units below `unitCode` (a province's communes; the centre's provinces and
 * everything in them), rolled up per unit of the tier below (`groupOf`) and in total. A unit
 * that ceased rolls up into the unit it became part of (`descendants` follows successors):
 * its bodies keep their own rows and names, marked `nowPartOf`.
 */
export async function dashboard(db: DbOrTx, units: UnitIndex, unitCode: string, from: string, to: string, options: { lateMinutes: number; today: string }): Promise<Dashboard> {
  const unit = units.get(unitCode);
  if (!unit) throw new InvalidInput(`Không có đơn vị ${unitCode}. / Unknown unit ${unitCode}.`);
  const period = periodOf(from, to);
  const tier = units.children(unitCode);
  const groupOf = new Map<string, string>();
  for (const child of tier) {
    groupOf.set(child, child);
    for (const below of units.descendants(child)) groupOf.set(below, child);
  }
  const scope = [...groupOf.keys()];
  const [attendance, taskRows, notices] = await Promise.all([
    attendanceCounts(db, scope, period, options.lateMinutes),
    taskCounts(db, scope, period, options.today),
    noticeDates(db, scope, period),
  ]);
  const bodies = new Map<string, BodyRow>();
  const rowOf = (bodyId: string, unitCode: string, bodyName: string) => {
    let row = bodies.get(bodyId);
    if (!row) {
      const now = units.get(unitCode)?.effectiveTo ? units.current(unitCode) : undefined;
      const nowPartOf = now && now.code !== unitCode ? { code: now.code, name: now.name } : null;
      bodies.set(bodyId, (row = { ...zero(), bodyId, bodyName, unitCode, groupCode: groupOf.get(unitCode) ?? unitCode, nowPartOf }));
    }
    return row;
  };
  for (const a of attendance) {
    Object.assign(rowOf(a.body_id, a.unit_code, a.body_name), {
      invited: a.invited, held: a.held, attended: a.attended, late: a.late, substitutes: a.substitutes, absentExcused: a.absent_excused, absent: a.absent,
    });
  }
  for (const t of taskRows) Object.assign(rowOf(t.body_id, t.unit_code, t.body_name), { tasksAssigned: t.assigned, tasksDone: t.done, tasksOverdue: t.overdue });
  for (const n of notices) {
    const timing = noticeTiming(new Date(n.ends_at), n.notice_at ? new Date(n.notice_at) : null, options.today);
    const row = rowOf(n.body_id, n.unit_code, n.body_name);
    if (timing === 'onTime') row.noticesOnTime++;
    else if (timing === 'late') row.noticesLate++;
    else row.noticesPending++;
  }
  const unitRows = new Map<string, UnitRow>(tier.map((code) => [code, { ...zero(), unitCode: code, unitName: units.get(code)?.name ?? code, bodies: 0 }]));
  const total = zero();
  for (const row of bodies.values()) {
    row.attendanceRate = row.held > 0 ? row.attended / row.held : null;
    const group = unitRows.get(row.groupCode);
    if (group) {
      add(group, row);
      group.bodies++;
    }
    add(total, row);
  }
  return {
    unit: { code: unit.code, name: unit.name, level: unit.level }, from, to,
    units: [...unitRows.values()].sort((a, b) => a.unitName.localeCompare(b.unitName, 'vi')),
    bodies: [...bodies.values()].sort((a, b) => a.unitCode.localeCompare(b.unitCode) || a.bodyName.localeCompare(b.bodyName, 'vi')),
    total,
  };
}
