import { api } from '../api.ts';
import { card } from '../components/card.ts';
import { errorText, message } from '../components/feedback.ts';
import { h, uid } from '../dom.ts';
import { t } from '../i18n/index.ts';
import type { FeedToken } from './types.ts';

/**
 * The body's calendar subscription. The server keeps only a hash of the token, so the
 * address is shown once, right after it is made; making another one retires the old.
 */
export function feedCard(): HTMLElement {
  const status = h('div', { class: 'feed-status' });
  const urlId = uid('feed-url');
  const url = h('input', { id: urlId, class: 'input feed-url', readonly: true, spellcheck: 'false' });
  const copy = h('button', { type: 'button', class: 'button button--secondary' }, t('cal.feed.copy'));
  const result = h(
    'div',
    { class: 'field', hidden: true },
    h('label', { for: urlId, class: 'field-label' }, t('cal.feed.url')),
    h('div', { class: 'feed-row' }, url, copy),
  );
  const make = h('button', { type: 'button', class: 'button button--secondary' }, t('cal.feed.create'));

  make.addEventListener('click', () => {
    make.disabled = true;
    status.replaceChildren();
    api.post<FeedToken>('/api/calendar/feed-token').then(
      (feed) => {
        url.value = new URL(feed.url, location.origin).href;
        result.hidden = false;
        make.textContent = t('cal.feed.rotate');
        url.select();
      },
      (err: unknown) => status.replaceChildren(message('error', errorText(err))),
    ).finally(() => (make.disabled = false));
  });

  copy.addEventListener('click', () => {
    url.select();
    const done = () => status.replaceChildren(message('success', t('cal.feed.copied')));
    // The Clipboard API needs a secure context; over plain http inside a LAN fall back to the selection.
    if (navigator.clipboard) navigator.clipboard.writeText(url.value).then(done, () => document.execCommand('copy') && done());
    else if (document.execCommand('copy')) done();
  });

  return card(
    t('cal.feed.title'),
    h('p', { class: 'muted' }, t('cal.feed.lead')),
    h('div', { class: 'feed-actions' }, make, h('span', { class: 'field-hint' }, t('cal.feed.rotateNote'))),
    result,
    status,
  );
}
