import { and, eq, inArray } from 'drizzle-orm';
import { addWorkingDays, vietnamDate } from '../server/calendar/working-days.ts';
import type { Db } from '../server/db/client.ts';
import { attendanceEvents } from '../server/attendance/schema.ts';
import { documents } from '../server/documents/schema.ts';
import { meetingInvitees } from '../server/invitations/schema.ts';
import { meetings } from '../server/meetings/schema.ts';
import { taskAssignments, tasks } from '../server/tasks/schema.ts';
import { bodies, units } from '../server/units/schema.ts';

/**
 * A year of one province's records, generated straight into the tables (the dashboard reads
 * records, however they were made): `meetings` meetings of VP UBND tỉnh, each inviting the
 * UBND of every commune, answers (accepted, declined with a reason, a few substitutes, some
 * silent), joins and leaves (some late, some absent), BB and TB in the register (some TB late),
 * and tasks of `tasksPerMeeting` × `bodiesPerTask` assignments in every state. Deterministic.
 */
export interface ReportDataOptions {
  province: string;
  meetings: number;
  tasksPerMeeting: number;
  bodiesPerTask: number;
  /** The first meeting's day; meetings follow every 1–2 days. */
  start: string;
}

export async function generateReportData(db: Db, o: ReportDataOptions): Promise<{ meetingIds: string[]; communeBodies: string[] }> {
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const communes = (await db.select({ code: units.code }).from(units).where(and(eq(units.parentCode, o.province), eq(units.level, 'commune')))).map((u) => u.code);
  const communeBodies = await db.select({ id: bodies.id, unitCode: bodies.unitCode, name: bodies.name }).from(bodies)
    .where(and(inArray(bodies.unitCode, communes), eq(bodies.kind, 'ubnd')));
  const convener = `${o.province}:vp_ubnd`;
  const chunked = async <T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) => {
    for (let i = 0; i < rows.length; i += 1000) await insert(rows.slice(i, i + 1000));
  };
  const meetingRows = [];
  let day = o.start;
  for (let i = 0; i < o.meetings; i++) {
    day = addWorkingDays(day, random() < 0.5 ? 1 : 0);
    const hour = random() < 0.5 ? '08:00' : '14:00';
    const startsAt = new Date(`${day}T${hour}:00+07:00`);
    meetingRows.push({
      convenerBodyId: convener, unitCode: o.province, kind: 'giao_ban' as const, form: 'truc_tuyen' as const,
      title: `Giao ban trực tuyến số ${i + 1}`, chairName: 'Nguyễn Văn An', startsAt, endsAt: new Date(startsAt.getTime() + 2 * 3600_000),
      status: (random() < 0.03 ? 'cancelled' : startsAt.getTime() < Date.now() - 3 * 3600_000 ? 'closed' : 'invited') as 'closed',
    });
    day = addWorkingDays(day, 1);
  }
  const inserted = await db.insert(meetings).values(meetingRows).returning({ id: meetings.id, startsAt: meetings.startsAt, endsAt: meetings.endsAt, status: meetings.status });
  const invitees: (typeof meetingInvitees.$inferInsert)[] = [];
  const events: (typeof attendanceEvents.$inferInsert)[] = [];
  const docs: (typeof documents.$inferInsert)[] = [];
  const taskRows: (typeof tasks.$inferInsert)[] = [];
  let docNumber = 0;
  for (const m of inserted) {
    const held = m.status === 'closed';
    for (const b of communeBodies) {
      const r = random();
      const rsvp = r < 0.08 ? 'declined' : r < 0.9 ? 'accepted' : r < 0.93 ? 'substitute' : 'pending';
      invitees.push({
        meetingId: m.id, bodyId: b.id, unitCode: b.unitCode, bodyName: b.name, rsvp: rsvp,
        declineReason: rsvp === 'declined' ? 'Trùng lịch tiếp công dân' : null,
        ...(rsvp === 'substitute' ? { substituteName: 'Lê Văn Phó', substitutePosition: 'Phó Chủ tịch', substituteStatus: 'approved' as const } : {}),
      });
      if (!held || rsvp === 'declined' || random() < 0.06) continue;
      const lateBy = random() < 0.12 ? 20 + Math.floor(random() * 30) : Math.floor(random() * 10) - 5;
      const session = `s-${m.id.slice(0, 8)}-${b.id}`;
      events.push({ meetingId: m.id, siteId: b.id, sessionId: session, kind: 'join', at: new Date(m.startsAt.getTime() + lateBy * 60_000) });
      events.push({ meetingId: m.id, siteId: b.id, sessionId: session, kind: 'leave', at: m.endsAt, data: { reason: 'ended' } });
    }
    if (held) {
      const meetingDay = vietnamDate(m.endsAt);
      for (const type of ['BB', 'TB'] as const) {
        if (random() < 0.15) continue;
        const late = type === 'TB' && random() < 0.2;
        const issuedDay = addWorkingDays(meetingDay, late ? 6 + Math.floor(random() * 4) : Math.floor(random() * 5));
        const issuedAt = new Date(`${issuedDay}T10:00:00+07:00`);
        const number = ++docNumber;
        docs.push({
          // Their own sequence, so the numbers the app gives next (document_numbers) never collide with these.
          bodyId: convener, type, number, year: Number(issuedDay.slice(0, 4)), sequenceKey: 'generated', codeNotation: `${type}-VP`, formatted: `${number}/${type}-VP`, issuedAt,
          subject: `${type === 'BB' ? 'Biên bản' : 'Thông báo kết luận'} cuộc họp`, signerPosition: 'Chánh Văn phòng', signerName: 'Nguyễn Văn Hùng', meetingId: m.id,
          metadata: {
            CodeNumber: String(number).padStart(2, '0'), CodeNotation: `${type}-VP`, IssuedDate: issuedDay, IssuedAt: issuedAt.toISOString(), OrganName: 'Văn phòng UBND tỉnh',
            OrganId: null, Subject: 'Kết luận', SignerInfo: { Position: 'Chánh Văn phòng', FullName: 'Nguyễn Văn Hùng' }, OrganIds: [], Priority: 'Thường', DueDate: null,
          },
        });
      }
      for (let t = 0; t < o.tasksPerMeeting; t++) {
        taskRows.push({ meetingId: m.id, sourceKind: 'notice', conclusionIndex: t, text: `Nhiệm vụ ${t + 1}`, expectedResult: 'Báo cáo', deadline: addWorkingDays(meetingDay, 5 + Math.floor(random() * 20)) });
      }
    }
  }
  await chunked(invitees, (c) => db.insert(meetingInvitees).values(c));
  await chunked(events, (c) => db.insert(attendanceEvents).values(c));
  await chunked(docs, (c) => db.insert(documents).values(c));
  const madeTasks: { id: string; meetingId: string; deadline: string }[] = [];
  await chunked(taskRows, async (c) => madeTasks.push(...(await db.insert(tasks).values(c).returning({ id: tasks.id, meetingId: tasks.meetingId, deadline: tasks.deadline }))));
  const statuses = ['assigned', 'received', 'in_progress', 'extension_requested', 'done', 'accepted', 'accepted'] as const;
  const assignments: (typeof taskAssignments.$inferInsert)[] = [];
  for (const t of madeTasks) {
    const first = Math.floor(random() * communeBodies.length);
    for (let k = 0; k < Math.min(o.bodiesPerTask, communeBodies.length); k++) {
      const b = communeBodies[(first + k) % communeBodies.length]!;
      const status = statuses[Math.floor(random() * statuses.length)]!;
      assignments.push({ taskId: t.id, meetingId: t.meetingId, bodyId: b.id, unitCode: b.unitCode, bodyName: b.name, status, deadline: t.deadline, doneAt: status === 'done' || status === 'accepted' ? new Date() : null });
    }
  }
  await chunked(assignments, (c) => db.insert(taskAssignments).values(c));
  return { meetingIds: inserted.map((m) => m.id), communeBodies: communeBodies.map((b) => b.id) };
}
