import { h, replaceChildren, uid } from '../dom.ts';
import { t } from '../i18n/index.ts';
import type { UnitSummary } from '../types.ts';
import { fetchChildren, fetchLevel } from '../units/data.ts';
import { icon } from './icon.ts';
import { childCountText, syncInputs, unitLabel, type RowContext } from './unit-row.ts';

/**
 * The central → province → commune tree. Children load when a node is first opened
 * (34 provinces are cheap; 3,321 communes are not), using the disclosure pattern:
 * real buttons with aria-expanded, real inputs, so keyboard and screen readers work
 * without a custom key map.
 */
export interface UnitTree {
  element: HTMLElement;
  /** Reflect the selection after it changed elsewhere (search results, chips). */
  sync(): void;
}

interface SelectAllButton {
  button: HTMLButtonElement;
  children: UnitSummary[];
}

export function createUnitTree(ctx: RowContext): UnitTree {
  const element = h('ul', { class: 'unit-tree' });
  const selectAllButtons: SelectAllButton[] = [];

  const sync = (): void => {
    syncInputs(element, ctx.selection);
    for (const entry of selectAllButtons) updateSelectAll(entry, ctx);
  };

  const loadRoots = (): void => {
    replaceChildren(element, statusItem(t('picker.loading')));
    fetchLevel('central').then(
      (roots) => {
        // The central level is a single unit; opening it straight away saves a click
        // every time and shows the 34 provinces people usually start from.
        replaceChildren(element, roots.map((unit) => treeNode(unit, ctx, selectAllButtons, roots.length === 1)));
      },
      () => replaceChildren(element, errorItem(loadRoots)),
    );
  };
  loadRoots();

  return { element, sync };
}

function treeNode(unit: UnitSummary, ctx: RowContext, selectAll: SelectAllButton[], open = false): HTMLLIElement {
  const count = childCountText(unit);
  const row = h('div', { class: 'unit-row' });
  const item = h('li', { class: `unit-node unit-node--${unit.level}`, 'data-unit': unit.code }, row);

  if (unit.childCount === 0) {
    row.append(h('span', { class: 'unit-toggle-spacer', 'aria-hidden': 'true' }), unitLabel(unit, ctx));
    return item;
  }

  const groupId = uid('unit-children');
  const group = h('ul', { class: 'unit-children', id: groupId, hidden: true });
  let loaded = false;
  const load = (): void => {
    loaded = true;
    loadChildren(unit, group, ctx, selectAll, () => {
      // Not loaded after all: the retry button, or closing and reopening, tries again.
      loaded = false;
      replaceChildren(group, errorItem(load));
    });
  };

  const toggle = h(
    'button',
    { type: 'button', class: 'unit-toggle', 'aria-expanded': 'false', 'aria-controls': groupId },
    icon('chevron'),
  );
  const setOpen = (value: boolean): void => {
    toggle.setAttribute('aria-expanded', String(value));
    toggle.setAttribute('aria-label', t(value ? 'picker.collapse' : 'picker.expand', { name: unit.name }));
    group.hidden = !value;
    if (value && !loaded) load();
  };
  toggle.addEventListener('click', () => setOpen(toggle.getAttribute('aria-expanded') !== 'true'));

  row.append(toggle, unitLabel(unit, ctx), h('span', { class: 'unit-count' }, count));
  item.append(group);
  setOpen(open);
  return item;
}

function loadChildren(
  parent: UnitSummary,
  group: HTMLUListElement,
  ctx: RowContext,
  selectAll: SelectAllButton[],
  onFail: () => void,
): void {
  replaceChildren(group, statusItem(t('picker.loading')));
  fetchChildren(parent.code).then(
    (children) => {
      const items: HTMLLIElement[] = [];
      const selectable = children.filter((child) => ctx.selectable(child));
      if (ctx.selection.multiple && selectable.length > 1) {
        const entry: SelectAllButton = {
          button: h('button', { type: 'button', class: 'link-button unit-select-all' }),
          children: selectable,
        };
        entry.button.addEventListener('click', () => {
          const allOn = selectable.every((u) => ctx.selection.has(u.code));
          ctx.selection.toggleMany(selectable, !allOn);
        });
        updateSelectAll(entry, ctx);
        selectAll.push(entry);
        items.push(h('li', { class: 'unit-bulk' }, entry.button));
      }
      for (const child of children) items.push(treeNode(child, ctx, selectAll));
      replaceChildren(group, items);
    },
    onFail,
  );
}

function updateSelectAll(entry: SelectAllButton, ctx: RowContext): void {
  const allOn = entry.children.every((u) => ctx.selection.has(u.code));
  const n = entry.children.length;
  entry.button.textContent = t(allOn ? 'picker.clearChildren' : 'picker.selectAllChildren', { n });
}

function statusItem(text: string): HTMLLIElement {
  return h('li', { class: 'unit-status', role: 'status' }, text);
}

function errorItem(retry: () => void): HTMLLIElement {
  return h(
    'li',
    { class: 'unit-status unit-status--error', role: 'alert' },
    t('picker.loadFailed'),
    ' ',
    h('button', { type: 'button', class: 'link-button', on: { click: retry } }, t('picker.retry')),
  );
}
