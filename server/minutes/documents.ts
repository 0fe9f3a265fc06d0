import { eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { documents } from '../documents/schema.ts';
import { meetingLetterhead } from '../invitations/document.ts';
import type { MeetingRow } from '../meetings/schema.ts';
import { bodies } from '../units/schema.ts';
import type { UnitIndex } from '../units/unit-index.ts';
import { meetingRecords, type MeetingRecordRow } from './schema.ts';
import type { Conclusion, MinutesContent, NoticeContent } from './schemas.ts';
import { renderMinutesPdf, renderNoticePdf, type RecordDocData } from './pdf.ts';

async function bodyNamesOf(db: DbOrTx, conclusions: Conclusion[]): Promise<Record<string, string>> {
  const ids = [...new Set(conclusions.flatMap((c) => (c.assignees === 'all-invited' ? [] : c.assignees)))];
  if (ids.length === 0) return {};
  const rows = await db.select({ id: bodies.id, name: bodies.name }).from(bodies).where(inArray(bodies.id, ids));
  return Object.fromEntries(rows.map((r) => [r.id, r.name]));
}

async function common(db: DbOrTx, units: UnitIndex, meeting: MeetingRow, record: MeetingRecordRow, number: string, issuedAt: Date): Promise<RecordDocData> {
  const head = await meetingLetterhead(db, units, meeting);
  const corrected = record.correctsId
    ? (await db.select({ number: documents.formatted, issuedAt: documents.issuedAt }).from(documents)
      .innerJoin(meetingRecords, eq(documents.id, meetingRecords.documentId))
      .where(eq(meetingRecords.id, record.correctsId)))[0] ?? null
    : null;
  return {
    heading: head.heading, ...(head.parentBody ? { parentBody: head.parentBody } : {}), issuingBody: head.issuingBody,
    number, place: head.place, issuedAt, meetingTitle: meeting.title, corrects: corrected,
    bodyNames: await bodyNamesOf(db, (record.content).conclusions),
    recipients: record.kind === 'minutes' ? ['Chủ trì cuộc họp;', 'Các cơ quan, đơn vị dự họp;'] : ['Các cơ quan, đơn vị dự họp;', 'Chủ tịch, các PCT UBND;'],
    archiveUnit: head.profile.office || head.convener?.symbol || '',
  };
}

/** The Biên bản as signed: numbered, THƯ KÝ the secretary who signs, CHỦ TỌA the meeting's chủ trì. */
export async function minutesPdf(db: DbOrTx, units: UnitIndex, meeting: MeetingRow, record: MeetingRecordRow, number: string, issuedAt: Date, secretaryName: string) {
  const base = await common(db, units, meeting, record, number, issuedAt);
  return renderMinutesPdf({ ...base, content: record.content as MinutesContent, secretaryName, chairName: meeting.chairName });
}

/** The Thông báo kết luận as signed by `signer`. */
export async function noticePdf(db: DbOrTx, units: UnitIndex, meeting: MeetingRow, record: MeetingRecordRow, number: string, issuedAt: Date, signer: { position: string; fullName: string }) {
  const base = await common(db, units, meeting, record, number, issuedAt);
  const chair = `${meeting.chairPosition ? `${meeting.chairPosition} ` : ''}${meeting.chairName}`;
  return renderNoticePdf({ ...base, content: record.content as NoticeContent, signer, summary: `Kết luận của ${chair} tại ${meeting.title.charAt(0).toLocaleLowerCase('vi')}${meeting.title.slice(1)}` });
}
