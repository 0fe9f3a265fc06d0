import { and, asc, desc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { meetingInvitees } from '../invitations/schema.ts';
import type { MeetingRow } from '../meetings/schema.ts';
import { meetingStatusChanges } from '../meetings/schema.ts';
import { attendanceEvents, SERVER_INTERRUPTED } from './schema.ts';

type Event = typeof attendanceEvents.$inferSelect;
type Invitee = typeof meetingInvitees.$inferSelect;
type Interval = [start: number, end: number];

/**
 * 'absent_excused': the site did not attend and had sent its apology with a reason before the
 * meeting (vắng có lý do); 'absent': it did not attend and said nothing (vắng không lý do).
 */
export type SiteStatus = 'joined' | 'late' | 'left_early' | 'absent_excused' | 'absent';

export interface SiteAttendance {
  siteId: string;
  siteName: string;
  invited: boolean;
  rsvp: string | null;
  declineReason: string | null;
  /** "Người dự thay" approved by the chair, shown as attending for the invited body. */
  substitute: { name: string; position: string | null } | null;
  firstJoin: Date | null;
  lastLeave: Date | null;
  connected: boolean;
  connectedSeconds: number;
  reconnections: number;
  headcount: number | null;
  rollCall: { count: number; at: Date } | null;
  late: boolean;
  leftEarly: boolean;
  /** The site's presence ended because the server stopped under it, not by its own leave. */
  interrupted: boolean;
  status: SiteStatus;
}

export interface AttendanceSummary {
  meeting: { id: string; title: string; startsAt: Date; endsAt: Date; status: string };
  /** When the chair ended the meeting in the live room, if it did. */
  endedAt: Date | null;
  rollCall: { id: string; startedAt: Date } | null;
  totals: { invited: number; joined: number; late: number; leftEarly: number; absentExcused: number; absent: number };
  sites: SiteAttendance[];
}

export interface SummaryOptions {
  lateMinutes: number;
  now?: Date;
}

const LEAVE_TOLERANCE_MS = 60_000;

/**
 * Attendance per invited site, computed from the durable events. A site's connected time is
 * the union of its sessions' intervals (a reconnect closes one at the moment the link was lost
 * and opens the next), so two devices of one site or a gap are never counted twice.
 */
export async function attendanceSummary(db: Db, meeting: MeetingRow, options: SummaryOptions): Promise<AttendanceSummary> {
  const [invitees, events, endedRows] = await Promise.all([
    db.select().from(meetingInvitees).where(eq(meetingInvitees.meetingId, meeting.id)).orderBy(asc(meetingInvitees.unitCode), asc(meetingInvitees.bodyName)),
    db.select().from(attendanceEvents).where(eq(attendanceEvents.meetingId, meeting.id)).orderBy(asc(attendanceEvents.at), asc(attendanceEvents.id)),
    db.select({ at: meetingStatusChanges.changedAt }).from(meetingStatusChanges)
      .where(and(eq(meetingStatusChanges.meetingId, meeting.id), eq(meetingStatusChanges.toStatus, 'ended')))
      .orderBy(desc(meetingStatusChanges.changedAt)).limit(1),
  ]);
  const now = (options.now ?? new Date()).getTime();
  const ended = meeting.status === 'ended' || meeting.status === 'closed';
  // The real end: when the meeting was ended (status change, or the live room's last 'ended' leaves).
  const endedAtMs = endedRows[0]?.at.getTime() ?? maxOf(events.filter((e) => e.kind === 'leave' && data(e)['reason'] === 'ended').map((e) => e.at.getTime()));
  const rollStart = events.filter((e) => e.kind === 'rollcall' && data(e)['action'] === 'start').at(-1);
  const rollCall = rollStart ? { id: String(data(rollStart)['rollCallId']), startedAt: rollStart.at } : null;
  // Sessions still open when the meeting is over lost their leave (a crash): they end with it.
  const closeOpenAt = ended ? (endedAtMs ?? meeting.endsAt.getTime()) : now;

  const bySite = new Map<string, Event[]>();
  for (const e of events) bySite.set(e.siteId, [...(bySite.get(e.siteId) ?? []), e]);

  const site = (siteId: string, siteName: string, invitee: Invitee | null): SiteAttendance => {
    const list = bySite.get(siteId) ?? [];
    const { intervals, open } = intervalsOf(list, closeOpenAt);
    const joins = list.filter((e) => e.kind === 'join');
    const leaves = list.filter((e) => e.kind === 'leave');
    const firstJoin = joins[0]?.at ?? null;
    const lastLeaveEvent = open ? undefined : leaves.at(-1);
    const lastLeave = lastLeaveEvent?.at ?? null;
    const headcountEvent = list.filter((e) => e.kind === 'headcount').at(-1);
    const confirm = rollCall
      ? list.filter((e) => e.kind === 'rollcall' && data(e)['action'] === 'confirm' && data(e)['rollCallId'] === rollCall.id).at(-1)
      : undefined;
    const late = firstJoin !== null && firstJoin.getTime() > meeting.startsAt.getTime() + options.lateMinutes * 60_000;
    const endMs = endedAtMs ?? meeting.endsAt.getTime();
    const lastReason = lastLeaveEvent ? data(lastLeaveEvent)['reason'] : null;
    const interrupted = lastReason === SERVER_INTERRUPTED;
    // A site the server dropped did not leave early by its own choice.
    const leftEarly = lastLeave !== null && lastReason !== 'ended' && !interrupted && lastLeave.getTime() < endMs - LEAVE_TOLERANCE_MS;
    const joined = firstJoin !== null;
    const substitute = invitee?.substituteStatus === 'approved' && invitee.substituteName
      ? { name: invitee.substituteName, position: invitee.substitutePosition }
      : null;
    return {
      siteId, siteName, invited: invitee !== null,
      rsvp: invitee?.rsvp ?? null, declineReason: invitee?.declineReason ?? null,
      substitute: joined ? substitute : null,
      firstJoin, lastLeave, connected: open && !ended,
      connectedSeconds: Math.round(unionMs(intervals) / 1000),
      reconnections: list.filter((e) => e.kind === 'reconnect').length,
      headcount: headcountEvent ? Number(data(headcountEvent)['count']) : null,
      rollCall: confirm ? { count: Number(data(confirm)['count']), at: confirm.at } : null,
      late, leftEarly, interrupted,
      status: !joined ? (invitee?.rsvp === 'declined' ? 'absent_excused' : 'absent') : late ? 'late' : leftEarly ? 'left_early' : 'joined',
    };
  };

  const sites = invitees.map((i) => site(i.bodyId, i.bodyName, i));
  const invited = new Set(invitees.map((i) => i.bodyId));
  // The convener's own staff attend too; they are listed after the invitees, outside the totals.
  for (const [siteId, list] of bySite) {
    if (invited.has(siteId) || !list.some((e) => e.kind === 'join')) continue;
    const named = list.find((e) => typeof data(e)['siteName'] === 'string');
    sites.push(site(siteId, named ? String(data(named)['siteName']) : siteId, null));
  }
  return {
    meeting: { id: meeting.id, title: meeting.title, startsAt: meeting.startsAt, endsAt: meeting.endsAt, status: meeting.status },
    endedAt: endedAtMs === null ? null : new Date(endedAtMs),
    rollCall,
    totals: totalsOf(sites),
    sites,
  };
}

function totalsOf(sites: SiteAttendance[]): AttendanceSummary['totals'] {
  const counted = sites.filter((s) => s.invited);
  return {
    invited: counted.length,
    joined: counted.filter((s) => s.firstJoin).length,
    late: counted.filter((s) => s.late).length,
    leftEarly: counted.filter((s) => s.leftEarly).length,
    absentExcused: counted.filter((s) => s.status === 'absent_excused').length,
    absent: counted.filter((s) => s.status === 'absent').length,
  };
}

/** The summary as one site sees it: its own row, and totals over that row only. */
export function onlySite(summary: AttendanceSummary, siteId: string): AttendanceSummary {
  const sites = summary.sites.filter((s) => s.siteId === siteId);
  return { ...summary, sites, totals: totalsOf(sites) };
}

function data(e: Event): Record<string, unknown> {
  return (e.data ?? {}) as Record<string, unknown>;
}

function maxOf(values: number[]): number | null {
  return values.length ? Math.max(...values) : null;
}

/** Connected intervals of a site's sessions; `open` when some session is still connected. */
function intervalsOf(events: Event[], closeOpenAt: number): { intervals: Interval[]; open: boolean } {
  const intervals: Interval[] = [];
  const openSince = new Map<string, number>();
  for (const e of events) {
    const at = e.at.getTime();
    const since = openSince.get(e.sessionId);
    if (e.kind === 'join') {
      if (since === undefined) openSince.set(e.sessionId, at);
    } else if (e.kind === 'reconnect') {
      const away = data(e)['awaySince'];
      const awaySince = (typeof away === 'string' ? Date.parse(away) : NaN) || at;
      if (since !== undefined) intervals.push([since, Math.min(Math.max(awaySince, since), at)]);
      openSince.set(e.sessionId, at);
    } else if (e.kind === 'leave' && since !== undefined) {
      intervals.push([since, at]);
      openSince.delete(e.sessionId);
    }
  }
  for (const since of openSince.values()) intervals.push([since, Math.max(since, closeOpenAt)]);
  return { intervals, open: openSince.size > 0 };
}

function unionMs(intervals: Interval[]): number {
  let total = 0;
  let current: Interval | null = null;
  for (const [start, end] of [...intervals].sort((a, b) => a[0] - b[0])) {
    if (current && start <= current[1]) current[1] = Math.max(current[1], end);
    else {
      if (current) total += current[1] - current[0];
      current = [start, end];
    }
  }
  return total + (current ? current[1] - current[0] : 0);
}
