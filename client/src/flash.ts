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
