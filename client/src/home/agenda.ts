import { api, ApiError } from '../api.ts';
import { h } from '../dom.ts';
import { getLang, t } from '../i18n/index.ts';
import { href } from '../router.ts';
import { clockVN, dateKeyVN, dmy, VN_ZONE } from '../time.ts';
import { joinControl } from './join-button.ts';
import type { AgendaEntry, AgendaResponse } from './types.ts';

const TICK_MS = 15_000;
const REFRESH_MS = 120_000;

export interface AgendaView {
  element: HTMLElement;
  stop: () => void;
}

const statusKey = (s: AgendaEntry['status']) => `mtg.status.${s}` as const;
const rsvpKey = (r: NonNullable<AgendaEntry['rsvp']>) => `mtg.rsvp.${r}` as const;

/**
 * My meetings over `days` days from today, grouped by day, each with its Join control. The
 * controls follow the server's clock (its offset from this PC's, measured at the first load), re-checked every
 * 15 s so the button opens on time without a reload; the list itself reloads every 2 min.
 */
export function agendaView(days: number, options: { empty?: string } = {}): AgendaView {
  const element = h('div', { class: 'my-agenda', 'aria-busy': 'true' }, h('p', { class: 'muted' }, t('app.loading')));
  let data: AgendaResponse | null = null;
  let offset = 0;
  let stopped = false;
  const now = () => Date.now() + offset;

  const load = async (): Promise<void> => {
    try {
      const res = await api.get<AgendaResponse>('/api/me/agenda', { days });
      if (stopped) return;
      // Measured once: this PC's clock runs at the server's pace, only from a different start.
      if (!data) offset = Date.parse(res.serverTime) - Date.now();
      data = res;
      paint();
    } catch (err) {
      if (stopped || (err instanceof ApiError && err.status === 401)) return;
      if (!data) {
        element.replaceChildren(h('p', { class: 'mtg-message mtg-message--error', role: 'alert' }, t('agenda.loadFailed'), ' ',
          h('button', { type: 'button', class: 'link-button', on: { click: () => void load() } }, t('agenda.retry'))));
      }
    } finally {
      element.removeAttribute('aria-busy');
    }
  };

  const paint = (): void => {
    if (!data) return;
    const items = data.items;
    if (items.length === 0) {
      element.replaceChildren(h('p', { class: 'muted my-agenda-empty' }, options.empty ?? t('agenda.empty')));
      return;
    }
    const today = dateKeyVN(new Date(now()).toISOString());
    const byDay = new Map<string, AgendaEntry[]>();
    const todayStart = Date.parse(`${today}T00:00:00+07:00`);
    for (const item of items) {
      // A meeting running since yesterday belongs under today.
      const day = Date.parse(item.startsAt) < todayStart ? today : dateKeyVN(item.startsAt);
      byDay.set(day, [...(byDay.get(day) ?? []), item]);
    }
    element.replaceChildren(...[...byDay].map(([day, list]) =>
      h('section', { class: 'my-agenda-day', 'data-day': day },
        h('h3', { class: 'my-agenda-day-title' }, dayTitle(day, today)),
        h('ul', { class: 'my-agenda-list' }, list.map((item) => entry(item))))));
  };

  const entry = (m: AgendaEntry): HTMLElement => {
    const answerable = m.relations.includes('invited') && m.rsvp !== null && m.status !== 'cancelled' && m.status !== 'ended' && m.status !== 'closed';
    return h(
      'li',
      { class: `my-agenda-item my-agenda-item--${m.status}`, 'data-meeting': m.id },
      h('div', { class: 'my-agenda-time' }, h('span', null, clockVN(m.startsAt)), h('span', { class: 'my-agenda-time-end' }, `– ${clockVN(m.endsAt)}`)),
      h(
        'div',
        { class: 'my-agenda-body' },
        h('a', { class: 'my-agenda-title', href: href(`/meetings/${m.id}`) }, m.title),
        h('p', { class: 'my-agenda-meta' }, [m.convenerName, m.hostRoom].filter(Boolean).join(' · ')),
        h(
          'div',
          { class: 'my-agenda-tags' },
          // "Đã mời" says nothing the list does not; other statuses (live, postponed, cancelled…) do.
          m.status === 'invited' ? null : h('span', { class: `status-badge status-badge--${m.status}` }, t(statusKey(m.status))),
          m.relations.map((r) => h('span', { class: 'tag' }, t(`agenda.rel.${r}` as const))),
          m.rsvp ? h('span', { class: `rsvp-badge rsvp-badge--${m.rsvp}`, 'data-rsvp': m.rsvp }, t(rsvpKey(m.rsvp))) : null,
          answerable
            ? h('a', { class: 'my-agenda-answer', href: href(`/meetings/${m.id}`) }, m.rsvp === 'pending' ? t('agenda.answer') : t('agenda.changeAnswer'))
            : null,
        ),
      ),
      h('div', { class: 'my-agenda-join', 'data-join-slot': m.id }, joinControl(m, now())),
    );
  };

  /** Only the Join controls change with the clock: repaint them, not the list (focus stays put). */
  const tick = (): void => {
    if (!data) return;
    for (const m of data.items) {
      const slot = element.querySelector<HTMLElement>(`[data-join-slot="${m.id}"]`);
      const next = joinControl(m, now());
      if (slot && slot.innerHTML !== (next?.outerHTML ?? '')) slot.replaceChildren(...(next ? [next] : []));
    }
  };

  void load();
  const ticker = setInterval(tick, TICK_MS);
  const refresher = setInterval(() => void load(), REFRESH_MS);
  return {
    element,
    stop: () => {
      stopped = true;
      clearInterval(ticker);
      clearInterval(refresher);
    },
  };
}

const weekday = (lang: string) => new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { timeZone: VN_ZONE, weekday: 'long' });

/** "Hôm nay — Thứ Hai, 12/01/2027" for today, "Thứ Ba, 13/01/2027" otherwise. */
function dayTitle(day: string, today: string): string {
  const name = weekday(getLang()).format(new Date(`${day}T12:00:00+07:00`));
  const label = `${name.charAt(0).toUpperCase()}${name.slice(1)}, ${dmy(day)}`;
  const tomorrow = dateKeyVN(new Date(Date.parse(`${today}T12:00:00+07:00`) + 86_400_000).toISOString());
  if (day === today) return `${t('agenda.today')} — ${label}`;
  if (day === tomorrow) return `${t('agenda.tomorrow')} — ${label}`;
  return label;
}
