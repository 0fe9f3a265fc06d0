import fc from 'fast-check';

/**
 * Values that have broken servers before: encodings, NUL and lone surrogates (PostgreSQL text
 * refuses NUL), injection strings, traversal, boundaries of numbers and dates, prototype keys.
 */
export const nastyStrings: readonly string[] = [
  '', ' ', '\t\n', '\u0000', 'a\u0000b', '\uD800', '\uDFFF\uD800x', '\u202Eevil\u202C', 'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇', '🧨👩‍👩‍👧‍👦', '\uFEFFbom',
  'Nguyễn Văn Hùng', 'ĐẢNG ỦY', '%', '%00', '%zz', '%E0%A4%A', '%2e%2e%2f', '..', '../../../../etc/passwd', '..\\..\\windows\\win.ini', '/etc/passwd\u0000.ics',
  "' OR '1'='1", "1; drop table users; --", '$1', '${process.exit()}', '{{7*7}}', '<script>alert(1)</script>', 'javascript:alert(1)',
  'null', 'undefined', 'NaN', 'Infinity', '-1', '0', '1e309', '0x7fffffff', '00000', 'true', '[]', '{}',
  '__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString',
  'Asia/Nowhere', 'UTC', '+07:00', 'Europe/../../etc', '2027-02-30T08:00', '2027-13-45T99:99', '0000-00-00T00:00', '9999-12-31T23:59',
  '1970-01-01T00:00', '2027-01-12', '2027-01-12T08:00:00.000Z', '275760-09-13T00:00:00.000Z', '-000001-01-01T00:00:00Z',
  '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF',
  '42', '01', '99', '42:', ':', '42:ubnd:x', '*', 'a'.repeat(61), 'x'.repeat(1000),
];

export const nastyNumbers: readonly number[] = [
  0, -0, -1, 1, 0.5, -0.5, 2 ** 31, -(2 ** 31), 2 ** 31 - 1, 2 ** 53, -(2 ** 53), Number.MAX_SAFE_INTEGER + 2, 1e21, 1e308, -1e308, 5e-324, 10_001, 3601, 1441,
];

/** Values of every JSON type and some that JSON cannot hold (they travel as null or vanish). */
export const otherValues: readonly unknown[] = [
  null, true, false, [], {}, [null], [[]], { '': '' }, [1, 'a', null], { a: { b: { c: [] } } }, Number.NaN, Number.POSITIVE_INFINITY,
];

/** Path segments aimed at the router and at anything that joins a path on disk. */
export const nastySegments: readonly string[] = [
  '..', '.', '%2e%2e', '..%2f..%2f..%2fetc%2fpasswd', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', '..%5c..%5cwindows', '%00', 'a%00b', '%ff', '%',
  '%25', '%2F', 'a%2Fb', '..;', '~', '*', '%20', '%E2%80%AE', encodeURIComponent('Hà Tĩnh'), 'x'.repeat(5000), '00000000-0000-4000-8000-000000000000',
  '00000000-0000-4000-8000-00000000000G', '{id}', ':id', 'null', 'undefined',
];

/** Any generated value as text (objects as JSON: some have no prototype to convert them). */
export function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A long string: past every maxLength, and big enough to matter to a database index. */
export function hugeString(size: number): string {
  return 'Ä'.repeat(Math.floor(size / 2)) + '\u0000'.repeat(size % 2);
}

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...nastyStrings) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom(100_000, 300_000).map(hugeString) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...nastyStrings), fc.constantFrom(...nastyStrings)).map(([a, b]) => a + b) },
);

export const nastyNumber: fc.Arbitrary<number> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...nastyNumbers) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer() },
);

/** Anything at all, for a place that expects one specific type. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  nastyString,
  nastyNumber,
  fc.constantFrom(...otherValues),
  fc.array(nastyString, { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('a', '__proto__', 'constructor', 'id', ''), nastyString, { maxKeys: 3 }),
);

/** A deeply nested document: parsers and recursive validators have stack limits. */
export function deepJson(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}
