import { h, uid, type Child } from '../dom.ts';

/** A titled section of a page; the title names it for screen readers. */
export function card(title: string, ...children: (Child | Child[])[]): HTMLElement {
  const id = uid('card');
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id, class: 'card-title' }, title), ...children);
}
