import { h } from '../dom.ts';
import { t } from '../i18n/index.ts';

/**
 * Shows a field's file input as a button in the page's language, with the chosen file's name
 * beside it: the native control says "Choose File" / "No file chosen" in the browser's
 * language, which on an English-locale PC is not the page's. The input stays in the form
 * (hidden), so its label, its `files` and the form's submit work as before.
 */
export function asFileButton(control: HTMLInputElement, label: string): void {
  const parent = control.parentNode;
  const next = control.nextSibling;
  const chosen = h('span', { class: 'muted file-chosen' }, t('file.none'));
  const button = h('button', { type: 'button', class: 'button button--secondary file-choose', on: { click: () => control.click() } }, label);
  control.classList.add('visually-hidden');
  control.tabIndex = -1;
  control.addEventListener('change', () => {
    chosen.textContent = control.files?.[0]?.name ?? t('file.none');
  });
  parent?.insertBefore(h('div', { class: 'file-button' }, control, button, chosen), next);
}
