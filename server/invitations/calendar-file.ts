import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { fold } from '../lib/text.ts';
import { formatVietnamese, inZone } from '../lib/time.ts';
import { agendaItems } from '../meetings/schema.ts';
import type { MeetingRow } from '../meetings/schema.ts';
import { bodies } from '../units/schema.ts';
import { feedMeetings } from './feed.ts';
import { buildFeedIcs, buildInvitationIcs } from './ics.ts';
import { meetingInvitees } from './schema.ts';

/**
 * The .ics download's name, after the meeting's date (in Vietnam) and title: an ASCII slug
 * for the plain filename ("2027-01-12-giao-ban-cong-tac-thang-01.ics") and the title with its
 * diacritics for RFC 5987's filename* ("2027-01-12 Giao ban công tác tháng 01.ics").
 */
export function icsFileName(meeting: Pick<MeetingRow, 'title' | 'startsAt'>): { ascii: string; unicode: string } {
  const date = inZone(meeting.startsAt).toISODate() ?? 'hop';
  const slug = fold(meeting.title).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '');
  // eslint-disable-next-line no-control-regex -- control characters have no place in a file name
  const title = meeting.title.normalize('NFC').replace(/[/\\:]/g, '-').replace(/[\u0000-\u001f\u007f*?"<>|]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 100).trim();
  return { ascii: `${date}-${slug || 'hop'}.ics`, unicode: `${date} ${title || 'Họp'}.ics` };
}

/** The stable calendar UID of a meeting: every update and the cancellation refer to it. */
export const meetingUid = (meetingId: string) => `${meetingId}@hopso`;

function describe(meeting: MeetingRow, agenda: { title: string }[]): string {
  const lines = [
    meeting.invitationNumber ? `Giấy mời số ${meeting.invitationNumber}` : '',
    `Chủ trì: ${meeting.chairName}${meeting.chairPosition ? `, ${meeting.chairPosition}` : ''}`,
    `Thời gian: ${formatVietnamese(meeting.startsAt, meeting.timeZone)}`,
    ...agenda.map((a, i) => `${i + 1}. ${a.title}`),
    meeting.preparation,
    meeting.status === 'cancelled' || meeting.status === 'postponed' ? `${meeting.status === 'cancelled' ? 'Đã hủy' : 'Đã hoãn'}. Lý do: ${meeting.statusReason}` : '',
  ];
  return lines.filter(Boolean).join('\n');
}

function eventInput(meeting: MeetingRow, convenerName: string, agenda: { title: string }[], baseUrl: string) {
  return {
    uid: meetingUid(meeting.id),
    sequence: meeting.sequence,
    title: meeting.title,
    description: describe(meeting, agenda),
    location: meeting.hostRoom || (meeting.form === 'truc_tiep' ? '' : 'Trực tuyến (Họp số)'),
    start: meeting.startsAt,
    end: meeting.endsAt,
    organizer: { name: convenerName },
    status: meeting.status === 'cancelled' ? ('CANCELLED' as const) : ('CONFIRMED' as const),
    url: `${baseUrl}/meetings/${meeting.id}`,
  };
}

/** Events for many meetings with two queries in all (conveners' names, agendas), not two per meeting. */
async function eventInputs(db: Db, rows: MeetingRow[], baseUrl: string) {
  if (rows.length === 0) return [];
  const [names, agenda] = await Promise.all([
    db.select({ id: bodies.id, name: bodies.name }).from(bodies).where(inArray(bodies.id, [...new Set(rows.map((m) => m.convenerBodyId))])),
    db.select({ meetingId: agendaItems.meetingId, title: agendaItems.title }).from(agendaItems)
      .where(inArray(agendaItems.meetingId, rows.map((m) => m.id))).orderBy(asc(agendaItems.meetingId), asc(agendaItems.position)),
  ]);
  const nameOf = new Map(names.map((b) => [b.id, b.name]));
  const agendaOf = new Map<string, { title: string }[]>();
  for (const item of agenda) agendaOf.set(item.meetingId, [...(agendaOf.get(item.meetingId) ?? []), item]);
  return rows.map((m) => eventInput(m, nameOf.get(m.convenerBodyId) ?? m.convenerBodyId, agendaOf.get(m.id) ?? [], baseUrl));
}

/**
 * One meeting as an invitation for `bodyId`'s calendar: REQUEST, or CANCEL once cancelled.
 * `baseUrl` ("https://hop.hatinh.gov.vn") makes the event link back to the meeting page.
 */
export async function meetingIcs(db: Db, meeting: MeetingRow, bodyId: string, baseUrl: string): Promise<string> {
  const [event] = await eventInputs(db, [meeting], baseUrl);
  const [invitee] = await db.select({ bodyName: meetingInvitees.bodyName }).from(meetingInvitees)
    .where(and(eq(meetingInvitees.meetingId, meeting.id), eq(meetingInvitees.bodyId, bodyId)));
  return buildInvitationIcs({
    ...event!,
    method: meeting.status === 'cancelled' ? 'CANCEL' : 'REQUEST',
    ...(invitee ? { attendees: [{ name: invitee.bodyName }] } : {}),
  });
}

/** A body's subscription feed: the meetings it convenes or is invited to. */
export async function feedIcs(db: Db, bodyId: string, baseUrl: string): Promise<string> {
  const [[body], rows] = await Promise.all([
    db.select({ name: bodies.shortName }).from(bodies).where(eq(bodies.id, bodyId)),
    feedMeetings(db, bodyId),
  ]);
  return buildFeedIcs(await eventInputs(db, rows, baseUrl), `Lịch họp — ${body?.name ?? bodyId}`);
}
