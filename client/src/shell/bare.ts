import { langSwitch } from '../components/lang-switch.ts';
import { h } from '../dom.ts';
import { t } from '../i18n/index.ts';
import { href } from '../router.ts';
import { brand, skipLink } from './brand.ts';
import { MAIN_ID } from './shell.ts';

/** The sign-in screen's frame: a centred card with the product name and language switch. */
export function bareLayout(content: Node): HTMLElement {
  return h(
    'div',
    { class: 'bare' },
    skipLink(MAIN_ID),
    h('header', { class: 'bare-header' }, brand(), langSwitch()),
    h(
      'main',
      { id: MAIN_ID, class: 'bare-main', tabindex: '-1' },
      h('p', { class: 'bare-tagline' }, t('app.tagline')),
      content,
    ),
    h(
      'footer',
      { class: 'bare-footer' },
      h('a', { href: href('/units') }, t('login.browseUnits')),
      h('a', { href: href('/verify') }, t('nav.verify')),
    ),
  );
}
