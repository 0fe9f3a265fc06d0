import { h, uid } from '../dom.ts';
import { t } from '../i18n/index.ts';
import type { AgendaItemInput } from './types.ts';

/**
 * The ordered agenda: each item a title, a presenter and planned minutes; add, remove and
 * move up or down with real buttons (keyboard and screen readers need no drag and drop).
 * After a move the focus follows the moved item's button, so repeated presses keep moving it.
 */
export interface AgendaEditor {
  element: HTMLElement;
  /** Items with a title; rows left completely empty are ignored. */
  items(): AgendaItemInput[];
  /** Marks rows without a title (but with other content); returns the first bad input. */
  validate(): HTMLElement | null;
  /** Server errors by row index (from paths like "agenda.2.title"). */
  showErrors(byRow: Map<number, string>): HTMLElement | null;
}

interface Row {
  key: string;
  title: string;
  presenter: string;
  minutes: string;
  error: string | null;
}

export function createAgendaEditor(initial: AgendaItemInput[] = []): AgendaEditor {
  const rows: Row[] = initial.map((item) => ({
    key: uid('agenda'), title: item.title, presenter: item.presenter ?? '', minutes: item.plannedMinutes ? String(item.plannedMinutes) : '', error: null,
  }));
  const list = h('ol', { class: 'agenda-editor-list' });
  const total = h('p', { class: 'field-hint agenda-total', 'aria-live': 'polite' });
  const add = h('button', { type: 'button', class: 'button button--secondary' }, '+ ', t('create.agendaAdd'));

  const blank = (r: Row) => !r.title.trim() && !r.presenter.trim() && !r.minutes.trim();

  const updateTotal = (): void => {
    const minutes = rows.reduce((sum, r) => sum + (Number.parseInt(r.minutes, 10) || 0), 0);
    total.textContent = minutes > 0 ? t('create.agendaTotal', { n: minutes }) : '';
  };

  const render = (focus?: { key: string; control: string }): void => {
    list.replaceChildren(
      ...(rows.length === 0 ? [h('li', { class: 'agenda-empty muted' }, t('create.agendaEmpty'))] : rows.map((row, i) => rowElement(row, i))),
    );
    updateTotal();
    if (focus) list.querySelector<HTMLElement>(`[data-row="${focus.key}"] [data-control="${focus.control}"]`)?.focus();
  };

  const move = (index: number, delta: -1 | 1, control: string): void => {
    const target = index + delta;
    if (target < 0 || target >= rows.length) return;
    const [row] = rows.splice(index, 1);
    rows.splice(target, 0, row!);
    // At the top or bottom the pressed button disappears; keep the focus on the row's other arrow.
    const stay = (delta === -1 && target === 0) || (delta === 1 && target === rows.length - 1) ? (control === 'up' ? 'down' : 'up') : control;
    render({ key: row!.key, control: stay });
  };

  const rowElement = (row: Row, index: number): HTMLElement => {
    const n = index + 1;
    const titleId = uid('agenda-title');
    const errorId = `${titleId}-error`;
    const text = (value: string, label: string, control: string, onInput: (v: string) => void, extra: Record<string, string | number | boolean> = {}) => {
      const id = control === 'title' ? titleId : uid(`agenda-${control}`);
      const el = h('input', { id, class: 'input', value, 'data-control': control, ...extra, on: { input: () => onInput(el.value) } });
      el.value = value;
      return h('div', { class: `field agenda-${control}` }, h('label', { for: id, class: 'field-label' }, label), el);
    };
    const titleField = text(row.title, t('create.agendaTitle'), 'title', (v) => (row.title = v), {
      maxlength: 500, 'aria-invalid': row.error ? 'true' : false, 'aria-describedby': row.error ? errorId : false,
    });
    const minutesField = text(row.minutes, t('create.agendaMinutes'), 'minutes', (v) => {
      row.minutes = v;
      updateTotal();
    }, { type: 'number', min: 0, max: 1440, step: 5, inputmode: 'numeric' });
    const button = (control: string, label: string, glyph: string, onClick: () => void, disabled = false) =>
      h('button', { type: 'button', class: 'icon-button', 'data-control': control, 'aria-label': label, title: label, disabled, on: { click: onClick } }, glyph);
    return h(
      'li',
      { class: 'agenda-row', 'data-row': row.key },
      h('span', { class: 'agenda-number', 'aria-hidden': 'true' }, String(n)),
      h(
        'fieldset',
        { class: 'agenda-fields' },
        h('legend', { class: 'visually-hidden' }, t('create.agendaItem', { n })),
        titleField,
        text(row.presenter, t('create.agendaPresenter'), 'presenter', (v) => (row.presenter = v), { maxlength: 300 }),
        minutesField,
        row.error ? h('p', { id: errorId, class: 'field-error agenda-error' }, row.error) : null,
      ),
      h(
        'div',
        { class: 'agenda-buttons' },
        button('up', t('create.agendaUp', { n }), '↑', () => move(index, -1, 'up'), index === 0),
        button('down', t('create.agendaDown', { n }), '↓', () => move(index, 1, 'down'), index === rows.length - 1),
        button('remove', t('create.agendaRemove', { n }), '✕', () => {
          rows.splice(index, 1);
          const neighbour = rows[Math.min(index, rows.length - 1)];
          render(neighbour ? { key: neighbour.key, control: 'title' } : undefined);
          if (!neighbour) add.focus();
        }),
      ),
    );
  };

  add.addEventListener('click', () => {
    const row: Row = { key: uid('agenda'), title: '', presenter: '', minutes: '', error: null };
    rows.push(row);
    render({ key: row.key, control: 'title' });
  });
  render();

  const firstError = (): HTMLElement | null => {
    render();
    const bad = rows.find((r) => r.error);
    return bad ? list.querySelector<HTMLElement>(`[data-row="${bad.key}"] [data-control="title"]`) : null;
  };

  return {
    element: h('div', { class: 'agenda-editor' }, list, h('div', { class: 'agenda-footer' }, add, total)),
    items: () =>
      rows.filter((r) => !blank(r)).map((r) => {
        const minutes = Number.parseInt(r.minutes, 10);
        return {
          title: r.title.trim(),
          ...(r.presenter.trim() ? { presenter: r.presenter.trim() } : {}),
          ...(Number.isFinite(minutes) && minutes >= 0 ? { plannedMinutes: Math.min(minutes, 1440) } : {}),
        };
      }),
    validate() {
      for (const r of rows) r.error = !blank(r) && !r.title.trim() ? t('create.err.agendaTitle') : null;
      return firstError();
    },
    showErrors(byRow) {
      // Server indexes count the rows it received, i.e. the non-blank ones.
      const sent = rows.filter((r) => !blank(r));
      sent.forEach((r, i) => (r.error = byRow.has(i) ? t('create.err.field', { message: byRow.get(i)! }) : null));
      return firstError();
    },
  };
}
