import { h } from '../dom.ts';
import { t } from '../i18n/index.ts';
import { href } from '../router.ts';

/** Product mark and name; links home (which sends guests to login). */
export function brand(): HTMLElement {
  return h(
    'a',
    { class: 'brand', href: href('/') },
    h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, 'HS'),
    h('span', { class: 'brand-name' }, t('app.name')),
  );
}

/**
 * Skip link for keyboard users. A plain `href="#main"` would be read as a route by the
 * hash router, so it moves focus itself.
 */
export function skipLink(targetId: string): HTMLElement {
  return h(
    'a',
    {
      class: 'skip-link',
      href: `#${targetId}`,
      on: {
        click: (event) => {
          event.preventDefault();
          document.getElementById(targetId)?.focus();
        },
      },
    },
    t('app.skipToContent'),
  );
}
