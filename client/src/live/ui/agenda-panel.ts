import { h, replaceChildren, uid } from '../../dom.ts';
import { t } from '../../i18n/index.ts';
import { elapsed } from '../records.ts';
import type { LiveSession } from '../session.ts';
import { isChair } from '../state.ts';
import { NARROW_SCREEN } from './layout.ts';

/**
 * The meeting's agenda (chương trình họp): every item, the one under discussion highlighted
 * with the time spent on it. The chủ trì moves on with Previous/Next or by choosing an item;
 * everyone else follows. Hidden when the meeting has no agenda.
 */
export function agendaPanel(session: LiveSession): { node: HTMLElement; update(): void; dispose(): void } {
  const timer = h('span', { class: 'agenda-elapsed', role: 'timer', 'data-agenda-elapsed': '' });
  const current = h('p', { class: 'agenda-current', 'aria-live': 'polite' });
  const listId = uid('agenda-list');
  const list = h('ol', { id: listId, class: 'agenda-list' });
  const listToggle = h('button', {
    type: 'button', class: 'agenda-list-toggle', 'aria-controls': listId, 'data-control': 'agenda-list-toggle',
    on: { click: () => setListOpen(list.hidden) },
  });
  const previous = h('button', { type: 'button', class: 'live-button live-button--small', 'data-control': 'agenda-previous', on: { click: () => void step(-1) } }, `‹ ${t('live.agenda.previous')}`);
  const next = h('button', { type: 'button', class: 'live-button live-button--small live-button--primary', 'data-control': 'agenda-next', on: { click: () => void step(1) } }, `${t('live.agenda.next')} ›`);
  const chairRow = h('div', { class: 'agenda-chair', hidden: true }, previous, next);
  const node = h(
    'section',
    { class: 'live-panel agenda-panel', 'aria-labelledby': 'agenda-title', hidden: true },
    h('div', { class: 'agenda-head' }, h('h2', { id: 'agenda-title', class: 'live-panel-title' }, t('live.agenda.title')), timer),
    current,
    chairRow,
    listToggle,
    list,
  );

  /** On a phone only the open item shows, the whole agenda a tap away; at a desk all of it. */
  function setListOpen(open: boolean): void {
    list.hidden = !open;
    listToggle.setAttribute('aria-expanded', String(open));
    listToggle.textContent = t(open ? 'live.agenda.hideAll' : 'live.agenda.showAll', { n: session.state.agenda.items.length });
  }

  const tick = setInterval(() => renderTimer(), 1_000);

  function renderTimer(): void {
    const { agenda, agendaSkewMs } = session.state;
    const text = agenda.startedAt && agenda.currentIndex !== null ? elapsed(agenda.startedAt, agendaSkewMs) : '';
    if (timer.textContent !== text) timer.textContent = text;
    timer.setAttribute('aria-label', text ? t('live.agenda.elapsed', { time: text }) : '');
  }

  async function open(index: number): Promise<void> {
    try {
      await session.request('setAgendaItem', { index });
    } catch (err) {
      session.state.message = err instanceof Error ? err.message : String(err);
      session.mark('message');
    }
  }

  function step(by: number): Promise<void> {
    const { currentIndex, items } = session.state.agenda;
    const target = currentIndex === null ? 0 : currentIndex + by;
    return target >= 0 && target < items.length ? open(target) : Promise.resolve();
  }

  function update(): void {
    const s = session.state;
    const { items, currentIndex } = s.agenda;
    node.hidden = items.length === 0;
    const chairing = isChair(s);
    const item = currentIndex === null ? undefined : items[currentIndex];
    replaceChildren(
      current,
      item
        ? [h('span', { class: 'badge badge--agenda' }, t('live.agenda.current')), ' ', h('strong', { 'data-agenda-current': String(currentIndex) }, `${currentIndex! + 1}. ${item.title}`)]
        : h('span', { class: 'muted' }, t('live.agenda.notStarted')),
    );
    list.replaceChildren(
      ...items.map((entry, index) => {
        const meta = [
          entry.presenter ? t('live.agenda.presenter', { name: entry.presenter }) : '',
          entry.plannedMinutes > 0 ? t('live.agenda.planned', { n: entry.plannedMinutes }) : '',
        ].filter(Boolean).join(' · ');
        const isCurrent = index === currentIndex;
        const label = h('span', { class: 'agenda-item-title' }, entry.title);
        const body = chairing && !isCurrent
          ? h('button', { type: 'button', class: 'agenda-item-open', 'data-agenda-open': String(index), title: t('live.agenda.open', { n: index + 1, title: entry.title }), on: { click: () => void open(index) } }, label)
          : label;
        return h(
          'li',
          { class: `agenda-item${isCurrent ? ' agenda-item--current' : ''}`, 'data-agenda-index': String(index), 'aria-current': isCurrent ? 'step' : null },
          h('span', { class: 'live-agenda-number' }, String(index + 1)),
          h('div', { class: 'agenda-item-body' }, body, meta ? h('span', { class: 'agenda-meta muted' }, meta) : null),
        );
      }),
    );
    chairRow.hidden = !chairing;
    setListOpen(!list.hidden);
    previous.disabled = currentIndex === null || currentIndex === 0;
    next.disabled = currentIndex !== null && currentIndex >= items.length - 1;
    next.textContent = currentIndex === null ? t('live.agenda.start') : `${t('live.agenda.next')} ›`;
    renderTimer();
  }

  update();
  setListOpen(!window.matchMedia(NARROW_SCREEN).matches);
  return { node, update, dispose: () => clearInterval(tick) };
}
