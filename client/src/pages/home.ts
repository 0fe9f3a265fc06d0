import { pageHeader } from '../components/page-header.ts';
import { h } from '../dom.ts';
import { agendaView } from '../home/agenda.ts';
import { t, type MessageKey } from '../i18n/index.ts';
import type { PageContext, PageResult } from '../page.ts';
import { href } from '../router.ts';

const AGENDA_DAYS = 7;

/**
 * The signed-in user's landing page: their meetings of today and the coming days with a Join
 * button (what people look for first), then who they are and shortcuts.
 */
export function render({ user }: PageContext): PageResult {
  if (!user) return h('div');
  const agenda = agendaView(AGENDA_DAYS);
  const rows: [MessageKey, string][] = [
    ['home.username', user.username],
    ['home.position', user.position],
    ['home.body', user.body.name],
    ['home.unit', user.unit.name],
    ['home.role', t(`role.${user.role}`)],
  ];
  const node = h(
    'div',
    { class: 'page home-page' },
    pageHeader(t('home.greeting', { name: user.fullName }), t('home.intro')),
    h(
      'section',
      { class: 'card my-agenda-card', 'aria-labelledby': 'home-agenda' },
      h('div', { class: 'card-head' },
        h('h2', { id: 'home-agenda', class: 'card-title' }, t('agenda.title')),
        h('a', { class: 'card-link', href: href('/meetings') }, t('agenda.all'))),
      h('p', { class: 'muted my-agenda-lead' }, t('agenda.lead', { days: AGENDA_DAYS - 1 })),
      agenda.element,
    ),
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
  return { node, cleanup: agenda.stop };
}
