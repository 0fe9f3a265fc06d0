import { expect, it } from 'vitest';
import { fold } from '../../server/lib/text.ts';

it('folds Vietnamese diacritics, đ and case', () => {
  expect(fold('Thạch Hà')).toBe('thach ha');
  expect(fold('  Đặc khu  Phú Quốc ')).toBe('dac khu phu quoc');
  expect(fold('HÀ TĨNH')).toBe(fold('ha tinh'));
  // Precomposed and decomposed forms fold alike.
  expect(fold('Hà'.normalize('NFD'))).toBe(fold('Hà'.normalize('NFC')));
});
