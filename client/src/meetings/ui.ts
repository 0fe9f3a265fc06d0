import { ApiError } from '../api.ts';
import { h, uid, type Child } from '../dom.ts';
import { t } from '../i18n/index.ts';
import { statusLabel } from './format.ts';
import type { MeetingStatus, RsvpStatus } from './types.ts';

/**
 * Small building blocks shared by the meetings pages: labelled fields with their own error
 * line, status badges, notices, and the one-shot message carried across a navigation.
 */

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

export interface Field<E extends Control = Control> {
  element: HTMLElement;
  control: E;
  /** Shows (or clears) the message under the field and marks the control invalid. */
  setError(message: string | null): void;
}

/**
 * A label, the control, an optional hint, and an error line that screen readers hear with
 * the control (aria-describedby), so a server's complaint lands next to what it is about.
 */
export function field<E extends Control>(label: string, control: E, options: { hint?: string; required?: boolean; className?: string } = {}): Field<E> {
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
    h('label', { for: control.id, class: 'field-label' }, label, options.required ? h('span', { class: 'field-required' }, ` ${t('create.required')}`) : null),
    control,
    options.hint ? h('p', { id: hintId, class: 'field-hint' }, options.hint) : null,
    error,
  );
  return {
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
}

export function input(props: Record<string, string | number | boolean | null> = {}): HTMLInputElement {
  return h('input', { class: 'input', ...props });
}

export function textarea(props: Record<string, string | number | boolean | null> = {}): HTMLTextAreaElement {
  return h('textarea', { class: 'input textarea', rows: 3, ...props });
}

export function select(options: { value: string; label: string }[], value?: string): HTMLSelectElement {
  const el = h('select', { class: 'input' }, options.map((o) => h('option', { value: o.value }, o.label)));
  if (value !== undefined) el.value = value;
  return el;
}

export function statusBadge(status: MeetingStatus): HTMLElement {
  return h('span', { class: `status-badge status-badge--${status}` }, statusLabel(status));
}

export function rsvpBadge(rsvp: RsvpStatus): HTMLElement {
  return h('span', { class: `rsvp-badge rsvp-badge--${rsvp}` }, t(`mtg.rsvp.${rsvp}` as const));
}

export function card(title: string, ...children: (Child | Child[])[]): HTMLElement {
  const id = uid('card');
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id, class: 'card-title' }, title), ...children);
}

/** A status line for the result of an action: polite for success, assertive for errors. */
export function message(kind: 'success' | 'error' | 'info', text: string): HTMLElement {
  return h('p', { class: `mtg-message mtg-message--${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text);
}

/** What to tell a person about a failed request: the server's own words when it gave some. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 0) return t('error.network');
    if (!err.code.startsWith('http_') && err.message) return err.message;
  }
  return t('error.generic');
}

/**
 * Validation failures from the server, as { field path → message }: "/title" → "title",
 * "/agenda/2/title" → "agenda.2.title". Domain errors have no paths and give an empty map.
 */
export function fieldErrors(err: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!(err instanceof ApiError) || !Array.isArray(err.details)) return out;
  for (const detail of err.details as unknown[]) {
    if (typeof detail !== 'object' || detail === null) continue;
    const { path, message: text } = detail as { path?: unknown; message?: unknown };
    if (typeof path !== 'string') continue;
    const key = path.replace(/^\//, '').replace(/\//g, '.');
    if (!out.has(key)) out.set(key, typeof text === 'string' ? text : '');
  }
  return out;
}

const FLASH_KEY = 'hopso.flash';

/** A message for the next page (e.g. "saved" after creating a meeting and moving to it). */
export function setFlash(text: string): void {
  try {
    sessionStorage.setItem(FLASH_KEY, text);
  } catch {
    // Storage disabled: the next page simply shows no message.
  }
}

export function takeFlash(): string | null {
  try {
    const text = sessionStorage.getItem(FLASH_KEY);
    sessionStorage.removeItem(FLASH_KEY);
    return text;
  } catch {
    return null;
  }
}
