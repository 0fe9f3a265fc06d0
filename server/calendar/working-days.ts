import { createRequire } from 'node:module';
import { InvalidInput } from '../lib/errors.ts';
import { inZone } from '../lib/time.ts';
import { dayNumber, fromDayNumber, isWeekend, weekdayOf, type IsoDate } from './days.ts';
import { ruleCalendar, type CalendarDay, type CalendarDayKind } from './holiday-rules.ts';

export type { CalendarDay, CalendarDayKind, IsoDate };

/** QĐ 45/2018/QĐ-TTg: invitations go out at least this many working days before the meeting. */
export const INVITATION_LEAD_WORKING_DAYS = 3;

interface HolidayTable {
  coverage: { fromYear: number; toYear: number };
  days: CalendarDay[];
}

const KINDS: readonly CalendarDayKind[] = ['holiday', 'day_off', 'working_day'];

/**
 * Reads and checks data/holidays-vn.json once. The table is edited by hand when the
 * Government announces a year's schedule, so a typo must stop the server at start with
 * a message that names the entry, not silently move a meeting deadline.
 */
function loadTable(): { coverage: HolidayTable['coverage']; byDay: Map<number, CalendarDay> } {
  const table = createRequire(import.meta.url)('./data/holidays-vn.json') as HolidayTable;
  const byDay = new Map<number, CalendarDay>();
  const { fromYear, toYear } = table.coverage;
  for (const entry of table.days) {
    const where = `holidays-vn.json: ${JSON.stringify(entry)}`;
    const n = dayNumber(entry.date);
    const year = Number(entry.date.slice(0, 4));
    if (year < fromYear || year > toYear) throw new Error(`${where}: outside coverage ${fromYear}–${toYear}`);
    if (!KINDS.includes(entry.kind)) throw new Error(`${where}: unknown kind`);
    if (entry.source !== 'official' && entry.source !== 'rule') throw new Error(`${where}: source must be "official" or "rule"`);
    if (!entry.name) throw new Error(`${where}: missing name`);
    if (entry.kind === 'working_day' && !isWeekend(n)) throw new Error(`${where}: a make-up working day must be a Saturday or Sunday`);
    if (entry.kind === 'day_off' && isWeekend(n)) throw new Error(`${where}: a day off must be a weekday`);
    if (byDay.has(n)) throw new Error(`${where}: date listed twice`);
    byDay.set(n, entry);
  }
  return { coverage: table.coverage, byDay };
}

const table = loadTable();
const ruleYears = new Map<number, Map<number, CalendarDay>>();

/** The years the data table covers; outside them the Labour Code's rule is applied. */
export const holidayCoverage: Readonly<HolidayTable['coverage']> = table.coverage;

function entryFor(n: number): CalendarDay | undefined {
  const year = Number(fromDayNumber(n).slice(0, 4));
  if (year >= table.coverage.fromYear && year <= table.coverage.toYear) return table.byDay.get(n);
  // The lunar algorithm is checked for these centuries; beyond them only weekends are known.
  if (year < 1900 || year > 2199) return undefined;
  let days = ruleYears.get(year);
  if (!days) {
    days = new Map(ruleCalendar(year).map((d) => [dayNumber(d.date), d]));
    ruleYears.set(year, days);
  }
  return days.get(n);
}

function workingDay(n: number): boolean {
  const entry = entryFor(n);
  return entry ? entry.kind === 'working_day' : !isWeekend(n);
}

/** The holiday, day off or make-up day on a date, or null for an ordinary day. */
export function calendarEntry(date: IsoDate): CalendarDay | null {
  return entryFor(dayNumber(date)) ?? null;
}

/** Monday–Friday, except holidays and days off; make-up Saturdays are working days. */
export function isWorkingDay(date: IsoDate): boolean {
  return workingDay(dayNumber(date));
}

/**
 * The date `n` working days after `date` (before it when n < 0). `date` itself need not
 * be a working day: adding 1 to a Saturday gives the next working day. n = 0 gives `date`.
 */
export function addWorkingDays(date: IsoDate, n: number): IsoDate {
  if (!Number.isSafeInteger(n)) throw new InvalidInput(`Số ngày làm việc phải là số nguyên: ${n}. / The number of working days must be an integer: ${n}.`);
  let day = dayNumber(date);
  const step = n < 0 ? -1 : 1;
  for (let left = Math.abs(n); left > 0; ) {
    day += step;
    if (workingDay(day)) left--;
  }
  return fromDayNumber(day);
}

/**
 * Working days d with from < d < to: the full working days strictly between sending and
 * the meeting day. 0 when `to` is not after `from`.
 *
 * Why both ends are excluded: QĐ 45/2018/QĐ-TTg asks that the invitation be sent "trước
 * ít nhất 03 ngày làm việc". As with every period counted in days (Bộ luật Dân sự 2015,
 * Điều 147: the day of the event is not counted, the period starts the next day), the day
 * of sending does not count — the invitation may arrive at the end of it — and the meeting
 * day is the deadline itself, not time to prepare. Sent on Monday, the invitees get
 * Tuesday, Wednesday and Thursday; Friday is the first day the meeting may be held.
 */
export function workingDaysBetween(from: IsoDate, to: IsoDate): number {
  const a = dayNumber(from);
  const b = dayNumber(to);
  let count = 0;
  for (let d = a + 1; d < b; d++) if (workingDay(d)) count++;
  return count;
}

/** The calendar date in Vietnam of an instant. */
export function vietnamDate(instant: Date): IsoDate {
  const dt = inZone(instant);
  if (!dt.isValid) throw new InvalidInput('Thời điểm không hợp lệ. / Invalid instant.');
  return dt.toISODate()!;
}

export interface InvitationLeadTime {
  /** Full working days between the sending day and the meeting day (both excluded). */
  workingDays: number;
  /** At least 3 working days (QĐ 45/2018); when false, only an urgent meeting with a reason may go ahead. */
  enough: boolean;
  /** The first working day a meeting could be held if the invitation is sent at `sentAt`. */
  earliestStart: IsoDate;
}

/**
 * Whether an invitation sent at `sentAt` gives the notice QĐ 45 asks for a meeting starting
 * at `startsAt`. Both instants are read as dates in Vietnam, never in UTC or the server's
 * zone: an invitation sent at 23:30Z on a Monday was sent at 06:30 on Tuesday in Vietnam,
 * so Tuesday is the sending day and does not count.
 */
export function invitationLeadTime(sentAt: Date, startsAt: Date): InvitationLeadTime {
  const sentDay = vietnamDate(sentAt);
  const workingDays = workingDaysBetween(sentDay, vietnamDate(startsAt));
  // The day after the third full working day is the first one the rule allows; a meeting
  // is held on a working day, so move on to the next one if that day is not.
  let earliest = dayNumber(addWorkingDays(sentDay, INVITATION_LEAD_WORKING_DAYS)) + 1;
  while (!workingDay(earliest)) earliest++;
  return { workingDays, enough: workingDays >= INVITATION_LEAD_WORKING_DAYS, earliestStart: fromDayNumber(earliest) };
}

/**
 * Holidays, days off and make-up working days from `from` to `to`, both included, in date
 * order — what a calendar view shades. Make-up days (kind 'working_day') are included so
 * the view can mark them too.
 */
export function holidaysBetween(from: IsoDate, to: IsoDate): CalendarDay[] {
  const a = dayNumber(from);
  const b = dayNumber(to);
  const out: CalendarDay[] = [];
  for (let d = a; d <= b; d++) {
    const entry = entryFor(d);
    if (entry) out.push(entry);
  }
  return out;
}

export interface DayOffEntry {
  date: IsoDate;
  /** holiday or day_off from the table; weekend for an ordinary Saturday or Sunday. */
  kind: 'holiday' | 'day_off' | 'weekend';
  name: string;
}

/**
 * The days in Vietnam from `start` to `end` (instants; both days included) that are not
 * working days, with what makes them so — what a meeting placed on them should be warned of.
 * At most `limit` entries: a meeting spanning weeks needs no list of every Sunday.
 */
export function daysOffBetween(start: Date, end: Date, limit = 7): DayOffEntry[] {
  const a = dayNumber(vietnamDate(start));
  const b = Math.max(a, dayNumber(vietnamDate(end)));
  const out: DayOffEntry[] = [];
  for (let d = a; d <= b && out.length < limit; d++) {
    if (workingDay(d)) continue;
    const entry = entryFor(d);
    const date = fromDayNumber(d);
    if (entry && entry.kind !== 'working_day') out.push({ date, kind: entry.kind, name: entry.name });
    else out.push({ date, kind: 'weekend', name: weekdayOf(d) === 7 ? 'Chủ nhật' : 'Thứ Bảy' });
  }
  return out;
}
