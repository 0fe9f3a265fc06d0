import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { formatVietnamese, inZone } from '../lib/time.ts';
import { agendaItems, type ChangedField, type MeetingRow } from '../meetings/schema.ts';
import type { UpdateMeetingBody } from '../meetings/schemas.ts';

/**
 * What a change after issue alters, field by field (old → new, as people read them). Time,
 * place (and form) and chủ trì are printed on the Giấy mời and are the formal part: they need
 * a replacing Giấy mời with its own number and are held to the 3-working-day rule.
 */
export const FORMAL_FIELDS: ReadonlySet<string> = new Set(['time', 'place', 'form', 'chair']);

/** How the replacing Giấy mời names what changed: "thời gian, địa điểm". */
const formalWords: Record<string, string> = { time: 'thời gian', place: 'địa điểm', form: 'hình thức', chair: 'chủ trì' };

export function formalWording(fields: readonly ChangedField[]): string {
  return fields.filter((f) => FORMAL_FIELDS.has(f.field)).map((f) => formalWords[f.field]).join(', ');
}

function timeText(start: Date, end: Date, zone: string): string {
  const sameDay = inZone(start, zone).hasSame(inZone(end, zone), 'day');
  return `${formatVietnamese(start, zone)} – ${sameDay ? inZone(end, zone).toFormat('HH:mm') : formatVietnamese(end, zone)}`;
}

const chairText = (name: string, position: string) => [name, position].filter(Boolean).join(', ');
const agendaText = (items: { title: string }[]) => items.map((a, i) => `${i + 1}. ${a.title}`).join('; ');

/** The differences between the meeting as it is and as the patch (with its resolved times) would leave it. */
export async function changedFields(
  db: DbOrTx,
  meeting: MeetingRow,
  patch: UpdateMeetingBody,
  times: { startsAt: Date; endsAt: Date; timeZone: string },
): Promise<ChangedField[]> {
  const out: ChangedField[] = [];
  const push = (field: string, from: string, to: string) => {
    if (from !== to) out.push({ field, from, to });
  };
  push('time', timeText(meeting.startsAt, meeting.endsAt, meeting.timeZone), timeText(times.startsAt, times.endsAt, times.timeZone));
  if (patch.hostRoom !== undefined) push('place', meeting.hostRoom, patch.hostRoom.trim());
  if (patch.form !== undefined) push('form', meeting.form, patch.form);
  push('chair', chairText(meeting.chairName, meeting.chairPosition), chairText(patch.chairName?.trim() ?? meeting.chairName, patch.chairPosition?.trim() ?? meeting.chairPosition));
  if (patch.title !== undefined) push('title', meeting.title, patch.title.trim());
  if (patch.kind !== undefined) push('kind', meeting.kind, patch.kind);
  if (patch.preparation !== undefined) push('preparation', meeting.preparation, patch.preparation.trim());
  if (patch.secretaryUserId !== undefined) push('secretary', meeting.secretaryUserId ?? '', patch.secretaryUserId ?? '');
  if (patch.agenda !== undefined) {
    const before = await db.select({ title: agendaItems.title }).from(agendaItems).where(eq(agendaItems.meetingId, meeting.id)).orderBy(asc(agendaItems.position));
    push('agenda', agendaText(before), agendaText(patch.agenda));
  }
  return out;
}
