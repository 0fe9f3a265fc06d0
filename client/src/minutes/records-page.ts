import './records.css';
import { api } from '../api.ts';
import { card } from '../components/card.ts';
import { errorText, message } from '../components/feedback.ts';
import { pageHeader } from '../components/page-header.ts';
import { h, replaceChildren } from '../dom.ts';
import { t, type MessageKey } from '../i18n/index.ts';
import type { PageContext, PageResult } from '../page.ts';
import { href } from '../router.ts';
import { clockVN, instantVN } from '../time.ts';
import { minutesForm, noticeForm } from './form.ts';
import type { CompareResult, MinutesContent, NoticeContent, RecordAction, RecordKind, RecordsResponse, RecordView, SaveResult, VersionList } from './types.ts';

const SAVE_DEBOUNCE_MS = 700;
const HEARTBEAT_MS = 10_000;
const FOLLOW_MS = 4_000;

/**
 * The biên bản (or thông báo kết luận) of a meeting: the secretary's editor, saved as they
 * type (debounced, one save in flight, durable when acknowledged) under a visible one-editor
 * lock with takeover; the chủ tọa's review and signing; versions compared section by section.
 * Participants the chủ trì lets follow see the draft refresh while it is written.
 */
export async function render({ path }: PageContext): Promise<PageResult> {
  const [, , id = '', , kindPart = 'minutes'] = path.split('/');
  const kind: RecordKind = kindPart === 'notice' ? 'notice' : 'minutes';
  const base = `/api/meetings/${id}/records`;
  const root = h('div', { class: 'page page--wide records-page', 'data-kind': kind });
  const timers: number[] = [];
  let disposed = false;
  let saveTimer: number | undefined;
  let saving: Promise<void> | null = null;
  let dirty = false;
  let working: MinutesContent | NoticeContent | null = null;
  const status = h('p', { class: 'rec-save-status', 'aria-live': 'polite', 'data-testid': 'save-status' });

  const save = async (): Promise<void> => {
    if (!working || !dirty) return;
    dirty = false;
    status.textContent = t('rec.saving');
    try {
      const r = await api.put<SaveResult>(`${base}/${kind}/content`, { content: working });
      status.textContent = t('rec.saved', { time: clockVN(r.savedAt) + ':' + new Date(r.savedAt).getSeconds().toString().padStart(2, '0') });
      status.dataset['revision'] = String(r.revision);
    } catch (err) {
      status.textContent = t('rec.saveFailed', { error: errorText(err) });
      dirty = true;
      void load();
    }
  };
  const changed = () => {
    dirty = true;
    status.textContent = t('rec.saving');
    window.clearTimeout(saveTimer);
    saveTimer = window.setTimeout(() => {
      // One save in flight at a time; the next carries everything typed meanwhile.
      saving = (saving ?? Promise.resolve()).then(save).finally(() => (saving = null));
    }, SAVE_DEBOUNCE_MS);
  };

  const step = async (action: RecordAction, note?: string) => {
    window.clearTimeout(saveTimer);
    await save();
    await saving;
    try {
      await api.post<RecordView>(`${base}/${kind}/steps`, { action, ...(note ? { note } : {}) });
      await load(t('rec.done', { step: t(`rec.step.${action}` as MessageKey) }));
    } catch (err) {
      await load(null, errorText(err));
    }
  };

  const lockBar = (r: RecordView): HTMLElement | null => {
    if (!r.canEdit) return message('info', t('rec.readonly', { state: t(`rec.state.${r.state}` as MessageKey) }));
    const take = (takeover: boolean) => api.post(`${base}/${kind}/lock`, { takeover }).then(() => load(), (err: unknown) => load(null, errorText(err)));
    if (r.lock?.mine) return h('div', { class: 'rec-lock rec-lock--mine', 'data-testid': 'lock' }, t('rec.lock.mine'), status);
    if (r.lock) {
      const b = h('button', { type: 'button', class: 'button button--secondary', 'data-action': 'takeover' }, t('rec.lock.takeover'));
      b.addEventListener('click', () => void take(true));
      return h('div', { class: 'rec-lock', 'data-testid': 'lock' }, t('rec.lock.other', { who: r.lock.holderName }), ' ', b);
    }
    const b = h('button', { type: 'button', class: 'button button--primary', 'data-action': 'take-lock' }, t('rec.lock.take'));
    b.addEventListener('click', () => void take(false));
    return h('div', { class: 'rec-lock', 'data-testid': 'lock' }, b);
  };

  const stepButtons = (r: RecordView): HTMLElement => {
    const note = h('textarea', { class: 'input textarea', rows: 2, placeholder: t('rec.notePlaceholder'), 'aria-label': t('rec.notePlaceholder'), name: 'note' });
    const buttons = r.steps.map((a) => {
      const b = h('button', { type: 'button', class: a === 'request_changes' ? 'button button--secondary' : 'button button--primary', 'data-step': a }, t(`rec.step.${a}` as MessageKey));
      b.addEventListener('click', () => {
        b.disabled = true;
        void step(a, a === 'request_changes' ? note.value : undefined);
      });
      return b;
    });
    if (r.canCorrect) {
      const b = h('button', { type: 'button', class: 'button button--secondary', 'data-action': 'correct' }, t('rec.correct'));
      b.addEventListener('click', () => void api.post(`${base}/${kind}/correction`).then(() => load(), (err: unknown) => load(null, errorText(err))));
      buttons.push(b);
    }
    return h('div', { class: 'rec-steps' },
      r.steps.includes('request_changes') ? note : null,
      h('div', { class: 'meeting-actions' }, buttons),
      r.steps.some((s) => s.startsWith('sign')) ? h('p', { class: 'muted' }, t('rec.signingHint')) : null);
  };

  const versionsCard = (): HTMLElement => {
    const body = h('div', null, h('p', { class: 'muted' }, t('app.loading')));
    api.get<VersionList>(`${base}/${kind}/versions`).then((v) => {
      const out = h('div', { class: 'rec-compare' });
      const list = h('ol', { class: 'rec-versions' }, v.items.map((x) => h('li', null,
        `${t(`rec.state.${x.toState}` as MessageKey)} — ${x.byName}, ${instantVN(x.at)}${x.note ? ` — “${x.note}”` : ''}`)));
      const compare = (a: number, b: number) => api.get<CompareResult>(`${base}/${kind}/compare`, { a, b }).then((c) => {
        const changed = c.sections.filter((s) => s.changed);
        replaceChildren(out, h('h3', null, t('rec.compareWith', { a, b })), changed.length ? changed.map((s) => h('div', { class: 'rec-diff' },
          h('h4', null, s.section),
          h('div', { class: 'rec-diff-cols' }, h('div', null, h('strong', null, t('rec.before')), h('pre', null, h('del', null, s.before))),
            h('div', null, h('strong', null, t('rec.after')), h('pre', null, h('ins', null, s.after)))))) : h('p', { class: 'muted' }, t('rec.noChange')));
      }, (err: unknown) => out.replaceChildren(message('error', errorText(err))));
      const buttons = v.items.length >= 2 ? h('button', { type: 'button', class: 'button button--secondary button--small', 'data-action': 'compare' }, t('rec.compare')) : null;
      buttons?.addEventListener('click', () => void compare(1, v.items.at(-1)!.version));
      replaceChildren(body, list, buttons, out);
    }, (err: unknown) => body.replaceChildren(message('error', errorText(err))));
    return card(t('rec.versions'), body);
  };

  async function load(flash?: string | null, error?: string): Promise<void> {
    if (disposed) return;
    let data: RecordsResponse;
    let record: RecordView | null;
    try {
      data = await api.get<RecordsResponse>(base);
      record = data[kind];
      if (!record && data.may.write) record = await api.post<RecordView>(`${base}/${kind}`);
      if (record?.canEdit && !record.lock) {
        await api.post(`${base}/${kind}/lock`, {}).catch(() => undefined);
        record = (await api.get<RecordsResponse>(base))[kind];
      }
    } catch (err) {
      root.replaceChildren(back(id), pageHeader(t(`rec.title.${kind}`)), message('error', errorText(err)));
      return;
    }
    const r = record;
    if (r) root.dataset['updatedAt'] = r.updatedAt;
    working = r ? structuredClone(r.content) : null;
    const editing = !!r?.canEdit && !!r.lock?.mine;
    const form = r && working ? (kind === 'minutes' ? minutesForm(working as MinutesContent, changed) : noticeForm(working as NoticeContent, changed)) : null;
    if (form && !editing) for (const c of form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement | HTMLButtonElement>('input, textarea, select, button')) c.disabled = true;
    const share = r && data.may.chair && r.state !== 'published' ? h('label', { class: 'check' }, h('input', { type: 'checkbox', checked: r.shareLive, 'data-action': 'share' }), ' ', t('rec.share')) : null;
    share?.querySelector('input')?.addEventListener('change', (e) => void api.post(`${base}/${kind}/share`, { live: (e.target as HTMLInputElement).checked }));
    replaceChildren(root,
      back(id),
      h('header', { class: 'meeting-head' }, pageHeader(t(`rec.title.${kind}`)),
        r ? h('div', { class: 'meeting-badges' },
          h('span', { class: `tag rec-state rec-state--${r.state}`, 'data-testid': 'record-state' }, t(`rec.state.${r.state}` as MessageKey)),
          r.number ? h('span', { class: 'tag tag--number', 'data-testid': 'record-number' }, t('rec.number', { number: r.number })) : null,
          r.corrects ? h('span', { class: 'tag' }, t('rec.corrects', { number: r.corrects.number ?? '' })) : null) : null),
      flash ? message('success', flash) : null,
      error ? message('error', error) : null,
      kind === 'notice' && data.noticeDue ? message(data.noticeDue.overdue ? 'warning' : 'info', `${t('rec.due', { date: data.noticeDue.date.split('-').reverse().join('/') })}${data.noticeDue.overdue ? ` — ${t('rec.overdue')}` : ''}`) : null,
      r ? null : message('info', t('rec.none')),
      r && (data.may.write || data.may.chair) ? lockBar(r) : null,
      r ? stepButtons(r) : null,
      share,
      r?.signatures.length ? h('p', { class: 'muted' }, t('rec.signedBy', { who: r.signatures.map((s) => `${s.name} (${instantVN(s.at)})`).join('; ') })) : null,
      r ? h('p', null, h('a', { class: 'button button--secondary', href: `${base}/${kind}/pdf`, target: '_blank', rel: 'noopener', 'data-action': 'pdf' }, t('rec.pdf'))) : null,
      form ? card(t(`rec.title.${kind}`), form) : null,
      r && (data.may.write) ? versionsCard() : null,
    );
  }

  await load();
  timers.push(window.setInterval(() => {
    const lockEl = root.querySelector('[data-testid="lock"]');
    if (lockEl?.classList.contains('rec-lock--mine')) void api.post(`${base}/${kind}/lock`, {}).catch(() => load());
  }, HEARTBEAT_MS));
  // A follower (or a reviewer) sees the draft as it is written; the editor's own page is never repainted under them.
  timers.push(window.setInterval(() => {
    if (root.querySelector('.rec-lock--mine') || document.hidden) return;
    void api.get<RecordsResponse>(base, { follow: true }).then((d) => {
      const r = d[kind];
      if (r && r.updatedAt !== root.dataset['updatedAt']) {
        root.dataset['updatedAt'] = r.updatedAt;
        void load();
      }
    }, () => undefined);
  }, FOLLOW_MS));
  const flush = () => void save();
  window.addEventListener('pagehide', flush);
  return {
    node: root,
    cleanup() {
      disposed = true;
      for (const id of timers) window.clearInterval(id);
      window.removeEventListener('pagehide', flush);
      window.clearTimeout(saveTimer);
      void save().then(() => api.delete(`${base}/${kind}/lock`)).catch(() => undefined);
    },
  };
}

function back(id: string): HTMLElement {
  return h('p', { class: 'breadcrumb' }, h('a', { href: href(`/meetings/${id}`) }, t('rec.back')));
}
