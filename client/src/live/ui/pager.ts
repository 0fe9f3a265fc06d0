import { h, setText } from '../../dom.ts';
import { getLang, t } from '../../i18n/index.ts';
import type { GridPlan } from '../grid.ts';
import type { LiveSession } from '../session.ts';
import { PAGE_SIZES } from '../state.ts';

/**
 * The pages of the grid: ‹ Trang 1/3 › and how many sites a page holds. A site receives the
 * video of the page it shows only, so a large meeting costs a commune's link one page. Flipping
 * changes the page asked for (state.page); the page shown is the server's answer (state.grid).
 */
export function pager(session: LiveSession): { node: HTMLElement; update(plan: GridPlan, sites: number): void } {
  const s = session.state;
  let pages = 1;
  // The page asked for, from the last one asked (clicks before the server answered add up), within the pages there are now.
  const go = (delta: number) => {
    s.page = Math.min(Math.max(0, Math.min(s.page, pages - 1) + delta), pages - 1);
    session.mark('layout');
  };
  const prev = h('button', { type: 'button', class: 'stage-pager-button', 'data-page': 'prev', 'aria-label': t('live.pager.prev'), title: t('live.pager.prev'), on: { click: () => go(-1) } }, '‹');
  const next = h('button', { type: 'button', class: 'stage-pager-button', 'data-page': 'next', 'aria-label': t('live.pager.next'), title: t('live.pager.next'), on: { click: () => go(1) } }, '›');
  const label = h('span', { class: 'stage-pager-label', 'aria-live': 'polite' });
  const size = h('select', {
    class: 'stage-pager-size',
    on: {
      change: () => {
        // The first site shown stays on screen.
        const first = s.grid ? s.grid.page * s.grid.pageSize : s.page * s.pageSize;
        s.pageSize = Number(size.value);
        s.page = Math.floor(first / s.pageSize);
        session.mark('layout');
      },
    },
  });
  const sizeLabel = h('label', { class: 'stage-pager-size-label' }, h('span', null, t('live.pager.size')), size);
  const elsewhere = h('span', { class: 'stage-pager-elsewhere' });
  const node = h('nav', { class: 'stage-pager', 'aria-label': t('live.pager.label') }, prev, label, next, sizeLabel, elsewhere);
  let lastOptions = '';

  return {
    node,
    update(plan, sites) {
      pages = plan.pages;
      // Pages matter once there are more sites than the smallest page holds.
      const hidden = sites <= PAGE_SIZES[0];
      if (node.hidden !== hidden) node.hidden = hidden;
      if (hidden) return;
      prev.disabled = plan.pageIndex === 0;
      next.disabled = plan.pageIndex >= plan.pages - 1;
      setText(label, t('live.pager.page', { n: plan.pageIndex + 1, total: plan.pages }));
      if (lastOptions !== `${s.pageSize}:${getLang()}`) {
        lastOptions = `${s.pageSize}:${getLang()}`;
        size.replaceChildren(...PAGE_SIZES.map((n) => h('option', { value: n, selected: n === s.pageSize }, t('live.pager.sizeOption', { n }))));
      }
      // A summary roster's list of sites does not hold the other pages' sites: only a full one can point there.
      const others = s.roster === 'summary' ? 'live.pager.othersPages' : 'live.pager.others';
      setText(elsewhere, plan.elsewhere > 0 ? t(others, { n: plan.elsewhere }) : '');
    },
  };
}
