import { ApiError } from '../api.ts';
import { h } from '../dom.ts';
import { t } from '../i18n/index.ts';

/** What became of an action, told to the person: status lines and the server's complaints. */

/** A status line for the result of an action: polite for success, assertive for errors. */
export function message(kind: 'success' | 'error' | 'info' | 'warning', text: string): HTMLElement {
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
