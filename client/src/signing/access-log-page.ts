import type { AccessEntryView, AccessLogPageView } from '../../../server/access-log/schemas.ts';
import { api } from '../api.ts';
import { errorText, message } from '../components/feedback.ts';
import { pageHeader } from '../components/page-header.ts';
import { h } from '../dom.ts';
import { t, type MessageKey } from '../i18n/index.ts';
import type { PageResult } from '../page.ts';
import '../styles/signing.css';

const PAGE = 50;

/** Admins: the newest entries, and above them whether the whole hash chain is intact. */
export async function render(): Promise<PageResult> {
  const body = h('tbody');
  const more = h('button', { type: 'button', class: 'button button--secondary', hidden: true }, t('log.older'));
  const banner = h('div', { class: 'log-banner' });
  const status = h('div', { 'aria-live': 'polite', class: 'log-status' });

  const load = async (before?: number): Promise<void> => {
    try {
      const page = await api.get<AccessLogPageView>('/api/access-log', { before, limit: PAGE });
      const { chain } = page;
      banner.replaceChildren(chain.intact
        ? h('p', { class: 'log-chain log-chain--intact', 'data-intact': 'true' }, t('log.intact', { count: chain.count }))
        : h('p', { class: 'log-chain log-chain--broken', 'data-intact': 'false', role: 'alert' },
          t('log.broken', { seq: chain.brokenAt?.seq ?? 0, reason: t(`log.reason.${chain.brokenAt?.reason ?? 'altered'}`) })));
      body.append(...page.items.map(row));
      if (!before && page.items.length === 0) status.replaceChildren(message('info', t('log.empty')));
      const last = page.items.at(-1);
      more.hidden = page.items.length < PAGE || !last;
      more.onclick = () => last && void load(last.seq);
    } catch (err) {
      status.replaceChildren(message('error', errorText(err)));
    }
  };
  await load();

  return h(
    'div',
    { class: 'page log-page' },
    pageHeader(t('nav.accessLog'), t('log.lead')),
    banner,
    status,
    h('div', { class: 'log-table-wrap' },
      h('table', { class: 'log-table' },
        h('thead', null, h('tr', null, ...(['log.seq', 'log.at', 'log.actor', 'log.action', 'log.target', 'log.ip'] as const).map((k) => h('th', { scope: 'col' }, t(k))))),
        body)),
    more,
  );
}

function row(e: AccessEntryView): HTMLElement {
  const key = `log.action.${e.action}`;
  const action = key in actionKeys ? t(key as MessageKey) : e.action;
  // data-label: on a phone each row is a small card that names its fields.
  const cell = (label: MessageKey, content: Node | string, className?: string) => h('td', { 'data-label': t(label), class: className ?? null }, content);
  return h('tr', null,
    cell('log.seq', String(e.seq), 'log-seq'),
    cell('log.at', h('time', { datetime: e.at }, e.at.replace('T', ' ').replace(/\.\d+/, ''))),
    cell('log.actor', e.actorId ? e.actorName : t('log.public')),
    cell('log.action', action),
    cell('log.target', e.target ?? ''),
    cell('log.ip', e.ip ?? '', 'log-ip'));
}

const actionKeys = Object.fromEntries(['document.sign', 'document.verify', 'document.read', 'document.change', 'document.publish'].map((a) => [`log.action.${a}`, true]));
