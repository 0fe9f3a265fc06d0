import { pageHeader } from '../components/page-header.ts';
import { h, uid } from '../dom.ts';
import { t } from '../i18n/index.ts';
import { navigate } from '../router.ts';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/**
 * Entry to live meetings. Invitations link straight to `#/live/<meetingId>`; until the
 * meetings pages list today's meetings, a site can paste the link or the meeting code here.
 */
export function render(): Node {
  const inputId = uid('live-code');
  const input = h('input', { id: inputId, class: 'input', autocomplete: 'off', spellcheck: 'false', placeholder: t('live.code.placeholder') });
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    // Accept the bare code or a whole pasted link: the code is the only UUID in it.
    const code = UUID.exec(input.value)?.[0];
    if (!code) {
      error.textContent = t('live.code.invalid');
      error.hidden = false;
      input.focus();
      return;
    }
    navigate(`/live/${code.toLowerCase()}`);
  };
  return h(
    'div',
    { class: 'page' },
    pageHeader(t('nav.live'), t('page.live.intro')),
    h(
      'form',
      { class: 'card form live-code-form', novalidate: true, on: { submit: onSubmit } },
      h('div', { class: 'field' }, h('label', { for: inputId, class: 'field-label' }, t('live.code.label')), input, h('p', { class: 'field-hint' }, t('live.code.hint'))),
      error,
      h('button', { type: 'submit', class: 'button button--primary' }, t('live.code.open')),
    ),
  );
}
