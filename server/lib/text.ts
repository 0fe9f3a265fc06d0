/**
 * Folds Vietnamese text for search: lower case, no diacritics, đ→d, single spaces.
 * "Thạch Hà" and "thach ha" fold to the same string.
 */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Text closed with one full stop: "Lý do: bão." whether the reason was typed with its own "." or not (never "bão.."). */
export function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?…]$/u.test(trimmed) ? trimmed : `${trimmed}.`;
}
