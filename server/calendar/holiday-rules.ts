import { dayNumber, fromDayNumber, isWeekend, isoDate, viDate, weekdayOf, type IsoDate } from './days.ts';
import { hungKingsDate, tetDate } from './lunar.ts';

/**
 * One day that differs from the ordinary Monday–Friday week:
 * - holiday: a public holiday (Bộ luật Lao động 2019, Điều 112);
 * - day_off: a weekday off that is not itself a holiday — a compensatory day (nghỉ bù,
 *   Điều 111 khoản 3) or a swapped day (nghỉ hoán đổi) announced for civil servants;
 * - working_day: a Saturday or Sunday worked to make up a swapped day (làm bù).
 */
export type CalendarDayKind = 'holiday' | 'day_off' | 'working_day';

export interface CalendarDay {
  date: IsoDate;
  kind: CalendarDayKind;
  name: string;
  /**
   * official: fixed by the law or by the Government's announcement for that year;
   * rule: derived from the Labour Code's rule because the year's schedule was not yet announced.
   */
  source: 'official' | 'rule';
  /** The text the entry comes from, so an office can check and update it. */
  ref?: string;
}

const LAW = 'Bộ luật Lao động 2019, Điều 112';
const RULE_NOTE = 'Chưa có thông báo chính thức; tính theo Bộ luật Lao động 2019, Điều 111–112';

/**
 * The Labour Code leaves the 2/9 companion day (1/9 or 3/9) to the Government each year.
 * Its practice since 2021 has been to pick the side that joins the weekend:
 * 2021 Thu→3/9, 2022 Fri→1/9, 2023 Sat→1/9, 2024 Mon→3/9, 2025 Tue→1/9, 2026 Wed→1/9.
 */
function nationalDayCompanion(year: number): IsoDate {
  const weekday = weekdayOf(dayNumber(isoDate(year, 9, 2)));
  const after = weekday === 1 || weekday === 4 || weekday === 7;
  return isoDate(year, 9, after ? 3 : 1);
}

/** Public holidays of a year by the Labour Code's rule, without compensatory days. */
function statutoryHolidays(year: number): { date: IsoDate; name: string; byRule: boolean }[] {
  const tet = dayNumber(tetDate(year));
  const tetDays = [-1, 0, 1, 2, 3].map((offset) => ({
    date: fromDayNumber(tet + offset),
    name: offset === -1 ? 'Tết Nguyên đán (ngày cuối năm âm lịch)' : `Tết Nguyên đán (mùng ${offset + 1} tháng Giêng)`,
    byRule: true,
  }));
  const companion = nationalDayCompanion(year);
  return [
    { date: isoDate(year, 1, 1), name: 'Tết Dương lịch', byRule: false },
    ...tetDays,
    { date: hungKingsDate(year), name: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', byRule: false },
    { date: isoDate(year, 4, 30), name: 'Ngày Chiến thắng (30/4)', byRule: false },
    { date: isoDate(year, 5, 1), name: 'Ngày Quốc tế Lao động (1/5)', byRule: false },
    ...[
      { date: isoDate(year, 9, 2), name: 'Quốc khánh (2/9)', byRule: false },
      { date: companion, name: `Quốc khánh (ngày liền kề ${viDate(companion).slice(0, 5)})`, byRule: true },
    ].sort((a, b) => a.date.localeCompare(b.date)),
  ];
}

/**
 * A year's calendar by rule alone: the statutory holidays, Tết as the last day of the
 * lunar year plus the first four days of the new one, and — for every holiday falling on
 * a Saturday or Sunday — a compensatory day on the next working day (Điều 111 khoản 3).
 * Used to prepare the data table for years not yet announced, and as the fallback for
 * years the table does not cover.
 */
export function ruleCalendar(year: number): CalendarDay[] {
  const holidays = statutoryHolidays(year);
  const taken = new Set(holidays.map((h) => h.date));
  const days: CalendarDay[] = holidays.map((h) => ({
    date: h.date,
    kind: 'holiday',
    name: h.name,
    source: h.byRule ? 'rule' : 'official',
    ref: h.byRule ? RULE_NOTE : LAW,
  }));
  for (const h of holidays) {
    const n = dayNumber(h.date);
    if (!isWeekend(n)) continue;
    let c = n + 1;
    while (isWeekend(c) || taken.has(fromDayNumber(c))) c++;
    const date = fromDayNumber(c);
    taken.add(date);
    const weekday = weekdayOf(n) === 6 ? 'thứ Bảy' : 'Chủ nhật';
    days.push({ date, kind: 'day_off', name: `Nghỉ bù: ${h.name} trùng ${weekday} ${viDate(h.date)}`, source: 'rule', ref: RULE_NOTE });
  }
  return days.sort((a, b) => a.date.localeCompare(b.date));
}
