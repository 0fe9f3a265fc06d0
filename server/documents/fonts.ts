import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Unavailable } from '../lib/errors.ts';

/**
 * Where Debian puts Liberation Serif. fonts-liberation2 (Liberation 2.x) comes first: the
 * 1.x fonts of the older fonts-liberation package have no Ơ/Ư and none of the Vietnamese
 * letters with two marks (ộ, ề, ữ …), and pdfkit would silently drop them from the page.
 */
export const FONT_DIRS = ['/usr/share/fonts/truetype/liberation2', '/usr/share/fonts/truetype/liberation'];

const FILES = {
  regular: 'LiberationSerif-Regular.ttf',
  bold: 'LiberationSerif-Bold.ttf',
  italic: 'LiberationSerif-Italic.ttf',
  bolditalic: 'LiberationSerif-BoldItalic.ttf',
} as const;
export type FontFace = keyof typeof FILES;

/** Letters a Vietnamese document cannot do without: ơ ư đ and the stacked tone marks. */
const VIETNAMESE_SAMPLE = 'ƠơƯưĐđẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ';

/** fontkit parses fonts for pdfkit; used here only to ask which letters a font has. */
const fontkit = createRequire(import.meta.url)('fontkit') as {
  openSync(file: string): { hasGlyphForCodePoint(codePoint: number): boolean } | { fonts: unknown[] };
};

const checked = new Map<string, string[]>();

/** Letters of the sample that the font file has no glyph for. */
function missingLetters(file: string): string[] {
  let missing = checked.get(file);
  if (!missing) {
    const font = fontkit.openSync(file);
    missing = 'hasGlyphForCodePoint' in font ? [...VIETNAMESE_SAMPLE].filter((ch) => !font.hasGlyphForCodePoint(ch.codePointAt(0)!)) : [...VIETNAMESE_SAMPLE];
    checked.set(file, missing);
  }
  return missing;
}

/**
 * Paths of the four Liberation Serif faces (metric-compatible with Times New Roman, which
 * NĐ 30 asks for), from the first directory that has all four with every Vietnamese letter.
 * A missing or incomplete font is a setup problem of the server, not of the request, so it
 * fails with a message that says which package to install.
 */
export function loadSerifFonts(dirs: string | string[] = FONT_DIRS): Record<FontFace, string> {
  const problems: string[] = [];
  for (const dir of Array.isArray(dirs) ? dirs : [dirs]) {
    const files = Object.fromEntries(Object.entries(FILES).map(([face, file]) => [face, path.join(dir, file)])) as Record<FontFace, string>;
    const absent = Object.values(files).filter((f) => !fs.existsSync(f));
    if (absent.length > 0) {
      problems.push(`${absent.join(', ')} không có / missing`);
      continue;
    }
    const lacking = Object.values(files).flatMap((f) => {
      const missing = missingLetters(f);
      return missing.length ? [`${path.basename(f)} thiếu / lacks ${missing.slice(0, 6).join('')}…`] : [];
    });
    if (lacking.length === 0) return files;
    problems.push(...lacking);
  }
  throw new Unavailable(
    `Không có phông Liberation Serif đủ chữ tiếng Việt để in văn bản: cần cài gói fonts-liberation2 (apt-get install fonts-liberation2). ` +
      `/ No Liberation Serif with Vietnamese letters to print documents: install the fonts-liberation2 package. (${problems.join('; ')})`,
  );
}
