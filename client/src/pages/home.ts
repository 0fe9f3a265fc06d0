import { pageHeader } from '../components/page-header.ts';
import { h } from '../dom.ts';
import { t, type MessageKey } from '../i18n/index.ts';
import type { PageContext } from '../page.ts';
import { href } from '../router.ts';

/** The signed-in user's landing page: who they are, where they work, and the way to their meetings. */
export function render({ user }: PageContext): Node {
  if (!user) return h('div');
  const rows: [MessageKey, string][] = [
    ['home.username', user.username],
    ['home.position', user.position],
    ['home.body', user.body.name],
    ['home.unit', user.unit.name],
    ['home.role', t(`role.${user.role}`)],
  ];
  return h(
    'div',
    { class: 'page' },
    pageHeader(t('home.greeting', { name: user.fullName }), t('home.intro')),
    h(
      'div',
      { class: 'grid-2' },
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'home-account' },
        h('h2', { id: 'home-account', class: 'card-title' }, t('home.account')),
        h(
          'dl',
          { class: 'facts' },
          rows
            .filter(([, value]) => value)
            .map(([key, value]) => h('div', { class: 'fact' }, h('dt', null, t(key)), h('dd', null, value))),
        ),
      ),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'home-shortcuts' },
        h('h2', { id: 'home-shortcuts', class: 'card-title' }, t('home.shortcuts')),
        h(
          'div',
          { class: 'home-shortcuts' },
          user.role === 'convener' || user.role === 'admin'
            ? h('a', { class: 'button button--primary', href: href('/meetings/new') }, t('create.title'))
            : null,
          h('a', { class: 'button button--secondary', href: href('/meetings') }, t('nav.meetings')),
          h('a', { class: 'button button--secondary', href: href('/invitations') }, t('nav.invitations')),
        ),
      ),
    ),
  );
}
