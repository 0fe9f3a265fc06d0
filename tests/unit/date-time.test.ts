import { describe, expect, test } from 'vitest';
import { parseDmy, parseHm } from '../../client/src/components/date-time.ts';

/** The date and time fields take what people type here and refuse what is not a real date or time. */
describe('typed dates and times', () => {
  test('dates are day/month/year, with or without leading zeros or separators', () => {
    expect(parseDmy('12/01/2027')).toBe('2027-01-12');
    expect(parseDmy('5/1/2027')).toBe('2027-01-05');
    expect(parseDmy(' 05.01.2027 ')).toBe('2027-01-05');
    expect(parseDmy('05-01-2027')).toBe('2027-01-05');
    expect(parseDmy('05012027')).toBe('2027-01-05');
    // A pasted ISO date is still unambiguous.
    expect(parseDmy('2027-01-05')).toBe('2027-01-05');
    expect(parseDmy('29/02/2028')).toBe('2028-02-29');
  });

  test('refuses impossible dates and the month-first order', () => {
    for (const text of ['31/02/2027', '29/02/2027', '12/13/2027', '00/01/2027', '12/15/2026', '1/1/27', '', 'ngày mai']) {
      expect(parseDmy(text), text).toBeNull();
    }
  });

  test('times are 24-hour, typed as 8:30, 8h30, 8h, 0830', () => {
    expect(parseHm('08:30')).toBe('08:30');
    expect(parseHm('8:30')).toBe('08:30');
    expect(parseHm('8h30')).toBe('08:30');
    expect(parseHm('8H')).toBe('08:00');
    expect(parseHm('8.30')).toBe('08:30');
    expect(parseHm('0830')).toBe('08:30');
    expect(parseHm('14')).toBe('14:00');
    expect(parseHm('23:59')).toBe('23:59');
    for (const text of ['24:00', '8:60', '08:30 AM', '8:3', '', 'sáng']) expect(parseHm(text), text).toBeNull();
  });
});
