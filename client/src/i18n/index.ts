import { en } from './en.ts';
import { vi, type Dictionary, type MessageKey } from './vi.ts';

export type { MessageKey } from './vi.ts';
export type Lang = 'vi' | 'en';

export const languages: readonly Lang[] = ['vi', 'en'];
const dictionaries: Record<Lang, Dictionary> = { vi, en };
const STORAGE_KEY = 'hopso.lang';

let current: Lang = readStoredLang();
const listeners = new Set<(lang: Lang) => void>();

/** Message for `key` in the current language; `{name}` placeholders filled from `params`. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  const template = dictionaries[current][key];
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? formatParam(params[name] as string | number) : whole,
  );
}

export function getLang(): Lang {
  return current;
}

export function setLang(lang: Lang): void {
  if (lang === current) return;
  current = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode or storage disabled: the choice lasts for this page only.
  }
  applyLangToDocument();
  for (const listener of listeners) listener(lang);
}

/** Subscribe to language changes; returns the unsubscribe function. */
export function onLangChange(listener: (lang: Lang) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** `<html lang>` drives screen-reader pronunciation and hyphenation, so keep it in step. */
export function applyLangToDocument(): void {
  document.documentElement.lang = current;
}

/** One formatter per language: making an Intl.NumberFormat per call cost the live page more than its repaint (bench:room). */
const numberFormats = new Map<Lang, Intl.NumberFormat>();

export function formatNumber(n: number): string {
  let format = numberFormats.get(current);
  if (!format) numberFormats.set(current, (format = new Intl.NumberFormat(current === 'vi' ? 'vi-VN' : 'en-GB')));
  return format.format(n);
}

function formatParam(value: string | number): string {
  return typeof value === 'number' ? formatNumber(value) : value;
}

function readStoredLang(): Lang {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'vi' || stored === 'en') return stored;
  } catch {
    // Storage unavailable: fall through to the default.
  }
  // Vietnamese first, whatever the browser's own language: this is a Vietnamese public service.
  return 'vi';
}
