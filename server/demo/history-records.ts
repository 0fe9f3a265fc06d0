import { randomUUID } from 'node:crypto';
import { addWorkingDays } from '../calendar/working-days.ts';
import type { IssueDocumentInput } from '../documents/numbering.ts';
import { formatDate, vietnamIso } from '../lib/time.ts';
import type { meetingRecords } from '../minutes/schema.ts';
import type { Attendee, Conclusion, MinutesContent, NoticeContent } from '../minutes/schemas.ts';
import { fillTemplate, historyData, type PlannedMeeting, type Random } from './history-plan.ts';

/** A document to be numbered in its body's register, in the order of issue. */
export type PlannedDocument = IssueDocumentInput & { id: string; issuedAt: Date };

export interface MeetingDocuments {
  gm: PlannedDocument;
  bb: PlannedDocument | null;
  tb: PlannedDocument | null;
  /** Conclusions (with their assignees) the tasks are made from, and the document they are written in. */
  conclusions: Conclusion[];
  source: { kind: 'minutes' | 'notice'; documentId: string; day: string } | null;
}

const at = (day: string, time: string) => new Date(`${day}T${time}:00+07:00`);

/**
 * The Giấy mời of every meeting and, for a held one, its biên bản (most within two working
 * days) and its thông báo kết luận: mostly within the 5 working days, some late, some still
 * missing. Nothing is issued after `now`.
 */
export function planDocuments(m: PlannedMeeting, random: Random, today: string, now: Date, assigneesPerTask: number, tasksPerMeeting: number, favourites: string[]): MeetingDocuments {
  const doc = (type: 'GM' | 'BB' | 'TB', issuedAt: Date, subject: string, signer: { position: string; fullName: string }): PlannedDocument =>
    ({ id: randomUUID(), bodyId: m.row.convenerBodyId, type, subject, signer, meetingId: m.row.id, issuedAt });
  const signer = { position: m.convener.signer.position, fullName: m.convener.signer.name };
  const gm = doc('GM', m.gmIssuedAt, `Giấy mời dự ${m.row.title}`, signer);
  if (m.state !== 'held') return { gm, bb: null, tb: null, conclusions: [], source: null };
  const issued = (day: string, time: string) => (day <= today && at(day, time) < now ? at(day, time) : null);
  // The biên bản on the day or the next; the notice after it: within the 5 working days, some late, some not yet.
  const bbDay = addWorkingDays(m.day, random.int(0, 1));
  const bbAt = random.next() < 0.95 ? issued(bbDay, '16:30') : null;
  const r = random.next();
  const tbDay = r < 0.75 ? addWorkingDays(bbDay, random.int(1, 3)) : addWorkingDays(m.day, r < 0.9 ? random.int(6, 9) : 40);
  const tbAt = issued(tbDay, '10:00');
  const bb = bbAt ? doc('BB', bbAt, `Biên bản ${m.row.title}`, { position: 'Chủ tọa', fullName: m.convener.chair.name }) : null;
  const tb = tbAt ? doc('TB', tbAt, `Thông báo kết luận ${m.row.title}`, { position: m.convener.chair.position, fullName: m.convener.chair.name }) : null;
  const sourceDoc = tb ?? bb;
  const source = sourceDoc ? { kind: tb ? 'notice' as const : 'minutes' as const, documentId: sourceDoc.id, day: dayOf(sourceDoc.issuedAt) } : null;
  const invited = m.invitees.map((i) => i.bodyId);
  const conclusions = m.template.conclusions.slice(0, tasksPerMeeting).map((c) => ({
    text: fillTemplate(c.text, m.day),
    assignees: chooseAssignees(random, invited, assigneesPerTask, favourites),
    deadline: addWorkingDays(source?.day ?? m.day, random.int(5, 20)),
    expectedResult: c.expectedResult,
  }));
  return { gm, bb, tb, conclusions, source };
}

const dayOf = (d: Date) => vietnamIso(d).slice(0, 10);

function chooseAssignees(random: Random, invited: string[], count: number, favourites: string[]): string[] {
  if (invited.length <= count) return invited;
  const start = random.int(0, invited.length - 1);
  const chosen = new Set(Array.from({ length: count }, (_, k) => invited[(start + k) % invited.length]!));
  for (const f of favourites) if (invited.includes(f) && random.next() < 0.6) chosen.add(f);
  return [...chosen];
}

function attendees(m: PlannedMeeting): Attendee[] {
  return m.invitees.map((i) => {
    const joined = m.joins.get(i.bodyId) ?? null;
    const late = joined !== null && joined.getTime() > m.row.startsAt.getTime() + 10 * 60_000;
    const status: Attendee['status'] = joined === null ? (i.rsvp === 'declined' ? 'absent_excused' : 'absent')
      : i.substituteStatus === 'approved' ? 'substitute' : late ? 'late' : 'present';
    const note = status === 'substitute' ? `${i.substituteName}, ${i.substitutePosition} dự thay`
      : status === 'late' ? `Vào lúc ${vietnamIso(joined!).slice(11, 16)}`
        : status === 'absent_excused' ? (i.declineReason ?? '') : status === 'absent' ? historyData.absentNotes[0]! : '';
    return { name: i.bodyName, status, note };
  });
}

/** The published biên bản and thông báo kết luận of a held meeting, as the minutes workflow leaves them. */
export function recordRows(m: PlannedMeeting, docs: MeetingDocuments, numbers: Map<string, string>): (typeof meetingRecords.$inferInsert)[] {
  const rows: (typeof meetingRecords.$inferInsert)[] = [];
  const chair = `${m.convener.chair.position} ${m.convener.chair.name}`;
  const signature = (role: 'secretary' | 'chair', name: string, when: Date) => ({ role, userId: '', name, at: vietnamIso(when) });
  const published = (doc: PlannedDocument, kind: 'minutes' | 'notice', content: MinutesContent | NoticeContent, signatures: ReturnType<typeof signature>[]) => ({
    meetingId: m.row.id, kind, state: 'published' as const, content, revision: 1, documentId: doc.id, number: numbers.get(doc.id)!,
    signatures, publishedAt: doc.issuedAt, createdAt: m.row.endsAt, updatedAt: doc.issuedAt,
  });
  if (docs.bb) {
    const content: MinutesContent = {
      startedAt: vietnamIso(m.row.startsAt), endedAt: vietnamIso(m.row.endsAt), place: m.convener.room,
      onlinePoints: m.row.form === 'truc_tiep' ? '' : 'Điểm cầu UBND các xã, phường được mời',
      chair, secretary: m.convener.secretary, attendees: attendees(m),
      items: m.template.items.map((title, k) => ({
        title: fillTemplate(title, m.day),
        presented: k === 0 ? `${m.convener.signer.name} trình bày báo cáo.` : 'Đại biểu thảo luận, đóng góp ý kiến.',
        speakers: m.invitees.slice(k, k + 2).map((i) => ({ name: `Đại diện ${i.bodyName}`, site: i.bodyName, at: '', view: 'Báo cáo tình hình tại địa phương và đề xuất tháo gỡ khó khăn.' })),
        votes: [],
      })),
      conclusions: docs.conclusions,
    };
    rows.push(published(docs.bb, 'minutes', content, [signature('secretary', m.convener.secretary, docs.bb.issuedAt), signature('chair', m.convener.chair.name, docs.bb.issuedAt)]));
  }
  if (docs.tb) {
    const content: NoticeContent = {
      opening: `Ngày ${formatDate(m.day)}, ${chair} chủ trì ${m.row.title.charAt(0).toLocaleLowerCase('vi')}${m.row.title.slice(1)}. ` +
        `Tham dự có đại diện lãnh đạo UBND các xã, phường được mời. Sau khi nghe báo cáo và ý kiến của các đại biểu, ${chair} kết luận như sau:`,
      conclusions: docs.conclusions,
      closing: 'Văn phòng thông báo để các cơ quan, đơn vị biết, thực hiện.',
    };
    rows.push(published(docs.tb, 'notice', content, [signature('chair', m.convener.chair.name, docs.tb.issuedAt)]));
  }
  return rows;
}
