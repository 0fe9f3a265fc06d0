import { field, input } from '../components/field.ts';
import { pageHeader } from '../components/page-header.ts';
import { h } from '../dom.ts';
import { agendaView } from '../home/agenda.ts';
import { t } from '../i18n/index.ts';
import type { PageResult } from '../page.ts';
import { navigate } from '../router.ts';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/**
 * Today's meetings with their Join buttons first; below, entry by code for a site that has
 * only the code or a room link passed on (read out over the phone, pasted in a message).
 */
export function render(): PageResult {
  const today = agendaView(1, { empty: t('agenda.emptyToday') });
  const code = field(t('live.code.label'), input({ autocomplete: 'off', spellcheck: 'false', placeholder: t('live.code.placeholder') }), { hint: t('live.code.hint') });
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    // Accept the bare code or a whole pasted link: the code is the only UUID in it.
    const found = UUID.exec(code.control.value)?.[0];
    if (!found) {
      error.textContent = t('live.code.invalid');
      error.hidden = false;
      code.control.focus();
      return;
    }
    navigate(`/live/${found.toLowerCase()}`);
  };
  const node = h(
    'div',
    { class: 'page' },
    pageHeader(t('nav.live'), t('page.live.intro')),
    h('section', { class: 'card my-agenda-card', 'aria-labelledby': 'live-today' },
      h('h2', { id: 'live-today', class: 'card-title' }, t('agenda.todayTitle')), today.element),
    h(
      'form',
      { class: 'card form live-code-form', novalidate: true, on: { submit: onSubmit } },
      code.element,
      error,
      h('button', { type: 'submit', class: 'button button--secondary' }, t('live.code.open')),
    ),
  );
  return { node, cleanup: today.stop };
}
