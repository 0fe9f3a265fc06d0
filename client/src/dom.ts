/**
 * A tiny element builder. The app has no framework, so this keeps page code declarative
 * without string HTML: text always goes through text nodes, so server data (unit names,
 * error messages) can never inject markup.
 */

export type Child = Node | string | number | null | undefined | false;
export type Listeners = { [E in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[E]) => void };
export type AttrValue = string | number | boolean | null | undefined;
export interface Props {
  [attribute: string]: AttrValue | Listeners;
  on?: Listeners;
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props | null = null,
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props) {
    for (const [name, value] of Object.entries(props)) {
      if (name === 'on') {
        for (const [type, listener] of Object.entries(value as Listeners)) {
          if (listener) el.addEventListener(type, listener as EventListener);
        }
      } else {
        setAttr(el, name, value as AttrValue);
      }
    }
  }
  append(el, ...children);
  return el;
}

/** `false`/`null`/`undefined` remove the attribute, `true` sets it empty (boolean attributes). */
export function setAttr(el: Element, name: string, value: AttrValue): void {
  if (value === false || value === null || value === undefined) el.removeAttribute(name);
  else el.setAttribute(name, value === true ? '' : String(value));
}

export function append(parent: Node, ...children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** Sets an element's text only when it differs: a repaint that writes the same text still costs a layout. */
export function setText(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

/** Replaces all children at once. */
export function replaceChildren(parent: Element, ...children: (Child | Child[])[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

let idCounter = 0;
/** Unique ids for label/aria wiring when a component is used more than once on a page. */
export function uid(prefix: string): string {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}
