import type { FastifyInstance } from 'fastify';
import type supertest from 'supertest';
import { expect } from 'vitest';
import { attendanceSummary } from '../../server/attendance/summary.ts';
import { findMeeting } from '../../server/meetings/access.ts';
import { rows } from './sessions.ts';

type Counts = Record<string, number | null>;
export type DashboardBody = { units: (Counts & { unitCode: string })[]; bodies: (Counts & { bodyId: string })[]; total: Counts; demo: boolean };

export function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/**
 * Reads a province's dashboard for [from, to] and holds every number to a count over the
 * records: per body invitations, attendance, tasks done and overdue (on `today`); in total the
 * attendance by each held meeting's own attendance summary; the unit rows adding up to the total.
 * Returns the dashboard and the summed attendance for further checks.
 */
export async function expectDashboardMatchesRecords(app: FastifyInstance, agent: supertest.Agent, unit: string, from: string, to: string, today: string) {
  const d = (await agent.get(`/api/reports/dashboard?unit=${unit}&from=${from}&to=${to}`).expect(200)).body as DashboardBody;
  const held = `m.status in ('ended', 'closed')`;
  const inPeriod = `m.starts_at >= '${from}T00:00:00+07:00' and m.starts_at < '${addDays(to, 1)}T00:00:00+07:00'`;
  const perBody = async (query: string) => new Map((await rows<{ body_id: string; n: number | string }>(app, query)).map((r) => [r.body_id, Number(r.n)]));
  const invited = await perBody(`select i.body_id, count(*) n from meeting_invitees i join meetings m on m.id = i.meeting_id where ${inPeriod} and m.status not in ('draft', 'cancelled') group by 1`);
  const attended = await perBody(`select e.site_id body_id, count(distinct e.meeting_id) n from attendance_events e join meetings m on m.id = e.meeting_id where e.kind = 'join' and ${held} and ${inPeriod} group by 1`);
  const done = await perBody(`select a.body_id, count(*) n from task_assignments a join meetings m on m.id = a.meeting_id where ${inPeriod} and a.status in ('done', 'accepted') group by 1`);
  const overdue = await perBody(`select a.body_id, count(*) n from task_assignments a join meetings m on m.id = a.meeting_id where ${inPeriod} and a.status not in ('done', 'accepted') and a.deadline < '${today}' group by 1`);
  expect(d.bodies.length).toBe(invited.size);
  for (const b of d.bodies) {
    expect([b.bodyId, b['invited'], b['attended'], b['tasksDone'], b['tasksOverdue']]).toEqual([b.bodyId, invited.get(b.bodyId) ?? 0, attended.get(b.bodyId) ?? 0, done.get(b.bodyId) ?? 0, overdue.get(b.bodyId) ?? 0]);
  }
  // Attendance by the rules of the meeting's own attendance summary, meeting by meeting.
  const sum = { joined: 0, late: 0, absentExcused: 0, absent: 0 };
  const heldIds = await rows<{ id: string }>(app, `select m.id from meetings m where ${held} and ${inPeriod}`);
  for (const { id } of heldIds) {
    const s = await attendanceSummary(app.db, await findMeeting(app.db, id), { lateMinutes: app.config.ATTENDANCE_LATE_MINUTES });
    for (const k of Object.keys(sum) as (keyof typeof sum)[]) sum[k] += s.totals[k];
  }
  expect({ attended: d.total['attended'], late: d.total['late'], absentExcused: d.total['absentExcused'], absent: d.total['absent'] })
    .toEqual({ attended: sum.joined, late: sum.late, absentExcused: sum.absentExcused, absent: sum.absent });
  expect(d.units.reduce((n, u) => n + u['invited']!, 0)).toBe(d.total['invited']);
  return { d, sum };
}
