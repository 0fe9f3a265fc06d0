import { h } from '../dom.ts';
import { t, type MessageKey } from '../i18n/index.ts';
import { pageHeader } from './page-header.ts';

/** Stand-in for a section that a later issue builds: its title, purpose, and a notice. */
export function underConstruction(titleKey: MessageKey, introKey: MessageKey): Node {
  return h(
    'div',
    { class: 'page' },
    pageHeader(t(titleKey), t(introKey)),
    h(
      'div',
      { class: 'notice', role: 'note' },
      h('strong', null, t('page.underConstruction')),
      h('span', null, t('page.underConstructionNote')),
    ),
  );
}
