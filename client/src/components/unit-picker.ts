import { h, uid } from '../dom.ts';
import { t } from '../i18n/index.ts';
import type { UnitLevel, UnitSummary } from '../types.ts';
import { icon } from './icon.ts';
import { createUnitSearch } from './unit-search.ts';
import { UnitSelection } from './unit-selection.ts';
import { createUnitTree } from './unit-tree.ts';
import type { RowContext } from './unit-row.ts';

/**
 * Picks administrative units: a lazily loaded tree (central → provinces → communes) and a
 * diacritics-insensitive search, sharing one selection. Meeting creation uses it in multiple
 * mode to invite bodies tier by tier; a form that needs one unit uses single mode.
 *
 *   const picker = createUnitPicker({ multiple: true, levels: ['commune'], onChange: (units) => … });
 *   form.append(picker.element);
 */
export interface UnitPickerOptions {
  /** Checkboxes and "select all" when true; radios (one unit) when false. Default false. */
  multiple?: boolean;
  /** Levels that can be selected; others are shown only to navigate. Default: all. */
  levels?: UnitLevel[];
  initial?: UnitSummary[];
  onChange?: (selected: UnitSummary[]) => void;
  /** Show the chips of selected units under the picker. Default true. */
  showSelection?: boolean;
  /** Accessible name of the whole picker. */
  label?: string;
}

export interface UnitPicker {
  element: HTMLElement;
  getSelected(): UnitSummary[];
  /** Replaces the selection without calling onChange (the caller already knows). */
  setSelected(units: UnitSummary[]): void;
  clear(): void;
  /** Cancels pending searches; call when the page that holds the picker goes away. */
  destroy(): void;
}

export function createUnitPicker(options: UnitPickerOptions = {}): UnitPicker {
  const multiple = options.multiple ?? false;
  const levels = options.levels;
  let silent = false;

  const selection: UnitSelection = new UnitSelection(multiple, () => {
    tree.sync();
    search.sync();
    renderChips();
    if (!silent) options.onChange?.(selection.list());
  });

  const ctx: RowContext = {
    selection,
    selectable: (unit) => !levels || levels.includes(unit.level),
    groupName: uid('unit-pick'),
  };

  const tree = createUnitTree(ctx);
  const search = createUnitSearch(ctx, (active) => {
    // The tree keeps its open nodes while hidden, so leaving search returns to the same place.
    tree.element.hidden = active;
  });

  const chips = h('div', { class: 'unit-chips', 'aria-live': 'polite' });
  const renderChips = (): void => {
    if (options.showSelection === false) return;
    const selected = selection.list();
    if (selected.length === 0) {
      chips.replaceChildren(h('p', { class: 'unit-chips-empty' }, t('picker.noneSelected')));
      return;
    }
    chips.replaceChildren(
      h(
        'div',
        { class: 'unit-chips-head' },
        h('strong', null, t('picker.selectedCount', { n: selected.length })),
        h('button', { type: 'button', class: 'link-button', on: { click: () => selection.replace([]) } }, t('picker.clearAll')),
      ),
      h(
        'ul',
        { class: 'unit-chip-list' },
        selected.map((unit) =>
          h(
            'li',
            { class: 'unit-chip' },
            h('span', null, unit.name),
            h(
              'button',
              {
                type: 'button',
                class: 'unit-chip-remove',
                'aria-label': t('picker.remove', { name: unit.name }),
                on: { click: () => selection.toggle(unit, false) },
              },
              icon('close'),
            ),
          ),
        ),
      ),
    );
  };

  const element = h(
    'section',
    { class: 'unit-picker', role: 'group', 'aria-label': options.label ?? t('picker.label') },
    search.field,
    h('div', { class: 'unit-picker-body' }, search.results, tree.element),
    options.showSelection === false ? null : chips,
  );

  const setSelected = (units: UnitSummary[]): void => {
    silent = true;
    try {
      selection.replace(units);
    } finally {
      silent = false;
    }
  };
  setSelected(options.initial ?? []);
  renderChips();

  return {
    element,
    getSelected: () => selection.list(),
    setSelected,
    clear: () => setSelected([]),
    destroy: () => search.destroy(),
  };
}
