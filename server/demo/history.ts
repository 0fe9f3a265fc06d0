import { and, eq, inArray, sql } from 'drizzle-orm';
import { attendanceEvents } from '../attendance/schema.ts';
import { addWorkingDays, vietnamDate } from '../calendar/working-days.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { registerEntry } from '../documents/numbering.ts';
import { documentNumbers, documents } from '../documents/schema.ts';
import { meetingInvitees } from '../invitations/schema.ts';
import { inZone } from '../lib/time.ts';
import { agendaItems, meetings, meetingStatusChanges } from '../meetings/schema.ts';
import { meetingRecords } from '../minutes/schema.ts';
import { taskAssignments, tasks, taskUpdates } from '../tasks/schema.ts';
import { bodies, units } from '../units/schema.ts';
import { meetingRows, planMeetings, seededRandom, type Commune } from './history-plan.ts';
import { planDocuments, recordRows, type PlannedDocument } from './history-records.ts';
import { taskRows } from './history-tasks.ts';
import { insertRows } from './bulk.ts';
import { demoHistory } from './schema.ts';

/**
 * A province's meeting history generated straight into the tables (the dashboard and record
 * pages read records, however they were made): meetings of VP UBND tỉnh and a few Sở from the
 * wording in history-data.json, each inviting every commune or a group; answers (accepted,
 * declined with a reason, substitutes, silent); joins (on time, late, absent); the Giấy mời,
 * biên bản and thông báo kết luận numbered in each body's yearly register in order of issue
 * (some notices late, some missing); the published records; tasks from the conclusions in
 * every state with their steps and notes. Deterministic for the same options and day.
 * Used by the demo start, the reports tests and the reports benchmark.
 */
export interface HistoryOptions {
  province: string;
  /** The first day meetings may be held (Vietnam date); they spread over the working days up to yesterday. */
  from: string;
  meetings: number;
  /** Meetings in the next two weeks, invitations out, answers coming in. */
  upcoming?: number;
  tasksPerMeeting: number;
  bodiesPerTask: number;
  /** Commune bodies invited to most group meetings and often given tasks. */
  favourites?: string[];
  /** Every meeting invites every commune. */
  everyCommune?: boolean;
  now?: Date;
}

const chunked = async <T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) => {
  for (let i = 0; i < rows.length; i += 500) await insert(rows.slice(i, i + 500));
};

/** Numbers the documents in order of issue, after what each body's sequence already holds; `write` stores them and moves the counters on. */
async function numberDocuments(tx: DbOrTx, planned: PlannedDocument[]) {
  const bodyIds = [...new Set(planned.map((d) => d.bodyId))];
  const issuers = new Map((await tx.select({ id: bodies.id, name: bodies.name, symbol: bodies.symbol, agencyId: bodies.agencyId, document: bodies.document })
    .from(bodies).where(inArray(bodies.id, bodyIds))).map((b) => [b.id, b]));
  const counters = new Map((await tx.select().from(documentNumbers).where(and(inArray(documentNumbers.bodyId, bodyIds), eq(documentNumbers.sequenceKey, 'default'))))
    .map((c) => [`${c.bodyId}|${c.year}`, c.lastNumber]));
  const numbers = new Map<string, string>();
  const rows = [...planned].sort((a, b) => a.issuedAt.getTime() - b.issuedAt.getTime()).map((d) => {
    const key = `${d.bodyId}|${inZone(d.issuedAt).year}`;
    const number = (counters.get(key) ?? 0) + 1;
    counters.set(key, number);
    const entry = { ...registerEntry(issuers.get(d.bodyId)!, d, number), id: d.id };
    numbers.set(d.id, entry.formatted);
    return entry;
  });
  const write = async () => {
    await chunked(rows, (c) => tx.insert(documents).values(c));
    for (const [key, lastNumber] of counters) {
      const [bodyId, year] = key.split('|') as [string, string];
      await tx.insert(documentNumbers).values({ bodyId, year: Number(year), sequenceKey: 'default', lastNumber })
        .onConflictDoUpdate({ target: [documentNumbers.bodyId, documentNumbers.year, documentNumbers.sequenceKey], set: { lastNumber: sql`greatest(${documentNumbers.lastNumber}, excluded.last_number)` } });
    }
  };
  return { numbers, write };
}

export async function generateHistory(db: DbOrTx, o: HistoryOptions) {
  const now = o.now ?? new Date();
  const today = vietnamDate(now);
  const random = seededRandom(42);
  const communeCodes = (await db.select({ code: units.code }).from(units).where(and(eq(units.parentCode, o.province), eq(units.level, 'commune')))).map((u) => u.code);
  const communes: Commune[] = (await db.select({ bodyId: bodies.id, unitCode: bodies.unitCode, name: bodies.name }).from(bodies)
    .where(and(inArray(bodies.unitCode, communeCodes), eq(bodies.kind, 'ubnd')))).sort((a, b) => a.unitCode.localeCompare(b.unitCode));
  const favourites = o.favourites ?? [];
  const planned = planMeetings({ province: o.province, communes, from: o.from, today, now, meetings: o.meetings, upcoming: o.upcoming ?? 0, favourites, everyCommune: o.everyCommune ?? false }, random);
  const docs = planned.map((m) => planDocuments(m, random, today, now, o.bodiesPerTask, o.tasksPerMeeting, favourites));
  const all = docs.flatMap((d) => [d.gm, d.bb, d.tb].filter((x): x is PlannedDocument => x !== null));

  const { numbers, write } = await numberDocuments(db, all);
  const meetingValues = planned.map((m, i) => ({
    ...m.row, invitationDocumentId: docs[i]!.gm.id, invitationNumber: numbers.get(docs[i]!.gm.id)!, invitationIssuedAt: m.gmIssuedAt,
    invitationSigner: { position: m.convener.signer.position, fullName: m.convener.signer.name },
  }));
  await chunked(meetingValues, (c) => db.insert(meetings).values(c));
  await write();

  const per = planned.map((m, i) => ({ ...meetingRows(m, docs[i]!.bb?.issuedAt ?? (m.state === 'held' ? new Date(m.row.endsAt.getTime() + 3600_000) : null)), ...taskRows(m, docs[i]!, random, today, now), records: recordRows(m, docs[i]!, numbers) }));
  await chunked(per.flatMap((p) => p.agenda), (c) => db.insert(agendaItems).values(c));
  await chunked(per.flatMap((p) => p.changes), (c) => db.insert(meetingStatusChanges).values(c));
  await insertRows(db, meetingInvitees, planned.flatMap((m) => m.invitees));
  await insertRows(db, attendanceEvents, per.flatMap((p) => p.events));
  await chunked(per.flatMap((p) => p.records), (c) => db.insert(meetingRecords).values(c));
  await chunked(per.flatMap((p) => p.taskList), (c) => db.insert(tasks).values(c));
  await insertRows(db, taskAssignments, per.flatMap((p) => p.assignments));
  await insertRows(db, taskUpdates, per.flatMap((p) => p.updates));
  return {
    meetingIds: planned.map((m) => m.row.id),
    communeBodies: communes.map((c) => c.bodyId),
    counts: {
      meetings: planned.length, held: planned.filter((m) => m.state === 'held').length, upcoming: planned.filter((m) => m.state === 'upcoming').length,
      invitations: planned.reduce((n, m) => n + m.invitees.length, 0), attendanceEvents: per.reduce((n, p) => n + p.events.length, 0),
      documents: all.length, records: per.reduce((n, p) => n + p.records.length, 0), tasks: per.reduce((n, p) => n + p.taskList.length, 0),
      assignments: per.reduce((n, p) => n + p.assignments.length, 0), taskUpdates: per.reduce((n, p) => n + p.updates.length, 0),
    },
  };
}

/** The demo's accounts' communes: their record pages and task lists should be alive. */
export const DEMO_PROVINCE = '42';
const DEMO_MONTHS = 4;

/**
 * The demo start's history (DEMO_DATA only): about four months of Hà Tĩnh up to today, in one
 * transaction with its marker row, so a second start (or a second server starting at once)
 * writes nothing. Returns what was written and how long it took, or null when already there.
 */
export async function seedDemoHistory(db: Db, favourites: string[], now = new Date()) {
  const began = performance.now();
  const today = vietnamDate(now);
  const from = addWorkingDays(inZone(now).minus({ months: DEMO_MONTHS }).toISODate()!, 0);
  const result = await db.transaction(async (tx) => {
    const [marker] = await tx.insert(demoHistory).values({ province: DEMO_PROVINCE, fromDate: from, toDate: today, meetings: 0, counts: {} })
      .onConflictDoNothing().returning();
    if (!marker) return null;
    const written = await generateHistory(tx, { province: DEMO_PROVINCE, from, meetings: 48, upcoming: 4, tasksPerMeeting: 3, bodiesPerTask: 10, favourites, now });
    await tx.update(demoHistory).set({ meetings: written.counts.meetings, counts: written.counts }).where(eq(demoHistory.province, DEMO_PROVINCE));
    return written.counts;
  });
  return result ? { counts: result, from, to: today, ms: Math.round(performance.now() - began) } : null;
}
