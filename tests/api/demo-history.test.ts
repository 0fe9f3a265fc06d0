import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type supertest from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createUser } from '../../server/auth/users.ts';
import { isWorkingDay, vietnamDate } from '../../server/calendar/working-days.ts';
import { seedDemoHistory } from '../../server/demo/history.ts';
import { issueDocument } from '../../server/documents/numbering.ts';
import { startTestApp, signIn, type TestApp } from '../helpers/app.ts';
import { describeEachDb } from '../helpers/db.ts';
import { expectDashboardMatchesRecords, type DashboardBody } from '../helpers/report-checks.ts';
import { rows } from '../helpers/sessions.ts';

type Signed = Awaited<ReturnType<typeof signIn>>;
const count = async (t: TestApp, query: string) => Number((await rows<{ n: number | string }>(t.app, query))[0]!.n);
const binary = (res: supertest.Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};
const pdfText = (pdf: Buffer) => {
  const file = path.join(os.tmpdir(), `demo-${process.pid}-${Math.random().toString(36).slice(2)}.pdf`);
  fs.writeFileSync(file, pdf);
  try {
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  } finally {
    fs.rmSync(file, { force: true });
  }
};

describeEachDb('the demo start fills months of Hà Tĩnh records', (kind) => {
  let t: TestApp;
  let vp: Signed;
  let thachHa: Signed;
  const today = vietnamDate(new Date());

  beforeAll(async () => {
    t = await startTestApp({ kind, config: { DEMO_HISTORY: true } });
    [vp, thachHa] = await Promise.all([signIn(t.app, 'vp.hatinh'), signIn(t.app, 'xa.thachha')]);
  }, 180_000);
  afterAll(() => t?.close());

  const from = () => t.app.demoHistory!.from;

  it('writes about four months up to today, a few meetings ahead, and says it is demo data', async () => {
    expect(t.app.demoHistory).not.toBeNull();
    expect(from() < today).toBe(true);
    const [marker] = await rows<{ province: string; meetings: number }>(t.app, 'select province, meetings from demo_history');
    expect(marker).toMatchObject({ province: '42' });
    expect(await count(t, 'select count(*) n from meetings')).toBe(Number(marker!.meetings));
    const held = await count(t, `select count(*) n from meetings where status = 'closed'`);
    expect(held).toBeGreaterThanOrEqual(35);
    // Upcoming: invitations out, in the next two weeks.
    const ahead = await count(t, `select count(*) n from meetings where status = 'invited' and starts_at > now() and starts_at < now() + interval '15 days' and invitation_number is not null`);
    expect(ahead).toBeGreaterThan(0);
    // Held on working days only (no weekend, no holiday of the calendar data).
    const days = await rows<{ starts_at: string | Date }>(t.app, 'select starts_at from meetings');
    expect(days.every((d) => isWorkingDay(vietnamDate(new Date(d.starts_at))))).toBe(true);
    // Both kinds of invitation: every commune, and a group.
    expect(await count(t, `select count(distinct n) n from (select count(*) n from meeting_invitees group by meeting_id) x`)).toBeGreaterThan(1);
    // Every state of a task, returned ones and extensions asked included, each step with its trail.
    const statuses = (await rows<{ status: string }>(t.app, 'select distinct status from task_assignments')).map((r) => r.status).sort();
    expect(statuses).toEqual(['accepted', 'assigned', 'done', 'extension_requested', 'in_progress', 'received']);
    expect(await count(t, `select count(*) n from task_updates where action = 'return' and note <> ''`)).toBeGreaterThan(0);
    expect(await count(t, `select count(*) n from task_updates where action = 'note' and note <> ''`)).toBeGreaterThan(0);
    expect(await count(t, `select count(*) n from meeting_invitees where rsvp = 'substitute' and substitute_status = 'approved' and substitute_name is not null`)).toBeGreaterThan(0);
    expect(await count(t, `select count(*) n from meeting_invitees where rsvp = 'declined' and decline_reason is null`)).toBe(0);
  });

  it('numbers GM, BB and TB in each body’s yearly register in order of issue, and the next document follows them', async () => {
    const docs = await rows<{ body_id: string; year: number; number: number; formatted: string; type: string }>(t.app,
      `select body_id, year, number, formatted, type from documents where sequence_key = 'default' order by body_id, year, issued_at, number`);
    expect(new Set(docs.map((d) => d.type))).toEqual(new Set(['GM', 'BB', 'TB']));
    const sequences = new Map<string, number[]>();
    for (const d of docs) sequences.set(`${d.body_id}|${d.year}`, [...(sequences.get(`${d.body_id}|${d.year}`) ?? []), Number(d.number)]);
    for (const numbers of sequences.values()) expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    expect(docs.find((d) => d.body_id === '42:vp_ubnd' && d.type === 'TB')!.formatted).toMatch(/^\d{2,}\/TB-VP$/);
    const year = Number(today.slice(0, 4));
    const last = sequences.get(`42:vp_ubnd|${year}`)?.length ?? 0;
    const next = await issueDocument(t.db, { bodyId: '42:vp_ubnd', type: 'BC', subject: 'Báo cáo sau dữ liệu minh họa', signer: { position: 'Chánh Văn phòng', fullName: 'Nguyễn Văn Hùng' } });
    expect(next.number).toBe(last + 1);
  });

  it('the province dashboard over the period shows meetings, attendance, tasks done and overdue, each a count over the records', async () => {
    const { d } = await expectDashboardMatchesRecords(t.app, vp.agent, '42', from(), today, today);
    expect(d.demo).toBe(true);
    expect(d.total['held']).toBeGreaterThan(0);
    for (const k of ['attended', 'late', 'absentExcused', 'absent', 'substitutes', 'tasksAssigned', 'tasksDone', 'tasksOverdue']) expect(d.total[k], k).toBeGreaterThan(0);
    // Conclusion notices are the conveners' (province bodies'): the centre's view of Hà Tĩnh counts them.
    await createUser(t.db, { username: 'tw.xem', password: 'mat-khau-du-dai', fullName: 'Người xem', position: 'Chuyên viên', bodyId: 'TW:vpcp', role: 'observer' });
    const centre = await signIn(t.app, 'tw.xem', 'mat-khau-du-dai');
    const tw = (await centre.agent.get(`/api/reports/dashboard?unit=TW&from=${from()}&to=${today}`).expect(200)).body as DashboardBody;
    const haTinh = tw.units.find((u) => u.unitCode === '42')!;
    const tbs = await count(t, `select count(distinct meeting_id) n from documents where type = 'TB'`);
    expect(haTinh['noticesOnTime']).toBeGreaterThan(0);
    expect(haTinh['noticesLate']).toBeGreaterThan(0);
    expect(haTinh['noticesOnTime']! + haTinh['noticesLate']! + haTinh['noticesPending']!).toBe(await count(t, `select count(*) n from meetings where status = 'closed'`));
    expect(tbs).toBeGreaterThan(0);
  });

  it('UBND xã Thạch Hà’s record page has meetings with their minutes and notices, and tasks', async () => {
    const own = (await thachHa.agent.get(`/api/records/${thachHa.user.body.id}?from=${from()}&to=${today}`).expect(200)).body as {
      demo: boolean; meetings: { id: string; attendance: string; documents: { type: string; url: string }[] }[]; tasks: { status: string; overdue: boolean; lastNote: string }[];
    };
    expect(own.demo).toBe(true);
    expect(own.meetings.length).toBeGreaterThanOrEqual(20);
    const withMinutes = own.meetings.filter((m) => m.documents.some((d) => d.type === 'BB'));
    expect(withMinutes.length).toBeGreaterThan(10);
    expect(own.meetings.some((m) => m.documents.some((d) => d.type === 'TB'))).toBe(true);
    expect(own.tasks.length).toBeGreaterThan(5);
    expect(own.tasks.some((x) => x.lastNote)).toBe(true);
    // The links of the page open: a biên bản laid out from its record (the demo keeps no bytes for it).
    const link = withMinutes[0]!.documents.find((d) => d.type === 'BB')!.url;
    const pdf = await thachHa.agent.get(link).buffer(true).parse(binary).expect(200).expect('content-type', 'application/pdf');
    expect(pdfText(pdf.body as Buffer)).toContain('BIÊN BẢN');
  });

  it("one demo meeting's minutes page opens: its records, the biên bản and notice as PDF, its Giấy mời", async () => {
    const [m] = await rows<{ id: string; title: string }>(t.app, `select m.id, m.title from meetings m where m.convener_body_id = '42:vp_ubnd' and exists (select 1 from meeting_records r where r.meeting_id = m.id and r.kind = 'notice') and exists (select 1 from meeting_records r where r.meeting_id = m.id and r.kind = 'minutes') order by m.starts_at limit 1`);
    const records = (await vp.agent.get(`/api/meetings/${m!.id}/records`).expect(200)).body as { minutes: { state: string; number: string; content: { attendees: unknown[]; conclusions: unknown[] } }; notice: { state: string; number: string }; published: unknown[]; noticeDue: unknown };
    expect(records.minutes.state).toBe('published');
    expect(records.minutes.number).toMatch(/\/BB-VP$/);
    expect(records.minutes.content.attendees.length).toBeGreaterThan(10);
    expect(records.minutes.content.conclusions.length).toBeGreaterThan(0);
    expect(records.notice.state).toBe('published');
    expect(records.published).toHaveLength(2);
    expect(records.noticeDue).not.toBeNull();
    const minutes = await vp.agent.get(`/api/meetings/${m!.id}/records/minutes/pdf`).buffer(true).parse(binary).expect(200).expect('content-type', 'application/pdf');
    expect(pdfText(minutes.body as Buffer)).toContain(records.minutes.number);
    const invited = (await rows<{ n: number }>(t.app, `select count(*) n from meeting_invitees where meeting_id = '${m!.id}' and body_id = '${thachHa.user.body.id}'`))[0]!;
    if (Number(invited.n) > 0) {
      const notice = await thachHa.agent.get(`/api/meetings/${m!.id}/records/notice/pdf`).buffer(true).parse(binary).expect(200);
      expect(pdfText(notice.body as Buffer)).toContain(records.notice.number);
    }
    const gm = await vp.agent.get(`/api/meetings/${m!.id}/invitation.pdf`).buffer(true).parse(binary).expect(200);
    expect(pdfText(gm.body as Buffer)).toContain('GIẤY MỜI');
  });

  it('a second start adds nothing (the marker row), and without DEMO_DATA nothing is written', async () => {
    const before = await count(t, 'select (select count(*) from meetings) + (select count(*) from task_assignments) + (select count(*) from documents) n');
    expect(await seedDemoHistory(t.db, [])).toBeNull();
    expect(await count(t, 'select (select count(*) from meetings) + (select count(*) from task_assignments) + (select count(*) from documents) n')).toBe(before);
    const plain = await startTestApp({ kind, config: { DEMO_DATA: false, DEMO_HISTORY: true } });
    try {
      expect(plain.app.demoHistory).toBeNull();
      expect(Number((await rows<{ n: number }>(plain.app, 'select (select count(*) from meetings) + (select count(*) from demo_history) n'))[0]!.n)).toBe(0);
    } finally {
      await plain.close();
    }
  }, 180_000);
});
