import { h } from '../dom.ts';

/**
 * A page's <h1> and lead paragraph. The heading takes focus after navigation (tabindex -1),
 * so screen-reader users hear where they arrived.
 */
export function pageHeader(title: string, lead?: string): HTMLElement {
  return h(
    'header',
    { class: 'page-header' },
    h('h1', { class: 'page-title', tabindex: '-1' }, title),
    lead ? h('p', { class: 'page-lead' }, lead) : null,
  );
}
