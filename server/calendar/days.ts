import { InvalidInput } from '../lib/errors.ts';

/** Dates in this module are calendar dates in Vietnam, written 'yyyy-MM-dd'. */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/**
 * Days since 1970-01-01 for an ISO date. Calendar dates carry no time zone, so plain
 * day numbers keep the arithmetic free of DST and offset questions.
 */
export function dayNumber(date: IsoDate): number {
  const m = ISO_DATE.exec(date);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const t = Date.UTC(y, mo - 1, d);
    const back = new Date(t);
    if (back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d) return t / DAY_MS;
  }
  throw new InvalidInput(`Ngày không hợp lệ: "${date}" (cần dạng yyyy-MM-dd). / Invalid date "${date}" (expected yyyy-MM-dd).`);
}

export function fromDayNumber(n: number): IsoDate {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function weekdayOf(n: number): number {
  // 1970-01-01 was a Thursday (ISO 4).
  return ((((n + 3) % 7) + 7) % 7) + 1;
}

export function isWeekend(n: number): boolean {
  return weekdayOf(n) >= 6;
}

export function isoDate(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** "dd/MM/yyyy", as dates are written in Vietnamese text. */
export function viDate(date: IsoDate): string {
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
}
