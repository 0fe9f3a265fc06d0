import { h } from '../dom.ts';
import { t } from '../i18n/index.ts';
import { ensureConnected, unreadCount, watchUnread } from './live.ts';

/**
 * The unread count next to "Thông báo" in the navigation. The shell is redrawn on every
 * navigation, so instead of each badge subscribing (and leaking), one watcher updates
 * whichever badges are in the document.
 */
const SELECTOR = '[data-notification-badge]';

function paint(el: HTMLElement, n: number): void {
  el.hidden = n === 0;
  el.replaceChildren(
    h('span', { 'aria-hidden': 'true' }, n > 99 ? '99+' : String(n)),
    h('span', { class: 'visually-hidden' }, ` (${t('notif.unreadBadge', { n })})`),
  );
}

watchUnread((n) => {
  for (const el of document.querySelectorAll<HTMLElement>(SELECTOR)) paint(el, n);
});

export function notificationBadge(): HTMLElement {
  ensureConnected();
  const el = h('span', { class: 'nav-badge', 'data-notification-badge': '' });
  paint(el, unreadCount());
  return el;
}
