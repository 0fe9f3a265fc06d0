import { api } from '../api.ts';
import { card } from '../components/card.ts';
import { errorText, message } from '../components/feedback.ts';
import { h } from '../dom.ts';
import { t, type MessageKey } from '../i18n/index.ts';
import { href } from '../router.ts';
import { instantVN } from '../time.ts';
import type { IssuedDocument, MeetingChange, MeetingDetail, MeetingRecord } from './types.ts';

/**
 * The meeting's record as the meeting page shows it: every change after issue (old → new,
 * reason, who, when, the replacing Giấy mời) and every document issued for it, each
 * downloadable exactly as issued. Loaded on its own so the page paints first.
 */
export function recordCards(m: MeetingDetail): HTMLElement | null {
  if (m.status === 'draft') return null;
  const changesBody = h('div', null, h('p', { class: 'muted' }, t('app.loading')));
  const documentsBody = h('div', null, h('p', { class: 'muted' }, t('app.loading')));
  const changes = card(t('record.changes'), changesBody);
  const documents = card(t('record.documents'), documentsBody);
  changes.dataset['testid'] = 'change-history';
  documents.dataset['testid'] = 'issued-documents';
  api.get<MeetingRecord>(`/api/meetings/${m.id}/record`).then((record) => {
    changesBody.replaceChildren(record.changes.length ? h('ol', { class: 'change-list' }, record.changes.map(changeItem)) : h('p', { class: 'muted' }, t('record.changesEmpty')));
    documentsBody.replaceChildren(record.documents.length ? h('ul', { class: 'document-list' }, record.documents.map(documentItem)) : h('p', { class: 'muted' }, t('record.documentsEmpty')));
  }, (err: unknown) => changesBody.replaceChildren(message('error', errorText(err))));
  return h('div', { class: 'meeting-record' }, changes, documents);
}

function fieldValue(field: string, value: string): string {
  if (!value) return t('record.empty');
  if (field === 'form') return t(`mtg.form.${value}` as MessageKey);
  if (field === 'kind') return t(`mtg.kind.${value}` as MessageKey);
  return value;
}

function changeItem(c: MeetingChange): HTMLElement {
  return h(
    'li',
    { class: 'change-item' },
    h('div', { class: 'change-head' },
      h('strong', null, t(`record.kind.${c.kind}` as const)),
      c.urgent ? h('span', { class: 'tag tag--urgent' }, t('record.urgent')) : null,
      h('span', { class: 'muted' }, t('record.by', { who: c.changedBy ?? '—', when: instantVN(c.changedAt) }))),
    h('dl', { class: 'change-fields' }, c.fields.map((f) => h('div', { class: 'change-field' },
      h('dt', null, t(`record.field.${f.field}` as MessageKey)),
      h('dd', null, h('del', null, fieldValue(f.field, f.from)), ' → ', h('ins', null, fieldValue(f.field, f.to)))))),
    h('p', null, t('record.reason', { reason: c.reason })),
    c.document ? h('p', null, t('record.document', { number: c.document.number })) : null,
    c.rsvpReset ? h('p', { class: 'muted' }, t('record.rsvpReset')) : null,
  );
}

function documentItem(d: IssuedDocument): HTMLElement {
  return h(
    'li',
    { class: 'document-item' },
    h('div', null,
      h('strong', null, `${t(`record.docKind.${d.kind}` as const)} ${t('mtg.number', { number: d.number })}`),
      d.current ? h('span', { class: 'tag' }, t('record.current')) : null),
    h('p', { class: 'muted' }, `${t('record.issuedOn', { date: instantVN(d.issuedAt).slice(7) })} · ${d.signer}`),
    d.url ? h('a', { class: 'button button--secondary', href: d.url, target: '_blank', rel: 'noopener' }, t('record.download')) : null,
  );
}

const EDITABLE = new Set(['draft', 'invited', 'postponed']);

/** "Sửa cuộc họp" for whoever may manage the meeting while it can still change. */
export function editButton(m: MeetingDetail): HTMLElement | null {
  if (!m.permissions.manage || !EDITABLE.has(m.status)) return null;
  return h('a', { class: 'button button--secondary', href: href(`/meetings/${m.id}/edit`), 'data-action': 'edit' }, t('edit.button'));
}
