import type { DateTime } from 'luxon';
import { api } from '../api.ts';
import { errorText, message } from '../components/feedback.ts';
import { icon } from '../components/icon.ts';
import { pageHeader } from '../components/page-header.ts';
import { h, replaceChildren } from '../dom.ts';
import { flashMessages, takeFlash } from '../flash.ts';
import { t } from '../i18n/index.ts';
import type { PageContext, PageResult } from '../page.ts';
import { href } from '../router.ts';
import { monthGrid, weekGrid } from './calendar-grid.ts';
import { feedCard } from './feed-link.ts';
import { isoDate, monthTitle, parseDate, todayVN } from './format.ts';
import type { CalendarResponse } from './types.ts';

type View = 'week' | 'month';

/**
 * Lịch họp: the signed-in user's body's meetings by week or month. The view and the date
 * live in the address (#/meetings?view=month&date=2027-01-12), so a reload or a shared
 * link shows the same period; moving between periods redraws only the grid.
 */
export function render({ user }: PageContext): PageResult {
  if (!user) return h('div');
  const params = new URLSearchParams(location.hash.split('?')[1] ?? '');
  let view: View = params.get('view') === 'month' ? 'month' : 'week';
  let anchor = parseDate(params.get('date')) ?? todayVN();
  let controller: AbortController | null = null;

  const title = h('h2', { class: 'cal-period', 'aria-live': 'polite' });
  const grid = h('div', { class: 'cal-grid-wrap' });
  const prev = h('button', { type: 'button', class: 'button button--secondary cal-step' }, h('span', { class: 'cal-step-icon cal-step-icon--prev' }, icon('chevron')));
  const next = h('button', { type: 'button', class: 'button button--secondary cal-step' }, icon('chevron'));
  const today = h('button', { type: 'button', class: 'button button--secondary' }, t('cal.today'));
  const viewButtons = (['week', 'month'] as const).map((v) =>
    h('button', { type: 'button', class: 'segmented-option', 'data-view': v, on: { click: () => setView(v) } }, t(v === 'week' ? 'cal.week' : 'cal.month')),
  );

  const range = (): { from: DateTime; to: DateTime; gridStart: DateTime } => {
    if (view === 'week') {
      const monday = anchor.startOf('week');
      return { from: monday, to: monday.plus({ days: 6 }), gridStart: monday };
    }
    const first = anchor.startOf('month');
    const gridStart = first.startOf('week');
    return { from: gridStart, to: first.endOf('month').endOf('week').startOf('day'), gridStart };
  };

  const load = (): void => {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    const { from, to, gridStart } = range();
    prev.setAttribute('aria-label', t(view === 'week' ? 'cal.prev.week' : 'cal.prev.month'));
    next.setAttribute('aria-label', t(view === 'week' ? 'cal.next.week' : 'cal.next.month'));
    title.textContent = view === 'week'
      ? t('cal.weekTitle', { from: from.toFormat('dd/MM'), to: to.toFormat('dd/MM/yyyy') })
      : monthTitle(anchor);
    for (const b of viewButtons) b.setAttribute('aria-pressed', String(b.dataset['view'] === view));
    history.replaceState(history.state, '', `#/meetings?view=${view}&date=${isoDate(anchor)}`);
    grid.setAttribute('aria-busy', 'true');
    api.get<CalendarResponse>('/api/calendar', { from: isoDate(from), to: isoDate(to) }, mine.signal).then(
      (cal) => {
        if (mine.signal.aborted) return;
        const now = todayVN();
        replaceChildren(
          grid,
          view === 'week' ? weekGrid(gridStart, now, cal.items) : monthGrid(gridStart, anchor.startOf('month'), now, cal.items, openWeek),
          cal.items.length === 0 ? h('p', { class: 'muted cal-empty' }, t('cal.empty')) : null,
        );
        grid.removeAttribute('aria-busy');
      },
      (err: unknown) => {
        if (mine.signal.aborted) return;
        grid.removeAttribute('aria-busy');
        grid.replaceChildren(
          message('error', errorText(err)),
          h('button', { type: 'button', class: 'button button--secondary', on: { click: load } }, t('error.retry')),
        );
      },
    );
  };

  const step = (sign: 1 | -1): void => {
    anchor = view === 'week' ? anchor.plus({ weeks: sign }) : anchor.startOf('month').plus({ months: sign });
    load();
  };
  const setView = (v: View): void => {
    view = v;
    load();
  };
  const openWeek = (day: DateTime): void => {
    anchor = day;
    setView('week');
  };
  prev.addEventListener('click', () => step(-1));
  next.addEventListener('click', () => step(1));
  today.addEventListener('click', () => {
    anchor = todayVN();
    load();
  });

  const mayConvene = user.role === 'convener' || user.role === 'admin';
  const flash = takeFlash();
  const node = h(
    'div',
    { class: 'page page--wide' },
    h(
      'div',
      { class: 'page-head-row' },
      pageHeader(t('nav.meetings'), t('cal.lead', { body: user.body.name })),
      mayConvene ? h('a', { class: 'button button--primary', href: href('/meetings/new') }, t('cal.create')) : null,
    ),
    flashMessages(flash),
    h(
      'section',
      { class: 'card cal-card', 'aria-labelledby': 'cal-period' },
      h(
        'div',
        { class: 'cal-toolbar' },
        h('div', { class: 'cal-nav' }, prev, today, next),
        title,
        h('div', { class: 'segmented', role: 'group', 'aria-label': t('cal.view') }, viewButtons),
      ),
      grid,
    ),
    feedCard(),
  );
  title.id = 'cal-period';
  load();
  return { node, cleanup: () => controller?.abort() };
}
