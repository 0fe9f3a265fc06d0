/**
 * Times as people in Vietnam read them, whatever the browser's own zone: a commune office's
 * PC set to UTC must still show 08:00 for an 08:00 meeting. Plain Intl, so the live meeting
 * room can use it without loading luxon (the meetings pages' calendar arithmetic does).
 */
export const VN_ZONE = 'Asia/Ho_Chi_Minh';

const clock = new Intl.DateTimeFormat('en-GB', {
  timeZone: VN_ZONE,
  hourCycle: 'h23',
  hour: '2-digit',
  minute: '2-digit',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});

function partsVN(iso: string): Record<string, string> | null {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  return Object.fromEntries(clock.formatToParts(date).map((part) => [part.type, part.value]));
}

/** An instant (ISO, UTC) as "08:05" in Vietnam; empty when it is not a date. */
export function clockVN(iso: string): string {
  const p = partsVN(iso);
  return p ? `${p['hour']}:${p['minute']}` : '';
}

/** An instant (ISO, UTC) as "08:05, 12/01/2027" in Vietnam; empty when it is not a date. */
export function instantVN(iso: string): string {
  const p = partsVN(iso);
  return p ? `${p['hour']}:${p['minute']}, ${p['day']}/${p['month']}/${p['year']}` : '';
}

/** The Vietnam calendar date of an instant as "yyyy-MM-dd" (to group by day); empty when it is not a date. */
export function dateKeyVN(iso: string): string {
  const p = partsVN(iso);
  return p ? `${p['year']}-${p['month']}-${p['day']}` : '';
}

/** "12/01/2027" for "2027-01-12": how dates are written here, whatever the browser's locale. */
export function dmy(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return y && m && d ? `${d}/${m}/${y}` : isoDate;
}
