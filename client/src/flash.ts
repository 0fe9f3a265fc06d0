import { message } from './components/feedback.ts';
import { h } from './dom.ts';

const FLASH_KEY = 'hopso.flash';

/** What an action tells the next page: what was done, and what to look at again (e.g. "the date is a holiday"). */
export interface Flash {
  text: string;
  warnings: string[];
}

/** A message for the next page (e.g. "saved" after creating a meeting and moving to it). */
export function setFlash(text: string, warnings: string[] = []): void {
  try {
    sessionStorage.setItem(FLASH_KEY, JSON.stringify({ text, warnings } satisfies Flash));
  } catch {
    // Storage disabled: the next page simply shows no message.
  }
}

export function takeFlash(): Flash | null {
  try {
    const raw = sessionStorage.getItem(FLASH_KEY);
    sessionStorage.removeItem(FLASH_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Partial<Flash>;
    return typeof parsed.text === 'string' ? { text: parsed.text, warnings: Array.isArray(parsed.warnings) ? parsed.warnings.filter((w) => typeof w === 'string') : [] } : null;
  } catch {
    return null;
  }
}

/** The flash as it reads on a page: the confirmation, then each warning. */
export function flashMessages(flash: Flash | null): HTMLElement | null {
  if (!flash) return null;
  return h('div', { class: 'flash' }, message('success', flash.text), flash.warnings.map((w) => message('warning', w)));
}

/**
 * A confirmation shown at once where the action happened, when the page stays (an answer
 * sent, a substitute approved): it replaces the slot's last one and takes the focus, so the
 * person sees — and a screen reader says — what became of the press even when the element
 * pressed has moved or gone.
 */
export function confirmInPlace(slot: HTMLElement, text: string): void {
  const note = message('success', text);
  note.tabIndex = -1;
  note.dataset['confirmation'] = '';
  slot.replaceChildren(note);
  note.focus({ preventScroll: false });
}
