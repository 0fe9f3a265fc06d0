import rrulePackage from 'rrule';
import { DateTime } from 'luxon';
import { isWorkingDay } from '../calendar/working-days.ts';
import { InvalidInput } from '../lib/errors.ts';
import { localToUtc, requireZone } from '../lib/time.ts';

const { RRule } = rrulePackage;

/** No series is generated further ahead than this many occurrences (a year of weekly briefings). */
export const MAX_OCCURRENCES = 52;

export const weekdayCodes = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type WeekdayCode = (typeof weekdayCodes)[number];

export interface RecurrenceRule {
  freq: 'weekly' | 'monthly';
  interval?: number;
  /** Weekly: the weekdays (default: the first occurrence's). Monthly with `nth`: the weekday. */
  byWeekday?: WeekdayCode[];
  /** Monthly: the nth weekday of the month (1–4, or -1 for the last), e.g. first Monday. */
  nth?: number;
  /** Monthly: the day of the month (default: the first occurrence's), when `nth` is not given. */
  byMonthDay?: number;
  /** Last date (Vietnam) an occurrence may fall on. */
  until?: string;
  count?: number;
}

export interface Occurrence {
  /** Local wall time in the series' zone. */
  local: string;
  startsAt: Date;
  endsAt: Date;
}

export interface Expansion {
  rrule: string;
  occurrences: Occurrence[];
  /** Dates the rule gave that are not working days (holidays, Tết), left out. */
  skipped: string[];
}

/**
 * Expands a weekly/monthly rule from its first occurrence. The rule runs on wall-clock
 * time (a "floating" DTSTART, so the library never converts zones); each result is then
 * placed in the series' zone with luxon. Bounded by `count`, `until` and MAX_OCCURRENCES.
 */
export function expandRule(firstStart: string, durationMinutes: number, zone: string, rule: RecurrenceRule, skipNonWorkingDays: boolean): Expansion {
  requireZone(zone);
  const first = DateTime.fromISO(firstStart, { zone: 'utc' });
  if (!first.isValid) throw new InvalidInput(`Thời gian "${firstStart}" không hợp lệ. / Invalid time "${firstStart}".`);
  const weekday = (code: WeekdayCode) => RRule[code];
  const byweekday = rule.byWeekday?.length
    ? rule.byWeekday.map((code) => (rule.freq === 'monthly' && rule.nth ? weekday(code).nth(rule.nth) : weekday(code)))
    : rule.freq === 'weekly'
      ? [weekday(weekdayCodes[first.weekday - 1]!)]
      : rule.nth ? [weekday(weekdayCodes[first.weekday - 1]!).nth(rule.nth)] : null;
  const until = rule.until ? DateTime.fromISO(rule.until, { zone: 'utc' }).endOf('day') : null;
  if (until && (!until.isValid || until < first)) throw new InvalidInput('Ngày kết thúc chuỗi phải sau lần họp đầu. / The series must end after its first meeting.');
  const options = {
    freq: rule.freq === 'weekly' ? RRule.WEEKLY : RRule.MONTHLY,
    interval: rule.interval ?? 1,
    dtstart: first.toJSDate(),
    byweekday,
    bymonthday: rule.freq === 'monthly' && !byweekday ? (rule.byMonthDay ?? first.day) : null,
    until: until?.toJSDate() ?? null,
    // RFC 5545 allows UNTIL or COUNT, not both; the horizon bounds an UNTIL rule below.
    count: until ? null : Math.min(rule.count ?? MAX_OCCURRENCES, MAX_OCCURRENCES),
  };
  const dates = new RRule(options).all((_d, i) => i < MAX_OCCURRENCES);
  const occurrences: Occurrence[] = [];
  const skipped: string[] = [];
  for (const date of dates) {
    const local = DateTime.fromJSDate(date, { zone: 'utc' }).toFormat("yyyy-MM-dd'T'HH:mm");
    if (skipNonWorkingDays && !isWorkingDay(local.slice(0, 10))) {
      skipped.push(local.slice(0, 10));
      continue;
    }
    const startsAt = localToUtc(local, zone);
    occurrences.push({ local, startsAt, endsAt: new Date(startsAt.getTime() + durationMinutes * 60_000) });
  }
  // RFC 5545 text with the real zone, for calendars and for people reading the record.
  const text = new RRule({ ...options, tzid: zone }).toString();
  return { rrule: text, occurrences, skipped };
}
