import type { DateTime } from 'luxon';
import { h, uid } from '../dom.ts';
import { t } from '../i18n/index.ts';
import { href } from '../router.ts';
import { rsvpBadge, statusBadge } from './badges.ts';
import { isoDate, longDate, meetingEnd, meetingStart, timeOf, weekdayLong, weekdayShort } from './format.ts';
import type { CalendarItem } from './types.ts';

/**
 * The week and month grids of a body's calendar. Both show each meeting on its start day,
 * in the meeting's own wall time (Vietnam for every meeting entered here), as a link to
 * the meeting page. The month grid is a real table, so screen readers announce the
 * weekday and the date of the cell they are in.
 */

/** Meetings by local start date "yyyy-MM-dd", each day sorted by start. */
export function byDay(items: CalendarItem[]): Map<string, CalendarItem[]> {
  const days = new Map<string, CalendarItem[]>();
  for (const item of [...items].sort((a, b) => a.startsAt.localeCompare(b.startsAt))) {
    const day = item.startsAtLocal.slice(0, 10);
    days.set(day, [...(days.get(day) ?? []), item]);
  }
  return days;
}

export function weekGrid(monday: DateTime, today: DateTime, items: CalendarItem[]): HTMLElement {
  const days = byDay(items);
  return h(
    'div',
    { class: 'cal-week' },
    Array.from({ length: 7 }, (_, i) => {
      const day = monday.plus({ days: i });
      const meetings = days.get(isoDate(day)) ?? [];
      const headingId = uid('cal-day');
      const isToday = day.hasSame(today, 'day');
      return h(
        'section',
        { class: `cal-day${isToday ? ' cal-day--today' : ''}${day.weekday >= 6 ? ' cal-day--weekend' : ''}`, 'aria-labelledby': headingId },
        h(
          'h3',
          { id: headingId, class: 'cal-day-title' },
          h('span', { class: 'cal-day-name' }, weekdayLong(day)),
          h('span', { class: 'cal-day-date' }, day.toFormat('dd/MM')),
          isToday ? h('span', { class: 'visually-hidden' }, ` (${t('cal.today')})`) : null,
        ),
        meetings.length === 0
          ? h('p', { class: 'cal-none' }, t('cal.noMeetings'))
          : h('ul', { class: 'cal-events' }, meetings.map((m) => h('li', null, eventCard(m)))),
      );
    }),
  );
}

function eventCard(m: CalendarItem): HTMLElement {
  const cancelled = m.status === 'cancelled';
  return h(
    'a',
    { class: `cal-event cal-event--${m.status}${cancelled ? ' cal-event--struck' : ''}`, href: href(`/meetings/${m.id}`) },
    h('span', { class: 'cal-event-time' }, `${timeOf(meetingStart(m))} – ${timeOf(meetingEnd(m))}`),
    h('span', { class: 'cal-event-title' }, m.title),
    h('span', { class: 'cal-event-meta' }, m.role === 'convener' ? t('mtg.role.convener') : m.convenerName),
    h(
      'span',
      { class: 'cal-event-badges' },
      statusBadge(m.status),
      m.urgent ? h('span', { class: 'tag tag--urgent' }, t('mtg.urgent')) : null,
      m.role === 'invited' && m.rsvp ? rsvpBadge(m.rsvp) : null,
    ),
  );
}

/** Cells per day: a few meetings shown, the rest counted (the day's link is the week view). */
const MONTH_CELL_LIMIT = 3;

export function monthGrid(gridStart: DateTime, month: DateTime, today: DateTime, items: CalendarItem[], openWeek: (day: DateTime) => void): HTMLElement {
  const days = byDay(items);
  const weeks = Math.ceil(month.endOf('month').diff(gridStart, 'days').days / 7);
  return h(
    'table',
    { class: 'cal-month' },
    h('caption', { class: 'visually-hidden' }, month.toFormat('MM/yyyy')),
    h(
      'thead',
      null,
      h('tr', null, Array.from({ length: 7 }, (_, i) => {
        const day = gridStart.plus({ days: i });
        return h('th', { scope: 'col' }, h('abbr', { title: weekdayLong(day) }, weekdayShort(day)));
      })),
    ),
    h(
      'tbody',
      null,
      Array.from({ length: weeks }, (_, w) =>
        h('tr', null, Array.from({ length: 7 }, (_, d) => monthCell(gridStart.plus({ days: w * 7 + d }), month, today, days, openWeek))),
      ),
    ),
  );
}

function monthCell(day: DateTime, month: DateTime, today: DateTime, days: Map<string, CalendarItem[]>, openWeek: (day: DateTime) => void): HTMLElement {
  const meetings = days.get(isoDate(day)) ?? [];
  const outside = !day.hasSame(month, 'month');
  const isToday = day.hasSame(today, 'day');
  const shown = meetings.slice(0, MONTH_CELL_LIMIT);
  const rest = meetings.length - shown.length;
  return h(
    'td',
    { class: `cal-cell${outside ? ' cal-cell--outside' : ''}${isToday ? ' cal-cell--today' : ''}${day.weekday >= 6 ? ' cal-cell--weekend' : ''}` },
    h('span', { class: 'cal-cell-date', 'aria-label': longDate(day) }, String(day.day)),
    shown.length
      ? h(
          'ul',
          { class: 'cal-cell-events' },
          shown.map((m) =>
            h(
              'li',
              null,
              h(
                'a',
                { class: `cal-chip cal-chip--${m.status}`, href: href(`/meetings/${m.id}`), title: `${m.title} · ${t(`mtg.status.${m.status}` as const)}` },
                h('span', { class: 'cal-chip-time' }, timeOf(meetingStart(m))),
                ' ',
                h('span', { class: 'cal-chip-title' }, m.title),
                h('span', { class: 'visually-hidden' }, ` (${t(`mtg.status.${m.status}` as const)})`),
              ),
            ),
          ),
        )
      : null,
    rest > 0 ? h('button', { type: 'button', class: 'link-button cal-more', on: { click: () => openWeek(day) } }, t('cal.more', { n: rest })) : null,
  );
}
