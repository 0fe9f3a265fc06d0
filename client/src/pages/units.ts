import { pageHeader } from '../components/page-header.ts';
import { createUnitPicker } from '../components/unit-picker.ts';
import { h } from '../dom.ts';
import { t } from '../i18n/index.ts';
import type { PageResult } from '../page.ts';

/** Public directory of administrative units, browsed and searched with the unit picker. */
export function render(): PageResult {
  const picker = createUnitPicker({ multiple: true, label: t('units.title') });
  const node = h('div', { class: 'page' }, pageHeader(t('units.title'), t('units.intro')), h('div', { class: 'card' }, picker.element));
  return { node, cleanup: () => picker.destroy() };
}
