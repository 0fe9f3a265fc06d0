import type { DateTime } from 'luxon';
import { inZone } from '../lib/time.ts';

const WEEKDAYS = ['thứ Hai', 'thứ Ba', 'thứ Tư', 'thứ Năm', 'thứ Sáu', 'thứ Bảy', 'Chủ nhật'];

function local(instant: Date): DateTime {
  const dt = inZone(instant);
  if (!dt.isValid) throw new RangeError('Invalid date');
  return dt;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * "ngày 05 tháng 01 năm 2027". NĐ 30/2020 (Phụ lục I): days below 10 and the months 1 and 2
 * take a leading zero — so "tháng 01", "tháng 02", but "tháng 3" — the zero keeps anyone from
 * adding a digit in front of a 1 or 2 ("tháng 1" → "tháng 11").
 */
export function formatVietnameseDate(instant: Date): string {
  const dt = local(instant);
  const month = dt.month <= 2 ? pad2(dt.month) : String(dt.month);
  return `ngày ${pad2(dt.day)} tháng ${month} năm ${dt.year}`;
}

/** The place/date line under the national heading: "Hà Tĩnh, ngày 05 tháng 01 năm 2027". */
export function formatPlaceDate(place: string, date: Date): string {
  return `${place}, ${formatVietnameseDate(date)}`;
}

/** "08 giờ 00 phút" in Vietnam time. */
export function formatClock(instant: Date): string {
  const dt = local(instant);
  return `${pad2(dt.hour)} giờ ${pad2(dt.minute)} phút`;
}

/** "thứ Ba" … "Chủ nhật". */
export function formatWeekday(instant: Date): string {
  return WEEKDAYS[local(instant).weekday - 1]!;
}

/**
 * The "Thời gian:" line of an invitation, in Vietnam time:
 * "08 giờ 00 phút, thứ Ba, ngày 12 tháng 01 năm 2027 (kết thúc lúc 11 giờ 30 phút)", or for a
 * meeting over several days "08 giờ 00 phút, thứ Ba, ngày 12 … đến 17 giờ 00 phút, thứ Tư, ngày 13 …".
 * The start comes first because that is what the reader acts on.
 */
export function formatMeetingTime(start: Date, end?: Date): string {
  const startText = `${formatClock(start)}, ${formatWeekday(start)}, ${formatVietnameseDate(start)}`;
  if (!end || end.getTime() <= start.getTime()) return startText;
  if (local(end).hasSame(local(start), 'day')) return `${startText} (kết thúc lúc ${formatClock(end)})`;
  return `${startText} đến ${formatClock(end)}, ${formatWeekday(end)}, ${formatVietnameseDate(end)}`;
}
