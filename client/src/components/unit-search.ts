import { ApiError } from '../api.ts';
import { h, replaceChildren, uid } from '../dom.ts';
import { t } from '../i18n/index.ts';
import type { UnitSummary } from '../types.ts';
import { fetchLevel, knownUnit, searchUnits } from '../units/data.ts';
import { icon } from './icon.ts';
import { childCountText, syncInputs, unitLabel, type RowContext } from './unit-row.ts';

/**
 * Search box and flat result list. Typing waits for a pause before asking the server, and
 * a newer query cancels the request of an older one, so results never arrive out of order.
 * The folding of diacritics happens on the server, the same way for every client.
 */
export interface UnitSearch {
  field: HTMLElement;
  results: HTMLElement;
  sync(): void;
  destroy(): void;
}

const DEBOUNCE_MS = 250;
const MIN_LENGTH = 2;

export function createUnitSearch(ctx: RowContext, onActive: (active: boolean) => void): UnitSearch {
  const inputId = uid('unit-search');
  const listId = uid('unit-results');
  const hintId = uid('unit-search-hint');
  const input = h('input', {
    id: inputId,
    type: 'search',
    class: 'input unit-search-input',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-controls': listId,
    'aria-describedby': hintId,
  });
  const field = h(
    'div',
    { class: 'unit-search' },
    h('label', { for: inputId, class: 'field-label' }, t('picker.search')),
    h('div', { class: 'input-with-icon' }, icon('search'), input),
    h('p', { id: hintId, class: 'field-hint' }, t('picker.searchHint')),
  );
  // Announced politely so a screen-reader user hears the count without losing focus.
  const status = h('p', { class: 'unit-search-status', role: 'status', 'aria-live': 'polite' });
  const list = h('ul', { class: 'unit-results', id: listId });
  const results = h('div', { class: 'unit-search-results', hidden: true }, status, list);

  let timer: number | undefined;
  let inflight: AbortController | undefined;

  const run = async (q: string): Promise<void> => {
    inflight?.abort();
    const controller = new AbortController();
    inflight = controller;
    status.textContent = t('picker.searching');
    try {
      // Provinces (cached, usually already loaded by the tree) name each hit's province.
      const [page] = await Promise.all([searchUnits(q, controller.signal), fetchLevel('province').catch(() => [])]);
      if (controller.signal.aborted) return;
      replaceChildren(list, page.items.map((unit) => resultItem(unit, ctx)));
      status.textContent =
        page.items.length === 0
          ? t('picker.noResults', { q })
          : page.total > page.items.length
            ? t('picker.moreResults', { shown: page.items.length, total: page.total })
            : t('picker.resultCount', { n: page.total });
    } catch (err) {
      if (controller.signal.aborted) return;
      list.replaceChildren();
      status.textContent = err instanceof ApiError && err.status === 0 ? t('error.network') : t('picker.loadFailed');
    }
  };

  const onInput = (): void => {
    window.clearTimeout(timer);
    const q = input.value.trim();
    const active = q.length >= MIN_LENGTH;
    results.hidden = !active;
    onActive(active);
    if (!active) {
      inflight?.abort();
      list.replaceChildren();
      status.textContent = '';
      return;
    }
    timer = window.setTimeout(() => void run(q), DEBOUNCE_MS);
  };

  input.addEventListener('input', onInput);
  input.addEventListener('keydown', (event) => {
    // Escape leaves search and returns to the tree, as in most search fields.
    if (event.key === 'Escape' && input.value) {
      event.preventDefault();
      input.value = '';
      onInput();
    }
  });

  return {
    field,
    results,
    sync: () => syncInputs(list, ctx.selection),
    destroy: () => {
      window.clearTimeout(timer);
      inflight?.abort();
    },
  };
}

function resultItem(unit: UnitSummary, ctx: RowContext): HTMLLIElement {
  // "Xã Thạch Hà · Hà Tĩnh": commune names repeat across provinces, the province disambiguates.
  const parent = knownUnit(unit.parentCode);
  const context = parent && parent.level !== 'central' ? ` · ${parent.shortName}` : null;
  return h(
    'li',
    { class: `unit-result unit-node--${unit.level}` },
    h('div', { class: 'unit-row' }, unitLabel(unit, ctx, context), h('span', { class: 'unit-count' }, childCountText(unit))),
  );
}
