import type { LiveRooms } from './live-rooms.ts';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { authorize } from '../auth/policy.ts';
import { users } from '../auth/schema.ts';
import type { SessionUser } from '../auth/session-user.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { one } from '../db/rows.ts';
import type { AfterCommit } from '../db/tx-events.ts';
import { Conflict, InvalidInput } from '../lib/errors.ts';
import { localToUtc, requireEndAfterStart, requireZone, utcToLocal, VN_ZONE } from '../lib/time.ts';
import { findBody } from '../units/queries.ts';
import { requireLiveUnit, type UnitIndex } from '../units/unit-index.ts';
import { loadMeetingAccess } from './access.ts';
import type { IssuedChange, MeetingEvents } from './events.ts';
import { checkInviteeSpec } from './invitee-spec.ts';
import type { MeetingReader } from './invitees.ts';
import { agendaItems, meetings, type MeetingRow } from './schema.ts';
import type { AgendaItemInput, CreateMeetingBody, UpdateMeetingBody } from './schemas.ts';

/** What changing meetings needs: reading them, and announcing changes to the capabilities above. */
export interface MeetingHost extends MeetingReader {
  meetingEvents: MeetingEvents;
  /** Running live rooms (absent where no room can run, e.g. scripts). */
  liveRooms?: LiveRooms;
}

/** Local start/end → UTC, refusing an unknown zone or an end not after the start. */
export function meetingTimes(startsAt: string, endsAt: string, zone: string = VN_ZONE) {
  requireZone(zone);
  const start = localToUtc(startsAt, zone, 'startsAt');
  const end = localToUtc(endsAt, zone, 'endsAt');
  requireEndAfterStart(start, end);
  return { startsAt: start, endsAt: end, timeZone: zone };
}

/** Chair and secretary accounts must exist and be active (a clear 400 instead of a foreign-key error). */
export async function requireUsers(db: DbOrTx, ids: (string | null | undefined)[]) {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (wanted.length === 0) return;
  const found = await db.select({ id: users.id }).from(users).where(and(inArray(users.id, wanted), eq(users.active, true)));
  const missing = wanted.filter((id) => !found.some((u) => u.id === id));
  if (missing.length) throw new InvalidInput(`Không tìm thấy tài khoản: ${missing.join(', ')}. / Unknown accounts: ${missing.join(', ')}.`);
}

export function checkUrgent(urgent: boolean | undefined, reason: string | null | undefined) {
  if (urgent && !reason?.trim()) throw new InvalidInput('Họp đột xuất phải nêu lý do. / An urgent meeting needs a reason.');
}

export async function replaceAgenda(db: DbOrTx, meetingId: string, agenda: AgendaItemInput[]) {
  await db.delete(agendaItems).where(eq(agendaItems.meetingId, meetingId));
  if (agenda.length === 0) return;
  await db.insert(agendaItems).values(agenda.map((item, i) => ({
    meetingId, position: i + 1, title: item.title, presenter: item.presenter ?? '', plannedMinutes: item.plannedMinutes ?? 0,
  })));
}

export interface NewMeeting extends Omit<CreateMeetingBody, 'startsAt' | 'endsAt' | 'timeZone'> {
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
}

/** Inserts a draft meeting with its agenda after checking who may convene it and whom it invites. */
export async function insertMeeting(db: Db, units: UnitIndex, user: SessionUser, input: NewMeeting): Promise<MeetingRow> {
  const body = await findBody(db, input.convenerBodyId ?? user.body.id);
  authorize(units, user, 'meeting:create', { kind: 'meeting', unitCode: body.unitCode, convenerBodyId: body.id });
  requireLiveUnit(units, body.unitCode);
  checkUrgent(input.urgent, input.urgentReason);
  if (input.invitees) checkInviteeSpec(units, input.invitees, body.unitCode);
  await requireUsers(db, [input.chairUserId, input.secretaryUserId]);
  return db.transaction(async (tx) => {
    const rows = await tx.insert(meetings).values({
      convenerBodyId: body.id, unitCode: body.unitCode, kind: input.kind, form: input.form, title: input.title.trim(),
      chairName: input.chairName.trim(), chairPosition: input.chairPosition ?? '', chairUserId: input.chairUserId ?? null,
      secretaryUserId: input.secretaryUserId ?? null, hostRoom: input.hostRoom ?? '', preparation: input.preparation ?? '',
      startsAt: input.startsAt, endsAt: input.endsAt, timeZone: input.timeZone, urgent: input.urgent ?? false,
      urgentReason: input.urgentReason ?? null, inviteeSpec: input.invitees ?? {}, createdBy: user.id,
    }).returning();
    const meeting = one(rows);
    await replaceAgenda(tx, meeting.id, input.agenda ?? []);
    return meeting;
  });
}

export async function createMeeting(db: Db, units: UnitIndex, user: SessionUser, input: CreateMeetingBody): Promise<MeetingRow> {
  const times = meetingTimes(input.startsAt, input.endsAt, input.timeZone);
  return insertMeeting(db, units, user, { ...input, ...times });
}

const editable: ReadonlySet<MeetingRow['status']> = new Set(['draft', 'invited', 'postponed']);

/**
 * Applies an edit to a meeting row already loaded and authorised, on `db` (a transaction),
 * returning what to run once it commits. A draft changes freely. Once invitations are out,
 * only the formal change flow (invitations/change.ts: reason, lead time, replacing Giấy mời)
 * may edit it, passing `issuedChange`; the invitee list stays frozen, SEQUENCE rises
 * (calendars update) and the change is announced (the invitees are told why; a new time moves
 * the reminders). An edit of one occurrence makes it an exception that series edits leave alone.
 */
export async function applyMeetingUpdate(
  db: DbOrTx,
  { units, meetingEvents }: Pick<MeetingHost, 'units' | 'meetingEvents'>,
  meeting: MeetingRow,
  patch: UpdateMeetingBody,
  options: { seriesEdit?: boolean; issuedChange?: IssuedChange } = {},
): Promise<{ row: MeetingRow; after: AfterCommit }> {
  if (!editable.has(meeting.status)) {
    throw new Conflict(`Cuộc họp đang ở trạng thái "${meeting.status}", không sửa được. / A ${meeting.status} meeting cannot be edited.`);
  }
  const issued = meeting.status !== 'draft';
  if (issued && patch.invitees) {
    throw new Conflict('Giấy mời đã phát hành: danh sách mời đã chốt, không sửa được. / Invitations are out: the invitee list is frozen.');
  }
  if (issued && !options.issuedChange) {
    throw new Conflict(
      'Giấy mời đã phát hành: thay đổi cuộc họp phải nêu lý do và được thông báo tới mọi cơ quan được mời (dùng "Sửa cuộc họp" → thay đổi sau phát hành). / ' +
        'Invitations are out: a change needs a reason and is sent to every invitee (POST /api/meetings/:id/changes).',
      { issued: true },
    );
  }
  if (patch.invitees) checkInviteeSpec(units, patch.invitees, meeting.unitCode);
  checkUrgent(patch.urgent ?? meeting.urgent, patch.urgentReason === undefined ? meeting.urgentReason : patch.urgentReason);
  await requireUsers(db, [patch.chairUserId, patch.secretaryUserId]);
  const zone = patch.timeZone ?? meeting.timeZone;
  const times = patch.startsAt || patch.endsAt || patch.timeZone
    ? meetingTimes(patch.startsAt ?? utcToLocal(meeting.startsAt, zone), patch.endsAt ?? utcToLocal(meeting.endsAt, zone), zone)
    : null;
  const moved = times !== null && times.startsAt.getTime() !== meeting.startsAt.getTime();

  const { agenda, invitees, startsAt: _start, endsAt: _end, timeZone: _zone, ...fields } = patch;
  const row = one(await db.update(meetings).set({
    ...fields,
    ...(fields.title ? { title: fields.title.trim() } : {}),
    ...(invitees ? { inviteeSpec: invitees } : {}),
    ...(times ?? {}),
    ...(meeting.seriesId && !options.seriesEdit ? { seriesException: true } : {}),
    ...(issued ? { sequence: sql`${meetings.sequence} + 1` } : {}),
    updatedAt: new Date(),
  }).where(eq(meetings.id, meeting.id)).returning());
  if (agenda) await replaceAgenda(db, meeting.id, agenda);
  if (!issued) return { row, after: () => {} };
  return { row, after: await meetingEvents.emit(db, { kind: 'changed', meeting: row, moved, change: options.issuedChange! }) };
}

export async function updateMeeting(host: MeetingHost, user: SessionUser, meetingId: string, patch: UpdateMeetingBody): Promise<MeetingRow> {
  const { resource } = await loadMeetingAccess(host, meetingId);
  authorize(host.units, user, 'meeting:manage', resource);
  const { row, after } = await host.db.transaction(async (t) => {
    // Locked so two simultaneous edits of an issued meeting each raise SEQUENCE in turn.
    const meeting = one(await t.select().from(meetings).where(eq(meetings.id, meetingId)).for('update'));
    return applyMeetingUpdate(t, host, meeting, patch);
  });
  after();
  return row;
}
