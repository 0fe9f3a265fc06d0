import { api } from '../api.ts';
import { card } from '../components/card.ts';
import { errorText, message } from '../components/feedback.ts';
import { field, input } from '../components/field.ts';
import { h, replaceChildren } from '../dom.ts';
import { confirmInPlace } from '../flash.ts';
import { formatNumber, t } from '../i18n/index.ts';
import { fold } from '../text.ts';
import { answerSummary } from './rsvp-form.ts';
import type { Invitee, InviteeList, RsvpStatus, RsvpSummary } from './types.ts';

/**
 * The frozen invitee list for the organisers: the tally, a filter by answer and by name
 * (diacritics ignored, so "thach ha" finds "Thạch Hà"), and the chủ trì's decision on
 * proposed substitutes. A national meeting lists 3,355 bodies, so rows come in pages.
 * A decision updates its row where it is — filter, page and scroll stay — and says so above
 * the table.
 */

const PAGE = 100;
const filters: (RsvpStatus | 'all')[] = ['all', 'pending', 'accepted', 'declined', 'substitute'];

export function inviteeCard(meetingId: string, summary: RsvpSummary, mayDecide: boolean): HTMLElement {
  let items: Invitee[] = [];
  let filter: RsvpStatus | 'all' = 'all';
  let shown = PAGE;
  const body = h('div', { class: 'invitee-body' }, h('p', { class: 'muted' }, t('app.loading')));
  const query = input({ type: 'search', autocomplete: 'off' });
  const status = h('div', { class: 'invitee-status' });

  const tally = h(
    'div',
    { class: 'rsvp-tally', role: 'group', 'aria-label': t('invitees.summary') },
    filters.map((f) => {
      const n = f === 'all' ? summary.total : summary[f];
      return h(
        'button',
        { type: 'button', class: `tally tally--${f}`, 'data-filter': f, 'aria-pressed': String(f === filter), on: { click: () => setFilter(f) } },
        h('span', { class: 'tally-n' }, formatNumber(n)),
        h('span', { class: 'tally-label' }, f === 'all' ? t('invitees.total') : t(`mtg.rsvp.${f}` as const)),
      );
    }),
  );

  const setFilter = (f: RsvpStatus | 'all'): void => {
    filter = f;
    shown = PAGE;
    for (const b of tally.querySelectorAll('button')) b.setAttribute('aria-pressed', String(b.dataset['filter'] === f));
    paint();
  };

  const decide = async (inv: Invitee, decision: 'approve' | 'reject', button: HTMLButtonElement): Promise<void> => {
    button.disabled = true;
    try {
      const updated = await api.post<Invitee>(`/api/meetings/${meetingId}/invitees/${encodeURIComponent(inv.bodyId)}/substitute`, { decision });
      items = items.map((i) => (i.bodyId === updated.bodyId ? updated : i));
      paint();
      confirmInPlace(status, t(decision === 'approve' ? 'invitees.approved' : 'invitees.rejected', { name: updated.substituteName ?? '', body: updated.bodyName }));
    } catch (err) {
      status.replaceChildren(message('error', errorText(err)));
      button.disabled = false;
    }
  };

  const row = (inv: Invitee): HTMLElement => {
    const pending = mayDecide && inv.rsvp === 'substitute' && inv.substituteStatus === 'pending';
    return h(
      'tr',
      { 'data-body': inv.bodyId },
      h('th', { scope: 'row' }, inv.bodyName),
      h('td', null, answerSummary(inv)),
      h(
        'td',
        { class: 'invitee-actions' },
        pending
          ? [
              h('button', { type: 'button', class: 'button button--secondary button--small', 'aria-label': t('invitees.approveLabel', { name: inv.bodyName }), on: { click: (e) => void decide(inv, 'approve', e.currentTarget as HTMLButtonElement) } }, t('invitees.approve')),
              h('button', { type: 'button', class: 'button button--secondary button--small', 'aria-label': t('invitees.rejectLabel', { name: inv.bodyName }), on: { click: (e) => void decide(inv, 'reject', e.currentTarget as HTMLButtonElement) } }, t('invitees.reject')),
            ]
          : null,
      ),
    );
  };

  const paint = (): void => {
    const q = fold(query.value.trim());
    const matching = items.filter((inv) => (filter === 'all' || inv.rsvp === filter) && (!q || fold(inv.bodyName).includes(q)));
    const visible = matching.slice(0, shown);
    replaceChildren(
      body,
      matching.length === 0
        ? h('p', { class: 'muted' }, t('invitees.empty'))
        : h(
            'div',
            { class: 'table-wrap' },
            h(
              'table',
              { class: 'data-table invitee-table' },
              h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('invitees.colBody')), h('th', { scope: 'col' }, t('invitees.colAnswer')), h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('invitees.colNote'))))),
              h('tbody', null, visible.map(row)),
            ),
          ),
      matching.length > shown
        ? h('button', { type: 'button', class: 'button button--secondary', on: { click: () => { shown += PAGE; paint(); } } }, t('invitees.more', { n: Math.min(PAGE, matching.length - shown) }))
        : null,
    );
  };

  query.addEventListener('input', () => {
    shown = PAGE;
    paint();
  });

  api.get<InviteeList>(`/api/meetings/${meetingId}/invitees`).then(
    (list) => {
      items = list.items;
      paint();
    },
    (err: unknown) => body.replaceChildren(message('error', `${t('invitees.loadFailed')} ${errorText(err)}`)),
  );

  return card(
    t('invitees.title'),
    tally,
    field(t('invitees.filter'), query, { className: 'invitee-filter' }).element,
    status,
    body,
  );
}
