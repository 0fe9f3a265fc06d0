import { and, asc, eq } from 'drizzle-orm';
import { attendanceSummary, type SiteAttendance } from '../attendance/summary.ts';
import { users } from '../auth/schema.ts';
import type { Db } from '../db/client.ts';
import { formatClock, formatVietnameseDate } from '../documents/format.ts';
import { vietnamIso } from '../lib/time.ts';
import { listSpeakers } from '../live/speaker-log.ts';
import { agendaItems, meetingStatusChanges, type MeetingRow } from '../meetings/schema.ts';
import type { Attendee, Conclusion, MinutesContent, NoticeContent } from './schemas.ts';

const ONLINE = 'Trực tuyến từ điểm cầu chính đến điểm cầu các cơ quan, đơn vị được mời (hệ thống Họp số)';

function attendeeOf(site: SiteAttendance): Attendee {
  const time = (d: Date | null) => (d ? formatClock(d) : '');
  switch (site.status) {
    case 'absent_excused':
      return { name: site.siteName, status: 'absent_excused', note: site.declineReason ?? '' };
    case 'absent':
      return { name: site.siteName, status: 'absent', note: '' };
    default:
      if (site.substitute) {
        return { name: site.siteName, status: 'substitute', note: [site.substitute.name, site.substitute.position].filter(Boolean).join(', ') };
      }
      if (site.status === 'late') return { name: site.siteName, status: 'late', note: `vào lúc ${time(site.firstJoin)}` };
      if (site.status === 'left_early') return { name: site.siteName, status: 'left_early', note: `rời lúc ${time(site.lastLeave)}` };
      return { name: site.siteName, status: 'present', note: site.headcount ? `${site.headcount} người` : '' };
  }
}

/** When the meeting went live, if it did. */
async function startedAt(db: Db, meetingId: string): Promise<Date | null> {
  const [row] = await db.select({ at: meetingStatusChanges.changedAt }).from(meetingStatusChanges)
    .where(and(eq(meetingStatusChanges.meetingId, meetingId), eq(meetingStatusChanges.toStatus, 'live')))
    .orderBy(asc(meetingStatusChanges.changedAt)).limit(1);
  return row?.at ?? null;
}

/**
 * A biên bản as far as the system knows it: times, place, chủ trì and secretary from the
 * meeting; attendance from the presence records (substitutes, late arrivals, absences with
 * their reasons); one section per agenda item with every speaker from the speaker log at the
 * time the floor was given. What was said and concluded is the secretary's to write.
 */
export async function prefillMinutes(db: Db, meeting: MeetingRow, lateMinutes: number): Promise<MinutesContent> {
  const [summary, speakers, agenda, started, secretary] = await Promise.all([
    attendanceSummary(db, meeting, { lateMinutes }),
    listSpeakers(db, meeting.id),
    db.select().from(agendaItems).where(eq(agendaItems.meetingId, meeting.id)).orderBy(asc(agendaItems.position)),
    startedAt(db, meeting.id),
    meeting.secretaryUserId
      ? db.select({ fullName: users.fullName, position: users.position }).from(users).where(eq(users.id, meeting.secretaryUserId))
      : Promise.resolve([]),
  ]);
  const titles = agenda.map((a) => (a.presenter ? `${a.title} (${a.presenter} trình bày)` : a.title));
  // Items opened in the room beyond the planned agenda keep the title they had then.
  for (const s of speakers) if (s.agendaIndex !== null && titles[s.agendaIndex] === undefined) titles[s.agendaIndex] = s.agendaTitle ?? `Nội dung ${s.agendaIndex + 1}`;
  const hasUnplaced = speakers.some((s) => s.agendaIndex === null);
  const items = [...(hasUnplaced ? [{ title: 'Phát biểu chung', index: null as number | null }] : []), ...titles.map((title, index) => ({ title: title ?? `Nội dung ${index + 1}`, index }))];
  const sec = secretary[0];
  return {
    startedAt: vietnamIso(started ?? meeting.startsAt),
    endedAt: summary.endedAt ? vietnamIso(summary.endedAt) : null,
    place: meeting.hostRoom,
    onlinePoints: meeting.form === 'truc_tiep' ? '' : ONLINE,
    chair: `Đồng chí ${meeting.chairName}${meeting.chairPosition ? `, ${meeting.chairPosition}` : ''}`,
    secretary: sec ? `${sec.fullName}${sec.position ? `, ${sec.position}` : ''}` : '',
    attendees: summary.sites.map(attendeeOf),
    items: items.map((item) => ({
      title: item.title,
      presented: '',
      speakers: speakers.filter((s) => s.agendaIndex === item.index).map((s) => ({ name: s.speakerName, site: s.siteName, at: vietnamIso(s.grantedAt), view: '' })),
      votes: [],
    })),
    conclusions: [],
  };
}

/** The thông báo kết luận drafted from the biên bản: its opening says who chaired what, then the chủ trì's conclusions. */
export function draftNotice(meeting: MeetingRow, issuingBody: string, minutes: MinutesContent | null): NoticeContent {
  const start = minutes?.startedAt ? new Date(minutes.startedAt) : meeting.startsAt;
  const conclusions: Conclusion[] = minutes?.conclusions.map((c) => ({ ...c })) ?? [];
  const chair = `đồng chí ${meeting.chairName}${meeting.chairPosition ? `, ${meeting.chairPosition}` : ''}`;
  return {
    opening: `Vào ${formatClock(start)}, ${formatVietnameseDate(start)}, ${chair} chủ trì ${meeting.title.charAt(0).toLocaleLowerCase('vi')}${meeting.title.slice(1)}` +
      `${meeting.form === 'truc_tiep' ? '' : ' theo hình thức trực tuyến'}. Sau khi nghe báo cáo và ý kiến của các đại biểu dự họp, ${chair} kết luận như sau:`,
    conclusions,
    closing: `${issuingBody} thông báo để các cơ quan, đơn vị biết, thực hiện`,
  };
}
