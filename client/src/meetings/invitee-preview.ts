import { api } from '../api.ts';
import { errorText } from '../components/feedback.ts';
import { h, replaceChildren } from '../dom.ts';
import { formatNumber, t } from '../i18n/index.ts';
import type { InviteeSpec, PreviewResponse } from './types.ts';

/**
 * The live count of bodies a choice of tiers invites, with its breakdown by province and
 * the units the convener may not invite. Updates are debounced (ticking "select all 69"
 * is one request, not 69) and only the newest answer is shown.
 */
export interface InviteePreview {
  element: HTMLElement;
  update(spec: InviteeSpec): void;
  destroy(): void;
}

const DEBOUNCE_MS = 300;

export function isEmptySpec(spec: InviteeSpec): boolean {
  return !spec.allProvinces && !spec.provinces?.length && !spec.communesOf?.length && !spec.communes?.length && !spec.bodies?.length;
}

export function createInviteePreview(options: { convenerBodyId?: string; compact?: boolean } = {}): InviteePreview {
  const count = h('p', { class: 'preview-count', 'data-testid': 'invitee-count' });
  const detail = h('div', { class: 'preview-detail' });
  const element = h(
    'section',
    { class: `invitee-preview${options.compact ? ' invitee-preview--compact' : ''}`, 'aria-live': 'polite', 'aria-atomic': 'true' },
    h('h3', { class: 'preview-title' }, t('tier.preview')),
    count,
    detail,
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;

  const show = (result: PreviewResponse): void => {
    count.textContent = t('tier.previewCount', { n: result.total });
    count.dataset['count'] = String(result.total);
    replaceChildren(
      detail,
      result.byProvince.length
        ? h(
            'details',
            { class: 'preview-breakdown', open: result.byProvince.length <= 5 },
            h('summary', null, t('tier.previewByProvince')),
            h('ul', null, result.byProvince.map((p) => h('li', null, h('span', null, p.name), h('strong', null, formatNumber(p.count))))),
          )
        : null,
      result.outOfScope.length ? h('p', { class: 'field-error', role: 'alert' }, t('tier.previewOutOfScope', { list: result.outOfScope.join(', ') })) : null,
    );
    element.removeAttribute('aria-busy');
  };

  const update = (spec: InviteeSpec): void => {
    clearTimeout(timer);
    const mine = ++generation;
    if (isEmptySpec(spec)) {
      count.textContent = t('tier.previewNone');
      count.dataset['count'] = '0';
      detail.replaceChildren();
      element.removeAttribute('aria-busy');
      return;
    }
    element.setAttribute('aria-busy', 'true');
    count.classList.add('preview-count--stale');
    timer = setTimeout(() => {
      const body = options.convenerBodyId ? { spec, convenerBodyId: options.convenerBodyId } : { spec };
      api.post<PreviewResponse>('/api/invitations/preview', body).then(
        (result) => {
          if (mine !== generation) return;
          count.classList.remove('preview-count--stale');
          show(result);
        },
        (err: unknown) => {
          if (mine !== generation) return;
          count.classList.remove('preview-count--stale');
          element.removeAttribute('aria-busy');
          count.textContent = '—';
          delete count.dataset['count'];
          detail.replaceChildren(h('p', { class: 'field-error' }, t('tier.previewFailed', { message: errorText(err) })));
        },
      );
    }, DEBOUNCE_MS);
  };

  count.textContent = t('tier.previewNone');
  return { element, update, destroy: () => clearTimeout(timer) };
}
