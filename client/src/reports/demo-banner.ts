import { h } from '../dom.ts';
import { t } from '../i18n/index.ts';

/** Says, above the figures, that an instance started with demo data shows generated records. */
export function demoBanner(): HTMLElement {
  return h('p', { class: 'demo-banner', role: 'note', 'data-testid': 'demo-banner' }, t('demo.banner'));
}
