import { icon } from '../components/icon.ts';
import { langSwitch } from '../components/lang-switch.ts';
import { h } from '../dom.ts';
import { notificationBadge } from '../notifications/badge.ts';
import { t } from '../i18n/index.ts';
import { href } from '../router.ts';
import { routes } from '../routes.ts';
import type { SessionUser } from '../types.ts';
import { brand, skipLink } from './brand.ts';

export const MAIN_ID = 'main-content';

/** The signed-in layout: header with the account, navigation, and the page in <main>. */
export function shell(user: SessionUser, path: string, content: Node, onLogout: () => void): HTMLElement {
  return h(
    'div',
    { class: 'app' },
    skipLink(MAIN_ID),
    h(
      'header',
      { class: 'app-header' },
      brand(),
      h('div', { class: 'header-tools' }, accountCard(user), langSwitch(), logoutButton(onLogout)),
    ),
    h('div', { class: 'app-body' }, navigation(path, user), h('main', { id: MAIN_ID, class: 'app-main', tabindex: '-1' }, content)),
  );
}

/** Layout for public pages without a session: no navigation, a way to sign in. */
export function publicLayout(content: Node): HTMLElement {
  return h(
    'div',
    { class: 'app app--public' },
    skipLink(MAIN_ID),
    h(
      'header',
      { class: 'app-header' },
      brand(),
      h('div', { class: 'header-tools' }, langSwitch(), h('a', { class: 'button button--secondary', href: href('/login') }, t('shell.login'))),
    ),
    h('main', { id: MAIN_ID, class: 'app-main app-main--wide', tabindex: '-1' }, content),
  );
}

function accountCard(user: SessionUser): HTMLElement {
  const detail = [user.position, user.body.name].filter(Boolean).join(' · ');
  return h(
    'div',
    { class: 'account', role: 'group', 'aria-label': t('shell.account') },
    h('span', { class: 'account-name' }, user.fullName),
    h('span', { class: 'account-detail' }, detail),
    h('span', { class: 'role-badge' }, t(`role.${user.role}`)),
  );
}

function logoutButton(onLogout: () => void): HTMLElement {
  return h(
    'button',
    { type: 'button', class: 'button button--secondary logout', on: { click: onLogout } },
    icon('logout'),
    h('span', null, t('shell.logout')),
  );
}

function navigation(path: string, user: SessionUser): HTMLElement {
  return h(
    'nav',
    { class: 'app-nav', 'aria-label': t('shell.nav') },
    h(
      'ul',
      null,
      routes
        .filter((route) => route.nav && (!route.roles || route.roles.includes(user.role)))
        .map((route) =>
          h(
            'li',
            null,
            h(
              'a',
              { href: href(route.path), class: 'nav-link', 'aria-current': route.path === path ? 'page' : null },
              route.nav ? icon(route.nav) : null,
              h('span', null, t(route.titleKey)),
              route.path === '/notifications' ? notificationBadge() : null,
            ),
          ),
        ),
    ),
  );
}
