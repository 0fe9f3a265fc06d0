import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { dayNumber, fromDayNumber } from '../../server/calendar/days.ts';
import { ruleCalendar, type CalendarDay } from '../../server/calendar/holiday-rules.ts';
import { hungKingsDate, lunarToSolar, solarToLunar, tetDate } from '../../server/calendar/lunar.ts';

const table = createRequire(import.meta.url)('../../server/calendar/data/holidays-vn.json') as {
  coverage: { fromYear: number; toYear: number };
  days: CalendarDay[];
};

describe('Vietnamese lunar calendar (UTC+7)', () => {
  it('finds Tết and Giỗ Tổ on the published dates', () => {
    expect(tetDate(2024)).toBe('2024-02-10');
    expect(tetDate(2025)).toBe('2025-01-29');
    expect(tetDate(2026)).toBe('2026-02-17');
    expect(tetDate(2027)).toBe('2027-02-06');
    expect(hungKingsDate(2024)).toBe('2024-04-18');
    expect(hungKingsDate(2025)).toBe('2025-04-07');
    expect(hungKingsDate(2026)).toBe('2026-04-26');
  });

  it("reckons at UTC+7, so it differs from China's calendar where the new moon falls near midnight", () => {
    // Vietnam celebrated Tết 1985 on 21 January, China on 20 February; 2007: 17 vs 18 February.
    expect(tetDate(1985)).toBe('1985-01-21');
    expect(tetDate(2007)).toBe('2007-02-17');
  });

  it('handles leap months (2023 had a leap 2nd month from 22 March)', () => {
    expect(solarToLunar(22, 3, 2023)).toEqual({ day: 1, month: 2, year: 2023, leap: true });
    expect(solarToLunar(20, 4, 2023)).toEqual({ day: 1, month: 3, year: 2023, leap: false });
    expect(lunarToSolar(1, 2, 2023, true)).toEqual([22, 3, 2023]);
    expect(lunarToSolar(1, 2, 2024, true)).toBeNull();
  });

  it('round-trips every day of 2024–2031', () => {
    for (let n = dayNumber('2024-01-01'); n <= dayNumber('2031-12-31'); n++) {
      const iso = fromDayNumber(n);
      const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
      const l = solarToLunar(d, m, y);
      expect(l.day).toBeGreaterThanOrEqual(1);
      expect(l.day).toBeLessThanOrEqual(30);
      expect(lunarToSolar(l.day, l.month, l.year, l.leap), iso).toEqual([d, m, y]);
    }
  });
});

describe('holiday table (server/calendar/data/holidays-vn.json)', () => {
  const years = Array.from({ length: table.coverage.toYear - table.coverage.fromYear + 1 }, (_, i) => table.coverage.fromYear + i);
  const ofYear = (y: number) => table.days.filter((d) => d.date.startsWith(`${y}-`));

  it('covers 2025–2030 with every entry sourced', () => {
    expect(table.coverage).toEqual({ fromYear: 2025, toYear: 2030 });
    for (const d of table.days) {
      expect(['official', 'rule']).toContain(d.source);
      expect(d.ref, d.date).toBeTruthy();
    }
  });

  it.each(years)('holds the statutory holidays of %i, lunar ones on the computed dates', (y) => {
    const holidays = new Set(ofYear(y).filter((d) => d.kind === 'holiday').map((d) => d.date));
    const tet = dayNumber(tetDate(y));
    for (let offset = -1; offset <= 3; offset++) expect(holidays, `Tết ${offset}`).toContain(fromDayNumber(tet + offset));
    for (const date of [`${y}-01-01`, hungKingsDate(y), `${y}-04-30`, `${y}-05-01`, `${y}-09-02`]) expect(holidays).toContain(date);
    // Exactly one companion day for 2/9, on one side or the other.
    expect([`${y}-09-01`, `${y}-09-03`].filter((d) => holidays.has(d))).toHaveLength(1);
    expect(holidays.size).toBe(11);
  });

  it('matches the Labour Code rule exactly for years not yet announced', () => {
    const ruleOnly = years.filter((y) => ofYear(y).every((d) => d.source === 'rule' || d.ref === 'Bộ luật Lao động 2019, Điều 112'));
    expect(ruleOnly).toEqual([2027, 2028, 2029, 2030]);
    for (const y of ruleOnly) expect(ofYear(y)).toEqual(ruleCalendar(y));
  });

  it('keeps the announced swaps of 2025 and 2026: each day off swapped has its make-up Saturday', () => {
    const pick = (kind: CalendarDay['kind'], y: number) => ofYear(y).filter((d) => d.kind === kind).map((d) => d.date);
    expect(pick('working_day', 2025)).toEqual(['2025-02-08', '2025-04-26']);
    expect(pick('day_off', 2025)).toEqual(['2025-01-27', '2025-05-02']);
    expect(pick('working_day', 2026)).toEqual(['2026-01-10', '2026-08-22']);
    // 27/4/2026 is the compensatory day for Giỗ Tổ on Sunday 26/4; 2/1 and 31/8 are swaps.
    expect(pick('day_off', 2026)).toEqual(['2026-01-02', '2026-04-27', '2026-08-31']);
    expect(ofYear(2026).every((d) => d.source === 'official')).toBe(true);
  });
});
