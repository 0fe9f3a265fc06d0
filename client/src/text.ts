/** Lower case without diacritics ("Thạch Hà" → "thach ha"), as the server's fold(): searches ignore diacritics. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
}
