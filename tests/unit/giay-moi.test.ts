import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMeetingTime, formatPlaceDate, formatVietnameseDate } from '../../server/documents/format.ts';
import { loadSerifFonts } from '../../server/documents/fonts.ts';
import { bodyParagraphs, lowerFirst, renderInvitationPdf } from '../../server/documents/giay-moi.ts';
import type { InvitationDocData } from '../../server/documents/types.ts';
import { InvalidInput, Unavailable } from '../../server/lib/errors.ts';
import { datelinePlace } from '../../server/units/place-name.ts';

const vn = (local: string) => new Date(`${local}+07:00`);

const sample: InvitationDocData = {
  issuingBody: 'Ủy ban nhân dân tỉnh Hà Tĩnh',
  number: '07/GM-UBND',
  place: 'Hà Tĩnh',
  issuedAt: vn('2027-01-05T15:20:00'),
  summary: 'Dự Hội nghị trực tuyến giao ban công tác tháng 01 năm 2027',
  invitees: ['Chủ tịch Ủy ban nhân dân các xã, phường thuộc tỉnh.'],
  meetingTitle: 'Hội nghị trực tuyến giao ban công tác tháng 01 năm 2027',
  chair: 'Đồng chí Nguyễn Văn Ánh, Phó Chủ tịch UBND tỉnh',
  startsAt: vn('2027-01-12T08:00:00'),
  endsAt: vn('2027-01-12T11:30:00'),
  venue: 'Phòng họp số 1, trụ sở UBND tỉnh',
  onlinePoints: 'Trực tuyến từ điểm cầu UBND tỉnh đến điểm cầu 69 xã, phường',
  agenda: [
    { title: 'Đánh giá kết quả thực hiện nhiệm vụ tháng 12 năm 2026', presenter: 'Văn phòng UBND tỉnh' },
    { title: 'Triển khai nhiệm vụ trọng tâm tháng 01 năm 2027' },
  ],
  notes: ['Đề nghị UBND các xã, phường chuẩn bị báo cáo tình hình và kiểm tra điểm cầu trước 30 phút.'],
  recipients: ['Như trên;', 'Chủ tịch, các PCT UBND tỉnh;'],
  archiveUnit: 'TH',
  signer: {
    authority: [
      { prefix: 'TM.', of: 'Ủy ban nhân dân' },
      { prefix: 'KT.', of: 'Chủ tịch' },
    ],
    position: 'Phó Chủ tịch',
    fullName: 'Lê Văn Cường',
  },
};

let dir: string;
const tool = (cmd: string, ...args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' });

interface Box { x1: number; y1: number; x2: number; y2: number; word: string }
/** Every word on the first page with its box, in points from the top left (pdftotext -bbox). */
function words(file: string): Box[] {
  const html = tool('pdftotext', '-f', '1', '-l', '1', '-bbox', file, '-');
  return [...html.matchAll(/xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</g)].map((m) => ({
    x1: Number(m[1]), y1: Number(m[2]), x2: Number(m[3]), y2: Number(m[4]), word: m[5]!,
  }));
}

/**
 * The straight horizontal strokes and rectangles pdfkit drew, read from the page's content
 * streams (inflated). pdfkit flips the page once ("1 0 0 -1 0 841.89 cm"), so y counts from
 * the top like pdftotext's boxes.
 */
function strokes(file: string): { rules: { x1: number; x2: number; y: number }[]; rects: { x: number; y: number; w: number; h: number }[] } {
  const pdf = fs.readFileSync(file);
  const raw = pdf.toString('latin1');
  const rules: { x1: number; x2: number; y: number }[] = [];
  const rects: { x: number; y: number; w: number; h: number }[] = [];
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = m.index + m[0].length;
    let content: string;
    try {
      content = zlib.inflateSync(pdf.subarray(start, raw.indexOf('endstream', start))).toString('latin1');
    } catch {
      continue; // fonts and other binary streams
    }
    for (const l of content.matchAll(/([\d.]+) ([\d.]+) m\n([\d.]+) ([\d.]+) l\n/g)) {
      if (Math.abs(Number(l[2]) - Number(l[4])) < 0.01) rules.push({ x1: Number(l[1]), x2: Number(l[3]), y: Number(l[2]) });
    }
    for (const r of content.matchAll(/([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) re\n/g)) rects.push({ x: Number(r[1]), y: Number(r[2]), w: Number(r[3]), h: Number(r[4]) });
  }
  return { rules, rects };
}

/** The extent of the words of one printed line that starts with `first` (and sits at that word's height). */
function lineExtent(boxes: Box[], first: string, from = 0): { x1: number; x2: number; y1: number; y2: number } {
  const start = boxes.find((b) => b.word === first && b.y1 >= from)!;
  const same = boxes.filter((b) => Math.abs(b.y1 - start.y1) < 1 && b.x1 >= start.x1 - 1);
  // Words of the same line but another column are over 30 pt away from their neighbour.
  same.sort((a, b) => a.x1 - b.x1);
  const line = [same[0]!];
  for (const b of same.slice(1)) if (b.x1 - line.at(-1)!.x2 < 30) line.push(b);
  return { x1: line[0]!.x1, x2: line.at(-1)!.x2, y1: start.y1, y2: start.y2 };
}
async function render(data: InvitationDocData, name: string): Promise<string> {
  const file = path.join(dir, name);
  fs.writeFileSync(file, await renderInvitationPdf(data));
  return file;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hopso-giay-moi-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('Giấy mời PDF (NĐ 30, Mẫu 1.7)', () => {
  it('prints the headings, number, date line and body with their Vietnamese diacritics', async () => {
    const file = await render(sample, 'gm.pdf');
    const text = tool('pdftotext', '-layout', file, '-');
    const flat = text.replace(/\s+/g, ' ');
    for (const s of [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Số: 07/GM-UBND',
      'Hà Tĩnh, ngày 05 tháng 01 năm 2027',
      'GIẤY MỜI',
      'Dự Hội nghị trực tuyến giao ban công tác tháng 01 năm 2027',
      'Ủy ban nhân dân tỉnh Hà Tĩnh trân trọng kính mời: Chủ tịch Ủy ban nhân dân các xã, phường thuộc tỉnh.',
      'Tới dự: Hội nghị trực tuyến giao ban',
      'Chủ trì: Đồng chí Nguyễn Văn Ánh, Phó Chủ tịch UBND tỉnh',
      'Thời gian: 08 giờ 00 phút, thứ Ba, ngày 12 tháng 01 năm 2027 (kết thúc lúc 11 giờ 30 phút)',
      'Địa điểm: Phòng họp số 1, trụ sở UBND tỉnh',
      'Điểm cầu: Trực tuyến từ điểm cầu UBND tỉnh',
      '1. Đánh giá kết quả thực hiện nhiệm vụ tháng 12 năm 2026 (Văn phòng UBND tỉnh trình bày);',
      '2. Triển khai nhiệm vụ trọng tâm tháng 01 năm 2027.',
      'kiểm tra điểm cầu trước 30 phút./.',
      'Nơi nhận:',
      '- Như trên;',
      '- Lưu: VT, TH.',
      'TM. ỦY BAN NHÂN DÂN',
      'KT. CHỦ TỊCH',
      'PHÓ CHỦ TỊCH',
      'Lê Văn Cường',
    ]) {
      expect(flat, s).toContain(s);
    }
    // The two header columns share lines: the issuing body, broken before the unit's name,
    // beside the national heading; the number level with the place/date line.
    const lineWith = (s: string) => text.split('\n').find((l) => l.includes(s));
    expect(lineWith('ỦY BAN NHÂN DÂN')).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(lineWith('TỈNH HÀ TĨNH')).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(lineWith('Số: 07/GM-UBND')).toContain('Hà Tĩnh, ngày 05 tháng 01 năm 2027');
    expect(lineWith('Nơi nhận:')).toContain('TM. ỦY BAN NHÂN DÂN');
  });

  it('is one A4 page with Liberation Serif embedded', async () => {
    const file = await render(sample, 'gm-info.pdf');
    const info = tool('pdfinfo', file);
    expect(info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
    expect(info).toMatch(/Pages:\s+1\n/);
    expect(info).toContain('Title:           Giấy mời 07/GM-UBND');
    const fonts = tool('pdffonts', file);
    for (const face of ['LiberationSerif ', 'LiberationSerif-Bold ', 'LiberationSerif-Italic ', 'LiberationSerif-BoldItalic ']) {
      expect(fonts.split('\n').find((l) => l.includes(face)), face).toMatch(/\byes\s+yes\s+yes\b/);
    }
  });

  it('keeps all text inside the margins: top ≥ 20 mm, left ≥ 30 mm, right ≥ 15 mm, bottom ≥ 20 mm', async () => {
    const file = await render({ ...sample, invitees: Array.from({ length: 69 }, (_, i) => `Chủ tịch UBND xã, phường số ${i + 1};`) }, 'gm-long.pdf');
    const html = tool('pdftotext', '-bbox', file, '-');
    const boxes = [...html.matchAll(/xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</g)].map((m) => ({
      x1: Number(m[1]), y1: Number(m[2]), x2: Number(m[3]), y2: Number(m[4]), word: m[5],
    }));
    expect(boxes.length).toBeGreaterThan(500);
    const mm = (v: number) => (v * 72) / 25.4;
    // Page numbers belong in the top margin; everything else must stay inside the text area.
    const body = boxes.filter((b) => !(/^\d+$/.test(b.word!) && b.y1 < mm(20)));
    expect(boxes.length - body.length).toBeGreaterThanOrEqual(1);
    expect(Math.min(...body.map((b) => b.x1))).toBeGreaterThanOrEqual(mm(30) - 0.5);
    expect(Math.max(...body.map((b) => b.x2))).toBeLessThanOrEqual(595.28 - mm(15) + 0.5);
    expect(Math.min(...body.map((b) => b.y1))).toBeGreaterThanOrEqual(mm(20) - 0.5);
    expect(Math.max(...body.map((b) => b.y2))).toBeLessThanOrEqual(841.89 - mm(20) + 0.5);
    // A long invitation flows onto more pages, numbered from the second one.
    const pages = Number(/Pages:\s+(\d+)/.exec(tool('pdfinfo', file))![1]);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(tool('pdftotext', '-f', '2', '-l', '2', '-layout', file, '-').trim().split('\n')[0]!.trim()).toBe('2');
    const last = tool('pdftotext', '-f', String(pages), '-l', String(pages), '-layout', file, '-');
    expect(last).toContain('Lê Văn Cường');
  });

  it('renders a parent body line and a single-line signer block', async () => {
    const file = await render(
      { ...sample, parentBody: 'UBND tỉnh Hà Tĩnh', issuingBody: 'Văn phòng', number: '03/GM-VP', signer: { authority: [{ prefix: 'TL.', of: 'Chủ tịch' }], position: 'Chánh Văn phòng', fullName: 'Trần Thị Bình' } },
      'gm-vp.pdf',
    );
    const lines = tool('pdftotext', '-layout', file, '-').split('\n');
    expect(lines.find((l) => l.includes('UBND TỈNH HÀ TĨNH'))).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(lines.find((l) => l.includes('VĂN PHÒNG') && !l.includes('CHÁNH'))).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(lines.join(' ')).toContain('Số: 03/GM-VP');
    expect(lines.join(' ')).toContain('CHÁNH VĂN PHÒNG');
  });

  it('closes the body with "./." wherever it ends, and refuses an invitation without invitees', async () => {
    const bare = bodyParagraphs({ ...sample, agenda: [], notes: [], onlinePoints: undefined });
    expect(bare.at(-1)).toBe('Địa điểm: Phòng họp số 1, trụ sở UBND tỉnh./.');
    const agendaLast = bodyParagraphs({ ...sample, notes: [] });
    expect(agendaLast.at(-1)).toBe('2. Triển khai nhiệm vụ trọng tâm tháng 01 năm 2027./.');
    expect(bodyParagraphs({ ...sample, invitees: ['A;', 'B.'] }).slice(0, 3)).toEqual(['Ủy ban nhân dân tỉnh Hà Tĩnh trân trọng kính mời:', '- A;', '- B.']);
    await expect(renderInvitationPdf({ ...sample, invitees: [] })).rejects.toThrow(InvalidInput);
    await expect(renderInvitationPdf({ ...sample, issuedAt: new Date('x') })).rejects.toThrow(/issuedAt/);
  });

  it('puts short rules under the issuing body and the summary (1/3 to 1/2 of the line, centred) and the motto’s full length', async () => {
    const file = await render(sample, 'gm-rules.pdf');
    const boxes = words(file);
    const { rules } = strokes(file);
    const below = (line: { x1: number; x2: number; y2: number }) => {
      const found = rules.filter((r) => r.y > line.y2 && r.y < line.y2 + 8 && r.x1 < line.x2 && r.x2 > line.x1);
      expect(found, 'one rule under the line').toHaveLength(1);
      return found[0]!;
    };
    const centre = (a: { x1: number; x2: number }) => (a.x1 + a.x2) / 2;

    // "ỦY BAN NHÂN DÂN" over "TỈNH HÀ TĨNH": the rule is measured on the longer line and stays
    // shorter than the line right above it (it was 0.4 of the whole column, longer than the text).
    const top = lineExtent(boxes, 'ỦY');
    const unit = lineExtent(boxes, 'TỈNH');
    const bodyRule = below(unit);
    const widest = Math.max(top.x2 - top.x1, unit.x2 - unit.x1);
    const length = bodyRule.x2 - bodyRule.x1;
    expect(length).toBeGreaterThanOrEqual(widest / 3);
    expect(length).toBeLessThanOrEqual(widest / 2);
    expect(length).toBeLessThan(unit.x2 - unit.x1);
    expect(Math.abs(centre(bodyRule) - centre(unit))).toBeLessThan(1.5);

    const summary = lineExtent(boxes, 'Dự');
    const summaryRule = below(summary);
    expect(summaryRule.x2 - summaryRule.x1).toBeGreaterThanOrEqual((summary.x2 - summary.x1) / 3);
    expect(summaryRule.x2 - summaryRule.x1).toBeLessThanOrEqual((summary.x2 - summary.x1) / 2);
    expect(Math.abs(centre(summaryRule) - centre(summary))).toBeLessThan(1.5);

    const motto = lineExtent(boxes, 'Độc');
    const mottoRule = below(motto);
    expect(Math.abs(mottoRule.x1 - motto.x1)).toBeLessThan(1.5);
    expect(Math.abs(mottoRule.x2 - motto.x2)).toBeLessThan(1.5);
  });

  it('marks an urgent Giấy mời KHẨN, boxed under the number, and nothing for an ordinary one', async () => {
    const mm = (v: number) => (v * 72) / 25.4;
    const file = await render({ ...sample, priority: 'Khẩn' }, 'gm-khan.pdf');
    const boxes = words(file);
    const number = lineExtent(boxes, 'Số:');
    const mark = boxes.find((b) => b.word === 'KHẨN')!;
    const title = boxes.find((b) => b.word === 'GIẤY')!;
    expect(mark.y1).toBeGreaterThan(number.y2);
    expect(mark.y2).toBeLessThan(title.y1);
    expect(Math.abs((mark.x1 + mark.x2) / 2 - (number.x1 + number.x2) / 2)).toBeLessThan(3);
    const frame = strokes(file).rects.find((r) => r.x <= mark.x1 && r.x + r.w >= mark.x2 && r.y <= mark.y1 && r.y + r.h >= mark.y2);
    expect(frame, 'a box around KHẨN').toBeDefined();
    expect(frame!.h).toBeCloseTo(mm(8), 1);
    expect(frame!.w).toBeCloseTo(mm(20), 1);
    const flash = await render({ ...sample, priority: 'Thượng khẩn' }, 'gm-thuong-khan.pdf');
    expect(tool('pdftotext', '-layout', flash, '-')).toContain('THƯỢNG KHẨN');
    const plain = await render({ ...sample, priority: 'Thường' }, 'gm-thuong.pdf');
    expect(tool('pdftotext', '-layout', plain, '-')).not.toMatch(/KHẨN|THƯỜNG/);
    expect(strokes(plain).rects).toEqual([]);
  });

  it('heads a Party committee’s Giấy mời as Hướng dẫn 36-HD/VPTW does, not with the state heading', async () => {
    const file = await render({
      ...sample, heading: 'party', parentBody: 'Đảng bộ tỉnh Hà Tĩnh', issuingBody: 'Tỉnh ủy', inviter: 'Tỉnh ủy Hà Tĩnh', number: '05-GM/TU', archiveUnit: 'VPTU',
      signer: { authority: [{ prefix: 'TM.', of: 'Ban Thường vụ' }, { prefix: 'KT.', of: 'Bí thư' }], position: 'Phó Bí thư', fullName: 'Hoàng Trung Dũng' },
    }, 'gm-party.pdf');
    const text = tool('pdftotext', '-layout', file, '-');
    const lines = text.split('\n');
    const lineWith = (s: string) => lines.find((l) => l.includes(s)) ?? '';
    expect(lineWith('ĐẢNG BỘ TỈNH HÀ TĨNH')).toContain('ĐẢNG CỘNG SẢN VIỆT NAM');
    expect(lineWith('TỈNH ỦY').trim()).toBe('TỈNH ỦY');
    expect(lines[lines.findIndex((l) => l.includes('TỈNH ỦY')) + 1]!.trim()).toBe('*');
    expect(lineWith('Số 05-GM/TU')).toContain('Hà Tĩnh, ngày 05 tháng 01 năm 2027');
    expect(text).not.toMatch(/CỘNG HÒA|Độc lập|Số:/);
    for (const s of ['Tỉnh ủy Hà Tĩnh trân trọng kính mời:', 'T/M BAN THƯỜNG VỤ', 'K/T BÍ THƯ', 'PHÓ BÍ THƯ', 'Hoàng Trung Dũng']) expect(text).toContain(s);
    expect(text).not.toMatch(/\bTM\. |\bKT\. /);
    // The Party's name is underlined in full; the committee gets its "*", not a rule.
    const boxes = words(file);
    const party = lineExtent(boxes, 'ĐẢNG', 0);
    const { rules } = strokes(file);
    const numberTop = boxes.find((b) => b.word === '05-GM/TU')!.y1;
    const headerRules = rules.filter((r) => r.y < numberTop);
    expect(headerRules).toHaveLength(1);
    expect(headerRules[0]!.x1).toBeGreaterThan(party.x1 - 60); // right column, and it is the Party's name line
    const nameLine = boxes.filter((b) => Math.abs(b.y1 - headerRules[0]!.y + 16) < 6 && b.x1 >= headerRules[0]!.x1 - 1);
    expect(nameLine.map((b) => b.word).join(' ')).toBe('ĐẢNG CỘNG SẢN VIỆT NAM');
  });

  it('keeps a place written in full on one date line ("Thành phố Hồ Chí Minh, ngày …")', async () => {
    const file = await render({ ...sample, issuingBody: 'Ủy ban nhân dân Thành phố Hồ Chí Minh', place: 'Thành phố Hồ Chí Minh' }, 'gm-hcm.pdf');
    expect(tool('pdftotext', '-layout', file, '-')).toContain('Thành phố Hồ Chí Minh, ngày 05 tháng 01 năm 2027');
  });

  it('gives what to prepare its own heading after the agenda, and sentence-cases a title after "Dự"', () => {
    const one = bodyParagraphs({ ...sample, notes: [], preparation: ['Báo cáo kết quả tháng 12'] });
    expect(one.slice(-4)).toEqual([
      'Nội dung:',
      '1. Đánh giá kết quả thực hiện nhiệm vụ tháng 12 năm 2026 (Văn phòng UBND tỉnh trình bày);',
      '2. Triển khai nhiệm vụ trọng tâm tháng 01 năm 2027.',
      'Đề nghị các đại biểu chuẩn bị: báo cáo kết quả tháng 12./.',
    ]);
    const many = bodyParagraphs({ ...sample, notes: [], preparation: ['Báo cáo kết quả tháng 12.', '- Danh sách người dự'] });
    expect(many.slice(-3)).toEqual(['Đề nghị các đại biểu chuẩn bị:', '- Báo cáo kết quả tháng 12;', '- Danh sách người dự./.']);
    const written = bodyParagraphs({ ...sample, notes: [], preparation: ['Đề nghị Sở Y tế chuẩn bị số liệu.'] });
    expect(written.at(-1)).toBe('Đề nghị Sở Y tế chuẩn bị số liệu./.');
    expect(bodyParagraphs({ ...sample, attending: 'Cuộc họp giao ban theo hình thức trực tuyến' })).toContain('Tới dự: Cuộc họp giao ban theo hình thức trực tuyến');

    expect(lowerFirst('Giao ban công tác tháng 01')).toBe('giao ban công tác tháng 01');
    expect(lowerFirst('Họp đột xuất về bão số 5')).toBe('họp đột xuất về bão số 5');
    expect(lowerFirst('Họp UBND tỉnh')).toBe('họp UBND tỉnh');
    expect(lowerFirst('UBND tỉnh họp')).toBe('UBND tỉnh họp');
    expect(lowerFirst('Hà Tĩnh chuyển đổi số')).toBe('Hà Tĩnh chuyển đổi số');
  });

  it('fails with a clear message when no Vietnamese-capable Liberation Serif is found', () => {
    expect(() => loadSerifFonts('/nonexistent/fonts')).toThrow(Unavailable);
    expect(() => loadSerifFonts('/nonexistent/fonts')).toThrow(/fonts-liberation2/);
  });

  // Debian's older fonts-liberation (1.x) has no Ơ/Ư: it must be refused, not used.
  const old = '/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf';
  const isOld = fs.existsSync(old) && !tool('fc-query', old).includes('|vi|');
  it.skipIf(!isOld)('refuses Liberation 1.x fonts that lack Vietnamese letters', () => {
    expect(() => loadSerifFonts('/usr/share/fonts/truetype/liberation')).toThrow(/thiếu \/ lacks/);
  });
});

describe('Vietnamese date formats (NĐ 30)', () => {
  it('pads days below 10 and the months 1 and 2 only', () => {
    expect(formatPlaceDate('Hà Tĩnh', vn('2027-01-05T09:00:00'))).toBe('Hà Tĩnh, ngày 05 tháng 01 năm 2027');
    expect(formatVietnameseDate(vn('2027-02-09T09:00:00'))).toBe('ngày 09 tháng 02 năm 2027');
    expect(formatVietnameseDate(vn('2027-03-10T09:00:00'))).toBe('ngày 10 tháng 3 năm 2027');
    expect(formatVietnameseDate(vn('2027-12-31T09:00:00'))).toBe('ngày 31 tháng 12 năm 2027');
  });

  it('writes in full the name of a unit named after a person or with a number', () => {
    expect(datelinePlace({ name: 'Thành phố Hồ Chí Minh', shortName: 'Hồ Chí Minh' })).toBe('Thành phố Hồ Chí Minh');
    expect(datelinePlace({ name: 'Phường Trần Hưng Đạo', shortName: 'Trần Hưng Đạo' })).toBe('Phường Trần Hưng Đạo');
    expect(datelinePlace({ name: 'Phường 1 Bảo Lộc', shortName: '1 Bảo Lộc' })).toBe('Phường 1 Bảo Lộc');
    expect(datelinePlace({ name: 'Tỉnh Hà Tĩnh', shortName: 'Hà Tĩnh' })).toBe('Hà Tĩnh');
    expect(datelinePlace({ name: 'Xã Thạch Hà', shortName: 'Thạch Hà' })).toBe('Thạch Hà');
  });

  it('uses the date in Vietnam, not in UTC', () => {
    // 17:30Z on 4 January is 00:30 on 5 January in Vietnam.
    expect(formatPlaceDate('Hà Tĩnh', new Date('2027-01-04T17:30:00Z'))).toBe('Hà Tĩnh, ngày 05 tháng 01 năm 2027');
  });

  it('writes the meeting time with weekday, and the end when there is one', () => {
    // 01:00Z is 08:00 in Vietnam.
    expect(formatMeetingTime(new Date('2027-01-12T01:00:00Z'))).toBe('08 giờ 00 phút, thứ Ba, ngày 12 tháng 01 năm 2027');
    expect(formatMeetingTime(vn('2027-01-12T14:05:00'), vn('2027-01-12T17:00:00'))).toBe('14 giờ 05 phút, thứ Ba, ngày 12 tháng 01 năm 2027 (kết thúc lúc 17 giờ 00 phút)');
    expect(formatMeetingTime(vn('2027-03-06T08:00:00'), vn('2027-03-07T11:00:00'))).toBe(
      '08 giờ 00 phút, thứ Bảy, ngày 06 tháng 3 năm 2027 đến 11 giờ 00 phút, Chủ nhật, ngày 07 tháng 3 năm 2027',
    );
  });
});
