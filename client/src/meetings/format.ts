import { DateTime } from 'luxon';
import { formatNumber, getLang } from '../i18n/index.ts';
import { VN_ZONE } from '../time.ts';
import type { Meeting } from './types.ts';

/**
 * Calendar dates and meeting times in Vietnam (luxon, for the calendar's arithmetic); the
 * zone itself and instant formatting are in ../time.ts.
 */

const locale = (): string => (getLang() === 'vi' ? 'vi-VN' : 'en-GB');

/** Today's date in Vietnam, at midnight there. */
export function todayVN(): DateTime {
  return DateTime.now().setZone(VN_ZONE).startOf('day');
}

/** "yyyy-MM-dd" (a calendar date in Vietnam) → DateTime at midnight in Vietnam; null if malformed. */
export function parseDate(iso: string | null | undefined): DateTime | null {
  if (!iso || !/^\d{4}-\d{2}-\d{2}$/.test(iso)) return null;
  const dt = DateTime.fromISO(iso, { zone: VN_ZONE });
  return dt.isValid ? dt : null;
}

export function isoDate(dt: DateTime): string {
  return dt.toISODate() ?? '';
}

/** The meeting's start as wall time in its own zone (what the convener entered). */
export function meetingStart(m: Pick<Meeting, 'startsAtLocal' | 'timeZone'>): DateTime {
  return DateTime.fromISO(m.startsAtLocal, { zone: m.timeZone });
}

export function meetingEnd(m: Pick<Meeting, 'endsAtLocal' | 'timeZone'>): DateTime {
  return DateTime.fromISO(m.endsAtLocal, { zone: m.timeZone });
}

/** "08:00" */
export function timeOf(dt: DateTime): string {
  return dt.toFormat('HH:mm');
}

/** "Thứ Hai, 12/01/2027" / "Monday, 12/01/2027" */
export function longDate(dt: DateTime): string {
  const weekday = dt.setLocale(locale()).toFormat('cccc');
  return `${capitalise(weekday)}, ${dt.toFormat('dd/MM/yyyy')}`;
}

/** "08:00 – 11:30, Thứ Hai, 12/01/2027" (the end date is added when it differs). */
export function meetingWhen(m: Pick<Meeting, 'startsAtLocal' | 'endsAtLocal' | 'timeZone'>): string {
  const start = meetingStart(m);
  const end = meetingEnd(m);
  const sameDay = start.hasSame(end, 'day');
  const zone = m.timeZone === VN_ZONE ? '' : ` (${m.timeZone})`;
  return sameDay
    ? `${timeOf(start)} – ${timeOf(end)}, ${longDate(start)}${zone}`
    : `${timeOf(start)} ${longDate(start)} – ${timeOf(end)} ${longDate(end)}${zone}`;
}

/** Weekday names Monday-first, short: "T2" … "CN" / "Mon" … "Sun". */
export function weekdayShort(dt: DateTime): string {
  if (getLang() === 'vi') return dt.weekday === 7 ? 'CN' : `T${dt.weekday + 1}`;
  return dt.setLocale(locale()).toFormat('ccc');
}

export function weekdayLong(dt: DateTime): string {
  return capitalise(dt.setLocale(locale()).toFormat('cccc'));
}

/** "Tháng 1 năm 2027" / "January 2027" */
export function monthTitle(dt: DateTime): string {
  if (getLang() === 'vi') return `Tháng ${dt.month} năm ${dt.year}`;
  return dt.setLocale(locale()).toFormat('LLLL yyyy');
}

export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${formatNumber(bytes)} B`;
  if (bytes < 1024 * 1024) return `${formatNumber(Math.round(bytes / 1024))} KB`;
  return `${formatNumber(Math.round((bytes / 1024 / 1024) * 10) / 10)} MB`;
}

function capitalise(text: string): string {
  return text.charAt(0).toLocaleUpperCase(locale()) + text.slice(1);
}

/** A server warning ("Ngày 02/09/2027 là ngày lễ (…): … / 02/09/2027 is a public holiday …") in the page's language. */
export function warningText(w: { message: string }): string {
  const [vi, en] = w.message.split(' / ');
  return (getLang() === 'vi' ? vi : en ?? vi) ?? w.message;
}
