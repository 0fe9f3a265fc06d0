import { h, uid } from '../dom.ts';
import { t } from '../i18n/index.ts';

/** Labelled form controls with their own hint and error line, for every form of the app. */

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
type ControlProps = Record<string, string | number | boolean | null>;

export interface Field<E extends Control = Control> {
  element: HTMLElement;
  control: E;
  /** Shows (or clears) the message under the field and marks the control invalid. */
  setError(message: string | null): void;
}

export interface FieldOptions {
  hint?: string;
  required?: boolean;
  className?: string;
  /**
   * What is wrong with the current value, or null when it is fine. A shown error clears as
   * soon as this passes; without it, as soon as the field is changed to something non-empty.
   */
  check?: () => string | null;
}

/**
 * A label, the control, an optional hint, and an error line that screen readers hear with
 * the control (aria-describedby), so a server's complaint lands next to what it is about.
 * `required` only marks the label; the form decides what a missing value means. An error
 * goes away while the person fixes the field, not only at the next submit.
 */
export function field<E extends Control>(label: string, control: E, options: FieldOptions = {}): Field<E> {
  control.id ||= uid('f');
  const hintId = `${control.id}-hint`;
  const errorId = `${control.id}-error`;
  const error = h('p', { id: errorId, class: 'field-error', hidden: true });
  const described = (withError: boolean) => [options.hint ? hintId : '', withError ? errorId : ''].filter(Boolean).join(' ') || null;
  const hintText = described(false);
  if (hintText) control.setAttribute('aria-describedby', hintText);
  if (options.required) control.setAttribute('aria-required', 'true');
  const element = h(
    'div',
    { class: `field ${options.className ?? ''}`.trim() },
    h('label', { for: control.id, class: 'field-label' }, label, options.required ? h('span', { class: 'field-required' }, ` ${t('field.required')}`) : null),
    control,
    options.hint ? h('p', { id: hintId, class: 'field-hint' }, options.hint) : null,
    error,
  );
  const fixed = () => (options.check ? options.check() === null : control.value.trim() !== '');
  const clearIfFixed = () => {
    if (!error.hidden && fixed()) result.setError(null);
  };
  control.addEventListener('input', clearIfFixed);
  control.addEventListener('change', clearIfFixed);
  const result: Field<E> = {
    element,
    control,
    setError(message) {
      error.textContent = message ?? '';
      error.hidden = !message;
      if (message) control.setAttribute('aria-invalid', 'true');
      else control.removeAttribute('aria-invalid');
      const ids = described(!!message);
      if (ids) control.setAttribute('aria-describedby', ids);
      else control.removeAttribute('aria-describedby');
    },
  };
  return result;
}

export function input(props: ControlProps = {}): HTMLInputElement {
  return h('input', { class: 'input', ...props });
}

export function textarea(props: ControlProps = {}): HTMLTextAreaElement {
  return h('textarea', { class: 'input textarea', rows: 3, ...props });
}

export function select(options: { value: string; label: string }[], value?: string): HTMLSelectElement {
  const el = h('select', { class: 'input' }, options.map((o) => h('option', { value: o.value }, o.label)));
  if (value !== undefined) el.value = value;
  return el;
}
