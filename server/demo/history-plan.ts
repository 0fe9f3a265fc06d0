import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { addWorkingDays, isWorkingDay } from '../calendar/working-days.ts';
import type { attendanceEvents } from '../attendance/schema.ts';
import type { meetingInvitees } from '../invitations/schema.ts';
import type { meetingForms, meetingKinds } from '../meetings/enums.ts';
import type { agendaItems, meetings, meetingStatusChanges } from '../meetings/schema.ts';

/** The demo's Vietnamese wording: titles, agendas, conclusions, reasons (history-data.json). */
export interface Template {
  convener: string;
  kind: (typeof meetingKinds)[number];
  form: (typeof meetingForms)[number];
  invite: 'all' | 'group';
  weight: number;
  title: string;
  items: string[];
  conclusions: { text: string; expectedResult: string }[];
}
export interface Convener {
  chair: { name: string; position: string };
  secretary: string;
  signer: { name: string; position: string };
  room: string;
}
export interface HistoryData {
  conveners: Record<string, Convener>;
  meetings: Template[];
  declineReasons: string[];
  substitutes: { name: string; position: string }[];
  progressNotes: string[];
  doneNotes: string[];
  extensionReasons: string[];
  returnReasons: string[];
  absentNotes: string[];
}
export const historyData = createRequire(import.meta.url)('./history-data.json') as HistoryData;

export interface Commune {
  bodyId: string;
  unitCode: string;
  name: string;
}

/** A deterministic generator: the same options write the same history (ids aside). */
export function seededRandom(seed: number) {
  let s = seed;
  const next = () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
  };
}
export type Random = ReturnType<typeof seededRandom>;

const at = (day: string, time: string) => new Date(`${day}T${time}:00+07:00`);
const fill = (text: string, day: string) => {
  const month = Number(day.slice(5, 7));
  const year = Number(day.slice(0, 4));
  return text.replace(/\{month\}/g, String(month)).replace(/\{quarter\}/g, ['I', 'II', 'III', 'IV'][Math.floor((month - 1) / 3)]!)
    .replace(/\{nextYear\}/g, String(year + 1)).replace(/\{year\}/g, String(year));
};

export type Held = 'held' | 'upcoming' | 'cancelled';

export interface PlannedMeeting {
  row: typeof meetings.$inferInsert & { id: string; startsAt: Date; endsAt: Date; convenerBodyId: string };
  template: Template;
  convener: Convener;
  day: string;
  state: Held;
  invitees: (typeof meetingInvitees.$inferInsert)[];
  /** Per invited body: first join (null: did not join), as the attendance events say. */
  joins: Map<string, Date | null>;
  gmIssuedAt: Date;
}

export interface PlanInput {
  province: string;
  communes: Commune[];
  /** The first day meetings may be held, and today (Vietnam dates). */
  from: string;
  today: string;
  now: Date;
  meetings: number;
  upcoming: number;
  /** Bodies invited to most group meetings too (the demo accounts' communes). */
  favourites: string[];
  /** Every meeting invites every commune (the reports benchmark's load). */
  everyCommune: boolean;
}

function workingDays(from: string, to: string): string[] {
  const days: string[] = [];
  for (let d = from; d < to; d = addWorkingDays(d, 1)) if (isWorkingDay(d)) days.push(d);
  return days;
}

/** Which template each meeting uses: by weight, deterministic. */
function templateBag(random: Random): () => Template {
  const bag = historyData.meetings.flatMap((t) => Array.from({ length: t.weight }, () => t));
  return () => random.pick(bag);
}

function inviteesOf(input: PlanInput, random: Random, template: Template): Commune[] {
  if (input.everyCommune || template.invite === 'all') return input.communes;
  const size = random.int(Math.min(15, input.communes.length), Math.min(32, input.communes.length));
  const start = random.int(0, input.communes.length - 1);
  const chosen = new Set(Array.from({ length: size }, (_, k) => input.communes[(start + k * 2) % input.communes.length]!));
  for (const c of input.communes) if (input.favourites.includes(c.bodyId) && random.next() < 0.7) chosen.add(c);
  return [...chosen];
}

/** Meetings spread over the working days of [from, today), then `upcoming` in the next two weeks. */
export function planMeetings(input: PlanInput, random: Random): PlannedMeeting[] {
  const past = workingDays(input.from, input.today);
  const next = workingDays(addWorkingDays(input.today, 1), addWorkingDays(input.today, 11));
  const days = [
    ...Array.from({ length: input.meetings }, (_, i) => past[Math.floor((i * past.length) / input.meetings)]!),
    ...Array.from({ length: input.upcoming }, (_, i) => next[Math.floor((i * next.length) / input.upcoming)]!),
  ].filter(Boolean);
  const template = templateBag(random);
  return days.map((day, i) => {
    const t = template();
    const convener = historyData.conveners[t.convener]!;
    const startsAt = at(day, random.next() < 0.55 ? '08:00' : '14:00');
    const endsAt = new Date(startsAt.getTime() + (t.kind === 'tap_huan' ? 3 : 2) * 3600_000);
    const upcoming = i >= input.meetings || endsAt >= input.now;
    const state: Held = upcoming ? 'upcoming' : random.next() < 0.03 ? 'cancelled' : 'held';
    const gmDay = addWorkingDays(day, -random.int(4, 6));
    const gmIssuedAt = new Date(Math.min(at(gmDay, '15:30').getTime(), input.now.getTime() - 3600_000));
    const invited = inviteesOf(input, random, t);
    const everyone = invited.length === input.communes.length;
    const id = randomUUID();
    const row = {
      id, convenerBodyId: `${input.province}:${t.convener}`, unitCode: input.province, kind: t.kind, form: t.form, title: fill(t.title, day),
      chairName: convener.chair.name, chairPosition: convener.chair.position, hostRoom: convener.room, startsAt, endsAt,
      status: state === 'held' ? 'closed' as const : state === 'cancelled' ? 'cancelled' as const : 'invited' as const,
      statusReason: state === 'cancelled' ? 'Điều chỉnh lịch theo chỉ đạo của Thường trực UBND tỉnh' : null,
      inviteeSpec: everyone ? { communesOf: [input.province] } : { communes: invited.map((c) => c.unitCode) },
      createdAt: new Date(gmIssuedAt.getTime() - 86_400_000), updatedAt: gmIssuedAt,
    };
    const joins = new Map<string, Date | null>();
    const invitees = invited.map((c) => answer(random, state, row, c, gmIssuedAt, input.now, joins));
    return { row, template: t, convener, day, state, invitees, joins, gmIssuedAt };
  });
}

/** One commune's answer and (for a held meeting) whether and when it joined. */
function answer(random: Random, state: Held, m: { id: string; startsAt: Date }, c: Commune, gmIssuedAt: Date, now: Date, joins: Map<string, Date | null>) {
  const r = random.next();
  const upcoming = state === 'upcoming';
  const rsvp = upcoming ? (r < 0.45 ? 'accepted' : r < 0.5 ? 'declined' : r < 0.53 ? 'substitute' : 'pending') : r < 0.8 ? 'accepted' : r < 0.88 ? 'declined' : r < 0.93 ? 'substitute' : 'pending';
  const respondedAt = rsvp === 'pending' ? null : new Date(Math.min(gmIssuedAt.getTime() + random.int(1, 40) * 3600_000, now.getTime() - 60_000));
  const sub = rsvp === 'substitute' ? random.pick(historyData.substitutes) : null;
  if (state === 'held') {
    const joinsAt = rsvp === 'declined' ? null : rsvp === 'pending' ? (random.next() < 0.5 ? 0 : null) : random.next() < 0.05 ? null : random.next() < 0.13 ? random.int(15, 45) : random.int(-10, 8);
    joins.set(c.bodyId, joinsAt === null ? null : new Date(m.startsAt.getTime() + joinsAt * 60_000));
  }
  return {
    meetingId: m.id, bodyId: c.bodyId, unitCode: c.unitCode, bodyName: c.name, rsvp: rsvp as 'accepted', respondedAt,
    declineReason: rsvp === 'declined' ? random.pick(historyData.declineReasons) : null,
    // Every row names every column (they are inserted as one JSON set).
    substituteName: sub?.name ?? null, substitutePosition: sub?.position ?? null,
    substituteStatus: sub ? (upcoming ? 'pending' as const : 'approved' as const) : null, substituteDecidedAt: sub && !upcoming ? respondedAt : null,
  };
}

/** Agenda, status history and attendance events of one meeting. */
export function meetingRows(m: PlannedMeeting, closedAt: Date | null) {
  const agenda: (typeof agendaItems.$inferInsert)[] = m.template.items.map((title, position) => ({
    meetingId: m.row.id, position, title: fill(title, m.day), presenter: position === 0 ? m.convener.signer.name : '', plannedMinutes: 30,
  }));
  const change = (fromStatus: 'draft', toStatus: string, changedAt: Date, reason: string | null = null) =>
    ({ meetingId: m.row.id, fromStatus, toStatus: toStatus as 'draft', changedAt, reason });
  const changes: (typeof meetingStatusChanges.$inferInsert)[] = [change('draft', 'invited', m.gmIssuedAt)];
  if (m.state === 'cancelled') changes.push({ ...change('draft', 'cancelled', new Date(m.row.startsAt.getTime() - 86_400_000), m.row.statusReason ?? null), fromStatus: 'invited' });
  if (m.state === 'held') {
    changes.push({ ...change('draft', 'live', m.row.startsAt), fromStatus: 'invited' }, { ...change('draft', 'ended', m.row.endsAt), fromStatus: 'live' });
    if (closedAt) changes.push({ ...change('draft', 'closed', closedAt), fromStatus: 'ended' });
  }
  const events: (typeof attendanceEvents.$inferInsert)[] = [];
  for (const [bodyId, joined] of m.joins) {
    if (!joined) continue;
    const sessionId = `demo-${m.row.id.slice(0, 8)}-${bodyId}`;
    events.push({ meetingId: m.row.id, siteId: bodyId, sessionId, kind: 'join', at: joined, data: {} });
    events.push({ meetingId: m.row.id, siteId: bodyId, sessionId, kind: 'leave', at: m.row.endsAt, data: { reason: 'ended' } });
  }
  return { agenda, changes, events };
}

export { fill as fillTemplate };
