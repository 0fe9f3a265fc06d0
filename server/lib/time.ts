import { DateTime } from 'luxon';
import { InvalidInput } from './errors.ts';
import { VN_ZONE } from './zone.ts';

export { VN_ZONE };

/** The instant on Vietnam's clock (or `zone`'s), for formatting. */
export function inZone(instant: Date, zone: string = VN_ZONE): DateTime {
  return DateTime.fromJSDate(instant, { zone });
}

/** ISO 8601 with Vietnam's offset, e.g. "2027-01-12T08:00:00.000+07:00". */
export function vietnamIso(instant: Date): string {
  return inZone(instant).toISO()!;
}

/** "2027-01-12T08:00" in `zone` → the UTC instant. Refuses impossible or malformed times. */
export function localToUtc(local: string, zone: string = VN_ZONE, field = 'time'): Date {
  const dt = DateTime.fromISO(local, { zone });
  if (!dt.isValid) {
    throw new InvalidInput(`Thời gian "${local}" không hợp lệ (${field}). / Invalid local time "${local}" (${field}).`);
  }
  return dt.toUTC().toJSDate();
}

/**
 * Pure results of luxon's zone arithmetic, remembered: every meeting a read shows formats two
 * instants, and luxon's offset lookup (Intl formatToParts) was a tenth of a calendar read's
 * CPU. The zone rules do not change while the process runs, so a remembered answer is never
 * stale; the map is emptied when full rather than grown.
 */
function remembered<T>(limit: number, compute: (instant: number, zone: string) => T): (instant: number, zone: string) => T {
  const answers = new Map<string, T>();
  return (instant, zone) => {
    const key = `${instant}|${zone}`;
    let answer = answers.get(key);
    if (answer === undefined) {
      answer = compute(instant, zone);
      if (answers.size >= limit) answers.clear();
      answers.set(key, answer);
    }
    return answer;
  };
}

const localWallTime = remembered(20_000, (instant, zone) => DateTime.fromMillis(instant, { zone }).toFormat("yyyy-MM-dd'T'HH:mm"));

/** The instant as local wall time "yyyy-MM-ddTHH:mm" in `zone`. */
export function utcToLocal(instant: Date, zone: string = VN_ZONE): string {
  return localWallTime(instant.getTime(), zone);
}

/** "08:00 thứ Hai, 12/01/2027" — how people read a meeting time. */
export function formatVietnamese(instant: Date, zone: string = VN_ZONE): string {
  const dt = inZone(instant, zone);
  const weekday = dt.weekday === 7 ? 'Chủ nhật' : `thứ ${['Hai', 'Ba', 'Tư', 'Năm', 'Sáu', 'Bảy'][dt.weekday - 1]}`;
  return `${dt.toFormat('HH:mm')} ${weekday}, ${dt.toFormat('dd/MM/yyyy')}`;
}

/** "12/01/2027" from "2027-01-12". */
export function formatDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}/${m}/${y}`;
}

/** Refuses a zone luxon does not know (checked before a meeting's zone is stored). */
export function requireZone(zone: string): void {
  if (!DateTime.local().setZone(zone).isValid) throw new InvalidInput(`Múi giờ "${zone}" không hợp lệ. / Unknown time zone "${zone}".`);
}

const dayStarts = new Map<string, number>();

/** Midnight starting the local date "yyyy-MM-dd" in `zone`, as an instant; refuses impossible dates. */
export function localDayStart(isoDate: string, zone: string = VN_ZONE): Date {
  const key = `${isoDate}|${zone}`;
  const known = dayStarts.get(key);
  if (known !== undefined) return new Date(known);
  const dt = DateTime.fromISO(isoDate, { zone });
  if (!dt.isValid || !/^\d{4}-\d{2}-\d{2}$/.test(isoDate)) {
    throw new InvalidInput(`Ngày "${isoDate}" không hợp lệ (cần dạng yyyy-MM-dd). / Invalid date "${isoDate}" (expected yyyy-MM-dd).`);
  }
  const start = dt.startOf('day').toUTC().toMillis();
  // Only valid dates are remembered (a refused one is not), so the map holds real days only.
  if (dayStarts.size >= 20_000) dayStarts.clear();
  dayStarts.set(key, start);
  return new Date(start);
}

/** The one check that a span ends after it starts (meetings, postponements, calendar events). */
export function requireEndAfterStart(start: Date, end: Date): void {
  if (end.getTime() <= start.getTime()) throw new InvalidInput('Giờ kết thúc phải sau giờ bắt đầu. / The end must be after the start.');
}
