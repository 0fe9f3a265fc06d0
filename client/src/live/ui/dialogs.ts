import { field, input } from '../../components/field.ts';
import { h } from '../../dom.ts';
import { t } from '../../i18n/index.ts';
import { chair, declareHeadcount } from '../actions.ts';
import type { LiveSession } from '../session.ts';

/**
 * Small modal forms: the headcount a site declares (số người dự) and the chair's grant of
 * the floor with an optional limit. (The roll call is a panel, not a modal: roll-call.ts.)
 * Native <dialog>: focus is trapped and Escape closes it, with no extra code.
 */

interface NumberDialog {
  title: string;
  lead: string;
  label: string;
  hint?: string;
  value: number | null;
  min: number;
  max: number;
  required: boolean;
  submit: string;
  onSubmit(value: number | null): Promise<boolean>;
  name: string;
}

function numberDialog(spec: NumberDialog): HTMLDialogElement {
  const number = field(
    spec.label,
    input({ type: 'number', inputmode: 'numeric', min: spec.min, max: spec.max, step: 1, required: spec.required, value: spec.value ?? '' }),
    spec.hint ? { hint: spec.hint } : {},
  );
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'button button--primary' }, spec.submit);
  const cancel = h('button', { type: 'button', class: 'button button--secondary', on: { click: () => dialog.close() } }, t('live.dialog.cancel'));
  const form = h(
    'form',
    {
      class: 'form',
      method: 'dialog',
      novalidate: true,
      on: {
        submit: (event) => {
          event.preventDefault();
          void onSubmit();
        },
      },
    },
    number.element,
    error,
    h('div', { class: 'live-dialog-actions' }, cancel, submit),
  );
  const dialog = h('dialog', { class: 'live-dialog', 'data-dialog': spec.name, 'aria-label': spec.title }, h('h2', null, spec.title), h('p', { class: 'muted' }, spec.lead), form);
  dialog.addEventListener('close', () => dialog.remove());

  async function onSubmit(): Promise<void> {
    const raw = number.control.value.trim();
    const value = raw === '' ? null : Number(raw);
    const invalid = value === null ? spec.required : !Number.isInteger(value) || value < spec.min || value > spec.max;
    if (invalid) {
      error.textContent = t('live.dialog.number', { min: spec.min, max: spec.max });
      error.hidden = false;
      number.control.focus();
      return;
    }
    submit.disabled = true;
    const ok = await spec.onSubmit(value);
    submit.disabled = false;
    if (ok) dialog.close();
    else {
      error.textContent = t('live.dialog.failed');
      error.hidden = false;
    }
  }
  document.body.appendChild(dialog);
  dialog.showModal();
  number.control.focus();
  return dialog;
}

export function askHeadcount(session: LiveSession): void {
  numberDialog({
    name: 'headcount',
    title: t('live.headcount.title'),
    lead: t('live.headcount.lead'),
    label: t('live.headcount.label'),
    value: session.state.headcount,
    min: 1,
    max: 10_000,
    required: true,
    submit: t('live.headcount.submit'),
    onSubmit: (value) => declareHeadcount(session, value ?? 0),
  });
}

export function grantDialog(session: LiveSession, peerId: string, siteName: string): void {
  numberDialog({
    name: 'grant',
    title: t('live.floor.grantTitle', { name: siteName }),
    lead: t('live.floor.grantLead'),
    label: t('live.floor.minutes'),
    hint: t('live.floor.minutesHint'),
    value: null,
    min: 1,
    max: 120,
    required: false,
    submit: t('live.floor.grant'),
    onSubmit: (minutes) => chair.grant(session, peerId, minutes ? minutes * 60 : undefined),
  });
}
