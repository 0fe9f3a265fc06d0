import { pageHeader } from '../components/page-header.ts';
import { h } from '../dom.ts';
import { t, type MessageKey } from '../i18n/index.ts';
import type { PageContext } from '../page.ts';

/** The signed-in user's landing page: who they are and where they work. */
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
        { class: 'card', 'aria-labelledby': 'home-next' },
        h('h2', { id: 'home-next', class: 'card-title' }, t('home.next')),
        h('p', { class: 'muted' }, t('home.nextBody')),
      ),
    ),
  );
}
