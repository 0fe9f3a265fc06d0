import { api } from '../api.ts';
import { errorText, message } from '../components/feedback.ts';
import { pageHeader } from '../components/page-header.ts';
import { h } from '../dom.ts';
import { t } from '../i18n/index.ts';
import type { PageContext, PageResult } from '../page.ts';
import { href } from '../router.ts';
import { instantVN } from '../time.ts';
import { ensureConnected, isConnected, onConnected, onDisconnected, onNotification, refreshUnread, setUnread } from './live.ts';
import type { AppNotification, NotificationList, ReadAllResult } from './types.ts';

/**
 * Thông báo: the user's and their body's notifications, unread first, each markable as
 * read (for a body's shared inbox, for everyone in the body), and new ones appearing at the
 * top as the server pushes them.
 */
export async function render({ user }: PageContext): Promise<PageResult> {
  if (!user) return h('div');
  ensureConnected();
  const first = await api.get<NotificationList>('/api/notifications', { limit: 200 });
  let items = first.items;
  const fresh = new Set<string>();
  setUnread(first.unread);

  const list = h('ul', { class: 'notif-list' });
  const status = h('div');
  const announce = h('p', { class: 'visually-hidden', role: 'status' });
  const counter = h('p', { class: 'muted notif-counter' });
  const markAll = h('button', { type: 'button', class: 'button button--secondary' }, t('notif.markAll'));

  const paint = (): void => {
    const sorted = [...items].sort((a, b) => Number(!!a.readAt) - Number(!!b.readAt) || b.createdAt.localeCompare(a.createdAt));
    const unread = items.filter((n) => !n.readAt).length;
    counter.textContent = t('notif.unread', { n: unread });
    markAll.disabled = unread === 0;
    list.replaceChildren(...(sorted.length === 0 ? [h('li', { class: 'muted' }, t('notif.empty'))] : sorted.map(item)));
  };

  const markRead = (n: AppNotification, button: HTMLButtonElement): void => {
    button.disabled = true;
    api.post<AppNotification>(`/api/notifications/${n.id}/read`).then(
      (updated) => {
        items = items.map((x) => (x.id === updated.id ? updated : x));
        setUnread(items.filter((x) => !x.readAt).length);
        paint();
      },
      (err: unknown) => {
        button.disabled = false;
        status.replaceChildren(message('error', errorText(err)));
      },
    );
  };

  // Opening the meeting a notification is about counts as reading it.
  const openMeeting = (n: AppNotification): void => {
    if (!n.readAt) api.post(`/api/notifications/${n.id}/read`).then(refreshUnread, () => undefined);
  };

  const item = (n: AppNotification): HTMLElement => {
    const unread = !n.readAt;
    return h(
      'li',
      { class: `notif${unread ? ' notif--unread' : ''}${fresh.has(n.id) ? ' notif--fresh' : ''}`, 'data-kind': n.kind },
      h(
        'div',
        { class: 'notif-head' },
        h('span', { class: `notif-kind notif-kind--${n.kind}` }, t(`notif.kind.${n.kind}` as const)),
        unread ? h('span', { class: 'notif-new' }, t('notif.new')) : null,
        h('time', { class: 'notif-time', datetime: n.createdAt }, instantVN(n.createdAt)),
      ),
      h('p', { class: 'notif-title' }, n.title),
      n.body ? h('p', { class: 'notif-body' }, n.body) : null,
      h(
        'div',
        { class: 'notif-actions' },
        n.meetingId
          ? h('a', { class: 'link-button', href: href(`/meetings/${n.meetingId}`), on: { click: () => openMeeting(n) } }, t('notif.openMeeting'))
          : null,
        unread ? h('button', { type: 'button', class: 'link-button', on: { click: (e) => markRead(n, e.currentTarget as HTMLButtonElement) } }, t('notif.markRead')) : null,
      ),
    );
  };

  markAll.addEventListener('click', () => {
    markAll.disabled = true;
    api.post<ReadAllResult>('/api/notifications/read-all').then(
      () => {
        const now = new Date().toISOString();
        items = items.map((n) => (n.readAt ? n : { ...n, readAt: now }));
        setUnread(0);
        paint();
      },
      (err: unknown) => {
        markAll.disabled = false;
        status.replaceChildren(message('error', errorText(err)));
      },
    );
  });

  const unsubscribe = onNotification((n) => {
    if (items.some((x) => x.id === n.id)) return;
    items = [n, ...items];
    fresh.add(n.id);
    announce.textContent = t('notif.arrived', { title: n.title });
    paint();
  });

  paint();
  const node = h(
    'div',
    { class: 'page notifications-page' },
    pageHeader(t('nav.notifications'), t('notif.lead')),
    h('div', { class: 'notif-toolbar' }, counter, markAll),
    status,
    announce,
    list,
  );
  // Anything pushed before the socket joined (or while it was down) was missed: read again.
  const refetch = (): void => {
    api.get<NotificationList>('/api/notifications', { limit: 200 }).then((r) => {
      for (const n of r.items) if (!n.readAt && !items.some((x) => x.id === n.id)) fresh.add(n.id);
      items = r.items;
      setUnread(r.unread);
      paint();
    }, () => undefined);
  };
  const stopConnected = onConnected(() => {
    node.dataset['live'] = 'connected';
    refetch();
  });
  const stopDisconnected = onDisconnected(() => (node.dataset['live'] = 'offline'));
  if (isConnected()) node.dataset['live'] = 'connected';

  return {
    node,
    cleanup: () => {
      unsubscribe();
      stopConnected();
      stopDisconnected();
    },
  };
}
