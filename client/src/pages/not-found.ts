import { pageHeader } from '../components/page-header.ts';
import { h } from '../dom.ts';
import { t } from '../i18n/index.ts';
import type { PageContext } from '../page.ts';
import { href } from '../router.ts';

export function render({ path }: PageContext): Node {
  return h(
    'div',
    { class: 'page' },
    pageHeader(t('notFound.title'), t('notFound.body', { path })),
    h('p', null, h('a', { class: 'button button--primary', href: href('/') }, t('notFound.home'))),
  );
}
