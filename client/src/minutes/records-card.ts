import { api } from '../api.ts';
import { card } from '../components/card.ts';
import { errorText, message } from '../components/feedback.ts';
import { h } from '../dom.ts';
import { t, type MessageKey } from '../i18n/index.ts';
import { href } from '../router.ts';
import { dmy, instantVN } from '../time.ts';
import type { RecordKind, RecordsResponse, RecordView } from './types.ts';

/**
 * The meeting page's view of its biên bản and thông báo kết luận: state, number, who signed,
 * the notice's due date (from the moment the meeting ends) and a link to draft, review or read.
 */
export function recordsCard(meetingId: string, status: string): HTMLElement | null {
  if (status === 'draft' || status === 'cancelled') return null;
  const body = h('div', null, h('p', { class: 'muted' }, t('app.loading')));
  const el = card(t('rec.card'), body);
  el.dataset['testid'] = 'meeting-records';
  api.get<RecordsResponse>(`/api/meetings/${meetingId}/records`).then((d) => {
    const row = (kind: RecordKind, r: RecordView | null) => h('li', { class: 'document-item', 'data-kind': kind },
      h('div', null,
        h('strong', null, t(`rec.kind.${kind}`)), ' ',
        r?.number ? h('span', { class: 'tag tag--number' }, t('rec.number', { number: r.number })) : null, ' ',
        h('span', { class: `tag rec-state rec-state--${r?.state ?? 'none'}` }, r ? t(`rec.state.${r.state}` as MessageKey) : t('rec.none'))),
      r?.signatures.length ? h('p', { class: 'muted' }, t('rec.signedBy', { who: r.signatures.map((s) => `${s.name} (${instantVN(s.at)})`).join('; ') })) : null,
      kind === 'notice' && d.noticeDue ? h('p', { class: d.noticeDue.overdue ? 'rec-overdue' : 'muted', 'data-testid': 'notice-due' },
        t('rec.due', { date: dmy(d.noticeDue.date) }), d.noticeDue.overdue ? h('strong', null, ` — ${t('rec.overdue')}`) : null) : null,
      r || d.may.write ? h('a', { class: 'button button--secondary', href: href(`/meetings/${meetingId}/records/${kind}`), 'data-action': `open-${kind}` },
        d.may.chair && !d.may.write ? t('rec.review') : d.may.write || d.may.chair ? t('rec.open') : t('rec.pdf')) : null);
    body.replaceChildren(h('ul', { class: 'document-list' }, row('minutes', d.minutes), row('notice', d.notice)));
  }, (err: unknown) => body.replaceChildren(message('error', errorText(err))));
  return el;
}
