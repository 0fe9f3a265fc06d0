import { field, input, select } from '../components/field.ts';
import { h } from '../dom.ts';
import { t } from '../i18n/index.ts';
import type { IssueBody } from './types.ts';

type Signer = NonNullable<IssueBody['signer']>;
type Authority = NonNullable<Signer['authority']>;

/** The signing capacities NĐ 30 prints above the position, as the form offers them. */
const CAPACITIES = ['', 'TM.', 'TM.+KT.', 'KT.', 'TL.', 'TUQ.'] as const;
type Capacity = (typeof CAPACITIES)[number];

/**
 * Who signs the Giấy mời, when it is not the issuing user by their own position: the signing
 * capacity (TM., KT., TL., TUQ.), for whom, the position and the name. Closed unless the
 * server refuses the default signer; `signer()` is undefined while the name is left empty.
 */
export function createSignerFields(): { element: HTMLDetailsElement; signer(): Signer | undefined; open(): void } {
  const capacity = select(CAPACITIES.map((c) => ({ value: c, label: t(`signer.cap.${c || 'none'}` as const) })));
  const collective = field(t('signer.collective'), input({ maxlength: 200, placeholder: 'Ủy ban nhân dân' }), { hint: t('signer.collectiveHint') });
  const head = field(t('signer.head'), input({ maxlength: 200, placeholder: 'Chủ tịch' }), { hint: t('signer.headHint') });
  const position = field(t('signer.position'), input({ maxlength: 200, placeholder: 'Phó Chủ tịch' }));
  const fullName = field(t('signer.fullName'), input({ maxlength: 200, autocomplete: 'off' }));

  const sync = (): void => {
    const c = capacity.value as Capacity;
    collective.element.hidden = !c.startsWith('TM.');
    head.element.hidden = c === '' || c === 'TM.';
  };
  capacity.addEventListener('change', sync);
  sync();

  const element = h(
    'details',
    { class: 'signer-fields' },
    h('summary', null, t('signer.title')),
    h('p', { class: 'field-hint' }, t('signer.lead')),
    h('div', { class: 'form-grid' }, field(t('signer.capacity'), capacity).element, collective.element, head.element, position.element, fullName.element),
  );

  return {
    element,
    open() {
      element.open = true;
      capacity.focus();
    },
    signer() {
      const name = fullName.control.value.trim();
      const pos = position.control.value.trim();
      if (!name || !pos) return undefined;
      const c = capacity.value as Capacity;
      const authority: Authority = [];
      const of = head.control.value.trim();
      if (c.startsWith('TM.')) authority.push({ prefix: 'TM.', of: collective.control.value.trim() });
      if (c === 'TM.+KT.' || c === 'KT.') authority.push({ prefix: 'KT.', of });
      if (c === 'TL.' || c === 'TUQ.') authority.push({ prefix: c, of });
      return { ...(authority.length ? { authority: authority.filter((a) => a.of) } : {}), position: pos, fullName: name };
    },
  };
}
