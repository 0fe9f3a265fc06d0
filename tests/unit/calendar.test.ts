import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  calendarEntry,
  holidaysBetween,
  invitationLeadTime,
  isWorkingDay,
  vietnamDate,
  workingDaysBetween,
} from '../../server/calendar/working-days.ts';
import { InvalidInput } from '../../server/lib/errors.ts';

/** An instant at hh:mm Vietnam time on a date (UTC+7, no DST). */
const vn = (date: string, time = '08:00') => new Date(`${date}T${time}:00+07:00`);

describe('isWorkingDay', () => {
  it('treats weekdays as working and weekends as off', () => {
    expect(isWorkingDay('2026-03-09')).toBe(true); // Monday
    expect(isWorkingDay('2026-03-13')).toBe(true); // Friday
    expect(isWorkingDay('2026-03-14')).toBe(false); // Saturday
    expect(isWorkingDay('2026-03-15')).toBe(false); // Sunday
  });

  it('treats holidays, compensatory and swapped days as off', () => {
    expect(isWorkingDay('2027-02-05')).toBe(false); // last day of the lunar year, Friday
    expect(isWorkingDay('2027-02-08')).toBe(false); // mùng 3 Tết, Monday
    expect(isWorkingDay('2027-02-10')).toBe(false); // nghỉ bù for mùng 1 on Saturday
    expect(isWorkingDay('2027-02-12')).toBe(true);
    expect(isWorkingDay('2026-04-27')).toBe(false); // nghỉ bù: Giỗ Tổ fell on Sunday 26/4
    expect(isWorkingDay('2026-01-02')).toBe(false); // swapped with Saturday 10/1
    expect(isWorkingDay('2026-08-31')).toBe(false); // swapped with Saturday 22/8
    expect(isWorkingDay('2025-09-01')).toBe(false); // 2/9's companion day in 2025
    expect(isWorkingDay('2025-02-03')).toBe(true); // back to work after Tết 2025
  });

  it('treats announced make-up Saturdays as working days', () => {
    expect(isWorkingDay('2025-02-08')).toBe(true);
    expect(isWorkingDay('2025-04-26')).toBe(true);
    expect(isWorkingDay('2026-01-10')).toBe(true);
    expect(isWorkingDay('2026-08-22')).toBe(true);
    expect(calendarEntry('2026-01-10')).toMatchObject({ kind: 'working_day', source: 'official' });
  });

  it('applies the Labour Code rule beyond the table (Tết 2031 falls on Thursday 23/1)', () => {
    // 22/1 eve, 23–26/1 Tết (25 and 26 a weekend, so 27 and 28 are nghỉ bù), back on 29/1.
    expect(isWorkingDay('2031-01-21')).toBe(true);
    expect(isWorkingDay('2031-01-22')).toBe(false);
    expect(isWorkingDay('2031-01-23')).toBe(false);
    expect(isWorkingDay('2031-01-28')).toBe(false);
    expect(isWorkingDay('2031-01-29')).toBe(true);
    expect(calendarEntry('2031-01-23')).toMatchObject({ kind: 'holiday', source: 'rule' });
  });

  it('refuses dates that are not real yyyy-MM-dd dates', () => {
    expect(() => isWorkingDay('2026-02-30')).toThrow(InvalidInput);
    expect(() => isWorkingDay('2026/01/05')).toThrow(/yyyy-MM-dd/);
    expect(() => addWorkingDays('2026-01-05', 1.5)).toThrow(InvalidInput);
  });
});

describe('addWorkingDays and workingDaysBetween', () => {
  it('skips Tết 2027 in both directions', () => {
    expect(addWorkingDays('2027-02-04', 1)).toBe('2027-02-12');
    expect(addWorkingDays('2027-02-12', -1)).toBe('2027-02-04');
    expect(addWorkingDays('2027-02-04', 3)).toBe('2027-02-16');
  });

  it('counts a make-up Saturday and starts from non-working days', () => {
    expect(addWorkingDays('2026-01-09', 1)).toBe('2026-01-10');
    expect(addWorkingDays('2026-03-07', 1)).toBe('2026-03-09'); // from a Saturday
    expect(addWorkingDays('2026-03-07', 0)).toBe('2026-03-07');
  });

  it('counts only the days strictly between the two dates', () => {
    expect(workingDaysBetween('2026-03-09', '2026-03-13')).toBe(3); // Mon → Fri: Tue, Wed, Thu
    expect(workingDaysBetween('2026-03-09', '2026-03-10')).toBe(0);
    expect(workingDaysBetween('2026-03-09', '2026-03-09')).toBe(0);
    expect(workingDaysBetween('2026-03-13', '2026-03-09')).toBe(0);
  });

  it('counts the working days of 2026 across the year boundaries', () => {
    // 261 weekdays, less 13 weekday holidays and days off (1–2/1, 16–20/2, 27/4, 30/4, 1/5,
    // 31/8, 1–2/9), plus 2 make-up Saturdays (10/1, 22/8).
    expect(workingDaysBetween('2025-12-31', '2027-01-01')).toBe(250);
  });
});

describe('invitationLeadTime (QĐ 45: at least 3 working days)', () => {
  it('is enough with three full working days over an ordinary weekend', () => {
    // Sent Wednesday 4/3/2026: Thursday, Friday, Monday.
    expect(invitationLeadTime(vn('2026-03-04', '16:45'), vn('2026-03-09'))).toEqual({ workingDays: 2, enough: false, earliestStart: '2026-03-10' });
    expect(invitationLeadTime(vn('2026-03-04', '16:45'), vn('2026-03-10'))).toMatchObject({ workingDays: 3, enough: true });
  });

  it('pushes past Tết 2027 and its compensatory days', () => {
    // Sent Thursday 4/2/2027: 5/2 eve, 6–9/2 Tết, 10–11/2 nghỉ bù; then 12, 15, 16 count.
    const sent = vn('2027-02-04', '09:00');
    expect(invitationLeadTime(sent, vn('2027-02-16'))).toEqual({ workingDays: 2, enough: false, earliestStart: '2027-02-17' });
    expect(invitationLeadTime(sent, vn('2027-02-17'))).toMatchObject({ workingDays: 3, enough: true });
  });

  it('pushes past 30/4–1/5 with the swapped Friday, and counts the make-up Saturday', () => {
    // Sent Monday 28/4/2025: Tuesday 29/4, then off 30/4–4/5, then 5/5 and 6/5.
    expect(invitationLeadTime(vn('2025-04-28'), vn('2025-05-06'))).toEqual({ workingDays: 2, enough: false, earliestStart: '2025-05-07' });
    // Sent Thursday 24/4/2025: Friday 25/4, make-up Saturday 26/4, Monday 28/4.
    expect(invitationLeadTime(vn('2025-04-24'), vn('2025-04-29'))).toMatchObject({ workingDays: 3, enough: true });
  });

  it('pushes past 2/9 and its companion day', () => {
    // 2026: Thursday 27/8, Friday 28/8, then off 29/8–2/9, then Thursday 3/9.
    expect(invitationLeadTime(vn('2026-08-26'), vn('2026-09-03'))).toEqual({ workingDays: 2, enough: false, earliestStart: '2026-09-04' });
    // 2025: Friday 29/8, then off 30/8–2/9, then 3/9 and 4/9.
    expect(invitationLeadTime(vn('2025-08-28'), vn('2025-09-05'))).toMatchObject({ workingDays: 3, enough: true });
    expect(invitationLeadTime(vn('2025-08-28'), vn('2025-09-04'))).toMatchObject({ workingDays: 2, enough: false, earliestStart: '2025-09-05' });
  });

  it('crosses the year boundary, New Year swap and make-up Saturday included', () => {
    // Sent Tuesday 30/12/2025: 31/12, then off 1/1–4/1, then 5/1 and 6/1.
    expect(invitationLeadTime(vn('2025-12-30'), vn('2026-01-07'))).toEqual({ workingDays: 3, enough: true, earliestStart: '2026-01-07' });
    // Sent Wednesday 7/1/2026: Thursday, Friday and the make-up Saturday 10/1.
    expect(invitationLeadTime(vn('2026-01-07'), vn('2026-01-12'))).toEqual({ workingDays: 3, enough: true, earliestStart: '2026-01-12' });
  });

  it('reads both instants in Vietnam time, not UTC', () => {
    // 16:30Z on 31/12 is 23:30 in Vietnam, still 31/12; 17:30Z is already 1/1/2026.
    expect(vietnamDate(new Date('2025-12-31T16:30:00Z'))).toBe('2025-12-31');
    expect(vietnamDate(new Date('2025-12-31T17:30:00Z'))).toBe('2026-01-01');
    // Sent at 23:30Z on Tuesday 3/3/2026 = 06:30 Wednesday in Vietnam: Wednesday is the sending day.
    const sent = new Date('2026-03-03T23:30:00Z');
    expect(invitationLeadTime(sent, vn('2026-03-09'))).toMatchObject({ workingDays: 2, enough: false });
    // A meeting at 23:00Z on Sunday 8/3 is 06:00 on Monday 9/3 in Vietnam.
    expect(invitationLeadTime(vn('2026-03-03'), new Date('2026-03-08T23:00:00Z'))).toMatchObject({ workingDays: 3, enough: true });
  });

  it('is never enough for a meeting in the past', () => {
    expect(invitationLeadTime(vn('2026-03-10'), vn('2026-03-02'))).toMatchObject({ workingDays: 0, enough: false, earliestStart: '2026-03-16' });
  });
});

describe('holidaysBetween', () => {
  it('lists Tết 2027 with its compensatory days, in order', () => {
    const days = holidaysBetween('2027-02-01', '2027-02-28');
    expect(days.map((d) => d.date)).toEqual(['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11']);
    expect(days.map((d) => d.kind)).toEqual(['holiday', 'holiday', 'holiday', 'holiday', 'holiday', 'day_off', 'day_off']);
    expect(days[1]!.name).toBe('Tết Nguyên đán (mùng 1 tháng Giêng)');
  });

  it('includes both ends and the make-up days', () => {
    expect(holidaysBetween('2026-01-01', '2026-01-10').map((d) => [d.date, d.kind])).toEqual([
      ['2026-01-01', 'holiday'],
      ['2026-01-02', 'day_off'],
      ['2026-01-10', 'working_day'],
    ]);
    expect(holidaysBetween('2026-03-01', '2026-03-31')).toEqual([]);
  });
});
