import { api } from '../api.ts';
import { createUnitPicker } from '../components/unit-picker.ts';
import { h, replaceChildren, uid } from '../dom.ts';
import { getLang, t } from '../i18n/index.ts';
import type { SessionUser, UnitDetail } from '../types.ts';
import { createBodySearch } from './body-search.ts';
import { createInviteePreview } from './invitee-preview.ts';
import type { InviteeSpec } from './types.ts';

/**
 * Whom to invite, tier by tier: quick choices (every commune of the convener's province,
 * every province), provinces and communes from the unit tree, and named bodies, in any
 * mix. Every change asks the server for the resolved count (debounced), so the convener
 * sees "69 cơ quan" before saving — the same resolution issuing will use.
 */
export interface TierPicker {
  element: HTMLElement;
  spec(): InviteeSpec;
  setError(message: string | null): void;
  destroy(): void;
}

interface Province {
  code: string;
  name: string;
}

export function createTierPicker(user: SessionUser): TierPicker {
  const changed = (): void => preview.update(spec());

  const quick = h('div', { class: 'tier-quick' });
  const allCommunes = h('input', { type: 'checkbox', id: uid('tier-communes'), on: { change: changed } });
  const allProvinces = h('input', { type: 'checkbox', id: uid('tier-provinces'), on: { change: changed } });
  let province: Province | null = null;

  const renderQuick = (): void => {
    replaceChildren(
      quick,
      province
        ? h('label', { class: 'check', for: allCommunes.id }, allCommunes, h('span', null, t('tier.allCommunesOf', { name: provinceLabel(province) })))
        : null,
      h('label', { class: 'check', for: allProvinces.id }, allProvinces, h('span', null, t('tier.allProvinces'))),
    );
  };
  renderQuick();
  void ownProvince(user).then((found) => {
    province = found;
    renderQuick();
  });

  const picker = createUnitPicker({ multiple: true, levels: ['province', 'commune'], onChange: changed, label: t('tier.units') });
  const bodies = createBodySearch(changed);
  const preview = createInviteePreview();
  const errorId = uid('tier-error');
  const error = h('p', { id: errorId, class: 'field-error', hidden: true });

  const spec = (): InviteeSpec => {
    const units = picker.getSelected();
    const out: InviteeSpec = {};
    if (allProvinces.checked) out.allProvinces = true;
    if (allCommunes.checked && province) out.communesOf = [province.code];
    const provinces = units.filter((u) => u.level === 'province').map((u) => u.code);
    const communes = units.filter((u) => u.level === 'commune').map((u) => u.code);
    if (provinces.length) out.provinces = provinces;
    if (communes.length) out.communes = communes;
    const ids = bodies.ids();
    if (ids.length) out.bodies = ids;
    return out;
  };

  const quickLegend = uid('tier-quick');
  const element = h(
    'div',
    { class: 'tier-picker' },
    h(
      'div',
      { class: 'tier-choices' },
      h('fieldset', { class: 'tier-group' }, h('legend', { id: quickLegend, class: 'field-label' }, t('tier.quick')), quick),
      h(
        'div',
        { class: 'tier-group' },
        h('h3', { class: 'field-label' }, t('tier.units')),
        h('p', { class: 'field-hint' }, t('tier.unitsHint')),
        picker.element,
      ),
      h('div', { class: 'tier-group' }, h('h3', { class: 'field-label' }, t('tier.bodies')), bodies.element),
    ),
    h('div', { class: 'tier-side' }, preview.element, error),
  );
  preview.update(spec());

  return {
    element,
    spec,
    setError(message) {
      error.textContent = message ?? '';
      error.hidden = !message;
    },
    destroy() {
      picker.destroy();
      bodies.destroy();
      preview.destroy();
    },
  };
}

/** "tỉnh Hà Tĩnh" inside a Vietnamese sentence ("… thuộc tỉnh Hà Tĩnh"); the full name in English. */
function provinceLabel(p: Province): string {
  return getLang() === 'vi' ? p.name.charAt(0).toLocaleLowerCase('vi') + p.name.slice(1) : p.name;
}

/** The convener's province: their own unit, or a commune's parent; none for central bodies. */
async function ownProvince(user: SessionUser): Promise<Province | null> {
  if (user.unit.level === 'province') return { code: user.unit.code, name: user.unit.name };
  if (user.unit.level !== 'commune') return null;
  try {
    const commune = await api.get<UnitDetail>(`/api/units/${encodeURIComponent(user.unit.code)}`);
    if (!commune.parentCode) return null;
    const parent = await api.get<UnitDetail>(`/api/units/${encodeURIComponent(commune.parentCode)}`);
    return { code: parent.code, name: parent.name };
  } catch {
    // Without the province the quick choice is simply not offered; the tree still works.
    return null;
  }
}
