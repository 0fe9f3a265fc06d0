import { conclusionLine } from './pdf.ts';
import type { RecordContent } from './model.ts';
import type { MinutesContent } from './schemas.ts';

export interface SectionDiff {
  section: string;
  before: string;
  after: string;
  changed: boolean;
}

const isMinutes = (c: RecordContent): c is MinutesContent => 'items' in c;

/** A record's content as named sections of plain text, in the document's order. */
export function sectionsOf(content: RecordContent): Map<string, string> {
  const out = new Map<string, string>();
  const names: Record<string, string> = {};
  if (isMinutes(content)) {
    out.set('Thời gian, địa điểm', [`Bắt đầu: ${content.startedAt ?? ''}`, `Kết thúc: ${content.endedAt ?? ''}`, `Địa điểm: ${content.place}`, `Điểm cầu: ${content.onlinePoints}`].join('\n'));
    out.set('Chủ trì, thư ký', `Chủ trì: ${content.chair}\nThư ký: ${content.secretary}`);
    out.set('Thành phần tham dự', content.attendees.map((a) => `${a.name} — ${a.status}${a.note ? ` (${a.note})` : ''}`).join('\n'));
    content.items.forEach((item, i) => {
      out.set(`Nội dung ${i + 1}`, [
        item.title, item.presented,
        ...item.speakers.map((s) => `- ${s.name} (${s.site}${s.at ? `, ${s.at}` : ''}): ${s.view}`),
        ...item.votes.map((v) => `Biểu quyết ${v.subject}: ${v.for}/${v.against}/${v.abstain}`),
      ].filter(Boolean).join('\n'));
    });
  } else {
    const notice = content;
    out.set('Mở đầu', notice.opening);
    out.set('Kết thúc', notice.closing);
  }
  out.set('Kết luận', content.conclusions.map((c, i) => conclusionLine(c, i, names) + (Array.isArray(c.assignees) ? ` [${c.assignees.join(', ')}]` : '')).join('\n'));
  return out;
}

/** Section by section, what a version says against another (sections only one has are compared with nothing). */
export function compareContents(a: RecordContent, b: RecordContent): SectionDiff[] {
  const before = sectionsOf(a);
  const after = sectionsOf(b);
  const keys = [...new Set([...before.keys(), ...after.keys()])];
  return keys.map((section) => {
    const x = before.get(section) ?? '';
    const y = after.get(section) ?? '';
    return { section, before: x, after: y, changed: x !== y };
  });
}
