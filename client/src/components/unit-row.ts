import { h, type Child } from '../dom.ts';
import { t } from '../i18n/index.ts';
import type { UnitSummary } from '../types.ts';
import type { UnitSelection } from './unit-selection.ts';

/** What the tree and the search results share: how a unit is shown and picked. */
export interface RowContext {
  selection: UnitSelection;
  selectable(unit: UnitSummary): boolean;
  /** Radio inputs in single mode share this name, so the browser enforces one choice. */
  groupName: string;
}

/**
 * The label of one unit: a checkbox (multi) or radio (single) when selectable, the name,
 * its code and, after the name, `extra` (the parent's name in search results).
 */
export function unitLabel(unit: UnitSummary, ctx: RowContext, extra?: Child): HTMLElement {
  const text = [
    h('span', { class: 'unit-name' }, unit.name, extra ? h('span', { class: 'unit-context' }, extra) : null),
    h('span', { class: 'unit-code', title: t('picker.code') }, unit.code),
  ];
  if (!ctx.selectable(unit)) return h('span', { class: 'unit-label' }, text);

  const input = h('input', {
    type: ctx.selection.multiple ? 'checkbox' : 'radio',
    name: ctx.selection.multiple ? null : ctx.groupName,
    value: unit.code,
    'data-code': unit.code,
    on: {
      change: () => ctx.selection.toggle(unit, input.checked),
    },
  });
  input.checked = ctx.selection.has(unit.code);
  return h('label', { class: 'unit-label unit-label--selectable' }, input, text);
}

/** "69 đơn vị cấp xã"; empty for communes, which have no children. */
export function childCountText(unit: UnitSummary): string {
  if (unit.childCount === 0) return '';
  return t(unit.level === 'central' ? 'picker.children.central' : 'picker.children.province', { n: unit.childCount });
}

/** Re-checks every input under `root` against the selection, after any change anywhere. */
export function syncInputs(root: ParentNode, selection: UnitSelection): void {
  for (const input of root.querySelectorAll<HTMLInputElement>('input[data-code]')) {
    input.checked = selection.has(input.dataset['code'] ?? '');
  }
}
