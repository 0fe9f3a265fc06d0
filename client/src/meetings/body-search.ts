import { api } from '../api.ts';
import { errorText } from '../components/feedback.ts';
import { icon } from '../components/icon.ts';
import { h, uid } from '../dom.ts';
import { t } from '../i18n/index.ts';
import type { BodyPage, BodySummary } from '../types.ts';

/**
 * Chosen bodies (Sở, ban, ngành…): a diacritics-insensitive search on the server and the
 * chips of what is chosen. Searches are debounced and a newer one cancels the older, so a
 * fast typist never sees stale results arrive last.
 */
export interface BodySearch {
  element: HTMLElement;
  ids(): string[];
  destroy(): void;
}

const LIMIT = 20;

export function createBodySearch(onChange: () => void, initial: BodySummary[] = []): BodySearch {
  const chosen = new Map<string, BodySummary>(initial.map((b) => [b.id, b]));
  const inputId = uid('body-q');
  const hintId = `${inputId}-hint`;
  const query = h('input', { id: inputId, class: 'input', type: 'search', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': hintId });
  const results = h('ul', { class: 'body-results', 'aria-live': 'polite' });
  const chips = h('ul', { class: 'unit-chip-list body-chips' });
  let timer: ReturnType<typeof setTimeout> | undefined;
  let controller: AbortController | null = null;

  const renderChips = (): void => {
    chips.replaceChildren(
      ...[...chosen.values()].map((body) =>
        h(
          'li',
          { class: 'unit-chip' },
          h('span', null, body.name),
          h('button', {
            type: 'button', class: 'unit-chip-remove', 'aria-label': t('tier.bodyRemove', { name: body.name }),
            on: { click: () => toggle(body, false) },
          }, icon('close')),
        ),
      ),
    );
  };

  const toggle = (body: BodySummary, on: boolean): void => {
    if (on) chosen.set(body.id, body);
    else chosen.delete(body.id);
    renderChips();
    syncResults();
    onChange();
  };

  const syncResults = (): void => {
    for (const button of results.querySelectorAll<HTMLButtonElement>('button[data-body]')) {
      const on = chosen.has(button.dataset['body'] ?? '');
      button.setAttribute('aria-pressed', String(on));
      button.textContent = on ? `✓ ${t('tier.bodyAdded')}` : t('tier.bodyAdd');
    }
  };

  const search = (q: string): void => {
    controller?.abort();
    if (q.trim().length < 2) {
      results.replaceChildren();
      return;
    }
    const mine = new AbortController();
    controller = mine;
    api.get<BodyPage>('/api/bodies', { q: q.trim(), limit: LIMIT }, mine.signal).then(
      (page) => {
        if (mine.signal.aborted) return;
        if (page.items.length === 0) {
          results.replaceChildren(h('li', { class: 'muted body-result-empty' }, t('tier.bodyNone', { q: q.trim() })));
          return;
        }
        results.replaceChildren(
          ...page.items.map((body) => {
            const button = h('button', { type: 'button', class: 'button button--secondary button--small', 'data-body': body.id });
            button.addEventListener('click', () => toggle(body, !chosen.has(body.id)));
            return h('li', { class: 'body-result' }, h('span', { class: 'body-result-name' }, body.name, h('span', { class: 'unit-code' }, body.id)), button);
          }),
        );
        syncResults();
      },
      (err: unknown) => {
        if (err instanceof DOMException && err.name === 'AbortError') return;
        results.replaceChildren(h('li', { class: 'field-error' }, errorText(err)));
      },
    );
  };

  query.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => search(query.value), 250);
  });
  renderChips();

  return {
    element: h(
      'div',
      { class: 'body-search' },
      h('label', { for: inputId, class: 'field-label' }, t('tier.bodySearch')),
      h('p', { id: hintId, class: 'field-hint' }, t('tier.bodiesHint')),
      h('div', { class: 'input-with-icon' }, icon('search'), query),
      results,
      chips,
    ),
    ids: () => [...chosen.keys()],
    destroy: () => {
      clearTimeout(timer);
      controller?.abort();
    },
  };
}
