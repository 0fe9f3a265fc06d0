import { and, asc, count, eq, gt, inArray } from 'drizzle-orm';
import { DateTime } from 'luxon';
import { authorize } from '../auth/policy.ts';
import type { SessionUser } from '../auth/session-user.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { one } from '../db/rows.ts';
import { afterAll, type AfterCommit } from '../db/tx-events.ts';
import { InvalidInput, NotFound } from '../lib/errors.ts';
import { utcToLocal, VN_ZONE } from '../lib/time.ts';
import { findBody } from '../units/queries.ts';
import { requireLiveUnit, type UnitIndex } from '../units/unit-index.ts';
import { checkInviteeSpec } from './invitee-spec.ts';
import { expandRule, type RecurrenceRule } from './recurrence.ts';
import { agendaItems, meetings, meetingSeries, type MeetingRow } from './schema.ts';
import type { AgendaItemInput, UpdateMeetingBody } from './schemas.ts';
import { applyMeetingUpdate, checkUrgent, requireUsers, type MeetingHost } from './service.ts';

export type SeriesRow = typeof meetingSeries.$inferSelect;

/** Meeting fields an occurrence copies from its series. */
export type SeriesTemplate = Omit<UpdateMeetingBody, 'startsAt' | 'endsAt' | 'timeZone'> & {
  kind: MeetingRow['kind'];
  form: MeetingRow['form'];
  title: string;
  chairName: string;
  startTime: string;
  durationMinutes: number;
};

export interface NewSeries extends Omit<SeriesTemplate, 'startTime'> {
  convenerBodyId?: string;
  firstStartsAt: string;
  timeZone?: string;
  rule: RecurrenceRule;
  skipNonWorkingDays?: boolean;
}

function occurrenceValues(series: SeriesRow, t: SeriesTemplate, startsAt: Date, endsAt: Date, userId: string) {
  return {
    seriesId: series.id, convenerBodyId: series.convenerBodyId, unitCode: series.unitCode, kind: t.kind, form: t.form, title: t.title,
    chairName: t.chairName, chairPosition: t.chairPosition ?? '', chairUserId: t.chairUserId ?? null, secretaryUserId: t.secretaryUserId ?? null,
    hostRoom: t.hostRoom ?? '', preparation: t.preparation ?? '', startsAt, endsAt, timeZone: series.timeZone,
    urgent: t.urgent ?? false, urgentReason: t.urgentReason ?? null, inviteeSpec: t.invitees ?? {}, createdBy: userId,
  };
}

async function insertAgendas(db: DbOrTx, meetingIds: string[], agenda: AgendaItemInput[] | undefined) {
  if (!agenda?.length || meetingIds.length === 0) return;
  await db.insert(agendaItems).values(meetingIds.flatMap((meetingId) => agenda.map((item, i) => ({
    meetingId, position: i + 1, title: item.title, presenter: item.presenter ?? '', plannedMinutes: item.plannedMinutes ?? 0,
  }))));
}

/**
 * Creates a regular briefing: the series row (rule and template) and one draft meeting per
 * occurrence up to the horizon, each with its own agenda, in one transaction. Occurrences
 * that fall on holidays or weekends are left out (and reported) unless asked otherwise.
 */
export async function createSeries(db: Db, units: UnitIndex, user: SessionUser, input: NewSeries) {
  const body = await findBody(db, input.convenerBodyId ?? user.body.id);
  authorize(units, user, 'meeting:create', { kind: 'meeting', unitCode: body.unitCode, convenerBodyId: body.id });
  requireLiveUnit(units, body.unitCode);
  checkUrgent(input.urgent, input.urgentReason);
  if (input.invitees) checkInviteeSpec(units, input.invitees, body.unitCode);
  await requireUsers(db, [input.chairUserId, input.secretaryUserId]);
  const zone = input.timeZone ?? VN_ZONE;
  const skip = input.skipNonWorkingDays ?? true;
  const expansion = expandRule(input.firstStartsAt, input.durationMinutes, zone, input.rule, skip);
  if (expansion.occurrences.length === 0) throw new InvalidInput('Quy tắc lặp không cho ra buổi họp nào. / The rule yields no meetings.');
  const { convenerBodyId: _c, firstStartsAt, timeZone: _z, rule: _r, skipNonWorkingDays: _s, ...fields } = input;
  const template: SeriesTemplate = { ...fields, startTime: firstStartsAt.slice(11, 16) };

  return db.transaction(async (t) => {
    const series = one(await t.insert(meetingSeries).values({
      convenerBodyId: body.id, unitCode: body.unitCode, rrule: expansion.rrule, timeZone: zone, template, skipNonWorkingDays: skip, createdBy: user.id,
    }).returning());
    const rows = await t.insert(meetings)
      .values(expansion.occurrences.map((o) => occurrenceValues(series, template, o.startsAt, o.endsAt, user.id))).returning();
    await insertAgendas(t, rows.map((r) => r.id), template.agenda);
    return { series: series, occurrences: rows.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime()), skipped: expansion.skipped };
  });
}

export async function loadSeries(db: Db, seriesId: string) {
  const [series] = await db.select().from(meetingSeries).where(eq(meetingSeries.id, seriesId));
  if (!series) throw new NotFound(`Series ${seriesId}`);
  const occurrences = await db.select().from(meetings).where(eq(meetings.seriesId, seriesId)).orderBy(asc(meetings.startsAt));
  return { series, occurrences };
}

export type SeriesPatch = Partial<Omit<SeriesTemplate, 'invitees'>> & { invitees?: UpdateMeetingBody['invitees'] };

/**
 * Edits the whole series: the template, and every future draft occurrence not edited on its
 * own (exceptions keep their changes). A new time of day or duration moves each occurrence on
 * its own date. Occurrences whose invitations are out are left as issued: each is changed on
 * its own through the formal change flow (a reason, the 3-working-day rule, a replacing Giấy
 * mời), and their count is returned so the page can say so. All or nothing: one transaction.
 */
export async function updateSeries(host: MeetingHost, user: SessionUser, seriesId: string, patch: SeriesPatch, now: Date = new Date()) {
  const { series } = await loadSeries(host.db, seriesId);
  authorize(host.units, user, 'meeting:manage', { kind: 'meeting', unitCode: series.unitCode, convenerBodyId: series.convenerBodyId });
  if (patch.startTime && !DateTime.fromFormat(patch.startTime, 'HH:mm').isValid) {
    throw new InvalidInput(`Giờ "${patch.startTime}" không hợp lệ. / Invalid time "${patch.startTime}".`);
  }
  if (patch.invitees) checkInviteeSpec(host.units, patch.invitees, series.unitCode);
  const template = { ...(series.template as SeriesTemplate), ...patch };
  const { startTime, durationMinutes, ...meetingPatch } = patch;
  const result = await host.db.transaction(async (t) => {
    const updated = one(await t.update(meetingSeries).set({ template, updatedAt: now }).where(eq(meetingSeries.id, seriesId)).returning());
    const future = await t.select().from(meetings).where(and(
      eq(meetings.seriesId, seriesId), eq(meetings.seriesException, false),
      eq(meetings.status, 'draft'), gt(meetings.startsAt, now),
    )).orderBy(asc(meetings.startsAt)).for('update');
    const after: AfterCommit[] = [];
    const changed: MeetingRow[] = [];
    for (const meeting of future) {
      const day = utcToLocal(meeting.startsAt, meeting.timeZone).slice(0, 10);
      const start = `${day}T${startTime ?? utcToLocal(meeting.startsAt, meeting.timeZone).slice(11, 16)}`;
      const minutes = durationMinutes ?? (meeting.endsAt.getTime() - meeting.startsAt.getTime()) / 60_000;
      const end = DateTime.fromISO(start).plus({ minutes }).toFormat("yyyy-MM-dd'T'HH:mm");
      const { invitees, ...rest } = meetingPatch;
      const edit: UpdateMeetingBody = {
        ...rest, ...(meeting.status === 'draft' && invitees ? { invitees } : {}),
        ...(startTime || durationMinutes ? { startsAt: start, endsAt: end } : {}),
      };
      const applied = await applyMeetingUpdate(t, host, meeting, edit, { seriesEdit: true });
      after.push(applied.after);
      changed.push(applied.row);
    }
    const [issued] = await t.select({ n: count() }).from(meetings).where(and(
      eq(meetings.seriesId, seriesId), eq(meetings.seriesException, false), inArray(meetings.status, ['invited', 'postponed']), gt(meetings.startsAt, now),
    ));
    return { series: updated, changed, after: afterAll(after), issuedLeft: issued?.n ?? 0 };
  });
  result.after();
  return { series: result.series, updated: result.changed.length, issuedLeft: result.issuedLeft };
}
