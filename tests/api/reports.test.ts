import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { SaxesParser } from 'saxes';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createUser } from '../../server/auth/users.ts';
import { addWorkingDays, vietnamDate } from '../../server/calendar/working-days.ts';
import { generateHistory } from '../../server/demo/history.ts';
import { startTestApp, signIn, type TestApp } from '../helpers/app.ts';
import { describeEachDb } from '../helpers/db.ts';
import { expectDashboardMatchesRecords } from '../helpers/report-checks.ts';
import { rows } from '../helpers/sessions.ts';

type Signed = Awaited<ReturnType<typeof signIn>>;
type Counts = Record<string, number | null>;

describeEachDb('reports read from the records', (kind) => {
  let t: TestApp;
  let province: Signed;
  let thachHa: Signed;
  let canLoc: Signed;
  const today = vietnamDate(new Date());
  const start = addWorkingDays(today, -40);
  const period = `unit=42&from=${start}&to=${today}`;

  beforeAll(async () => {
    t = await startTestApp({ kind });
    await generateHistory(t.db, { province: '42', from: start, meetings: 16, tasksPerMeeting: 3, bodiesPerTask: 12, everyCommune: true });
    [province, thachHa, canLoc] = await Promise.all(['vp.hatinh', 'xa.thachha', 'xa.canloc'].map((u) => signIn(t.app, u))) as [Signed, Signed, Signed];
  }, 120_000);
  afterAll(() => t.close());

  it('every number of the dashboard equals a count over the records', async () => {
    const { d, sum } = await expectDashboardMatchesRecords(t.app, province.agent, '42', start, today, today);
    expect(d.units.length).toBe(69);
    expect(sum.late).toBeGreaterThan(0);
    expect(sum.absentExcused).toBeGreaterThan(0);
    // Conclusion notices: held meetings of the province's own bodies are not the communes' rows; the communes convened none.
    expect(d.total['noticesOnTime']! + d.total['noticesLate']! + d.total['noticesPending']!).toBe(0);
    expect(d.units.reduce((n, u) => n + u['tasksAssigned']!, 0)).toBe(Number((await rows<{ n: number }>(t.app, `select count(*) n from task_assignments`))[0]!.n));
  });

  it('counts conclusion notices on time (5 working days) and late, for the centre looking at the province', async () => {
    await province.agent.get(`/api/reports/dashboard?unit=01&from=${start}&to=${today}`).expect(403);
    await createUser(t.db, { username: 'tw.observer', password: 'mat-khau-du-dai', fullName: 'Người xem', position: 'Chuyên viên', bodyId: 'TW:vpcp', role: 'observer' });
    const centre = await signIn(t.app, 'tw.observer', 'mat-khau-du-dai');
    const d = (await centre.agent.get(`/api/reports/dashboard?unit=TW&from=${start}&to=${today}`).expect(200)).body as { units: (Counts & { unitCode: string })[] };
    expect(d.units.length).toBe(34);
    const haTinh = d.units.find((u) => u.unitCode === '42')!;
    const meetings = await rows<{ ends_at: string | Date; tb: string | Date | null }>(t.app,
      `select m.ends_at, (select min(issued_at) from documents d where d.meeting_id = m.id and d.type = 'TB') tb from meetings m where m.status = 'closed'`);
    const due = (m: { ends_at: string | Date }) => addWorkingDays(vietnamDate(new Date(m.ends_at)), 5);
    const onTime = meetings.filter((m) => m.tb && vietnamDate(new Date(m.tb)) <= due(m)).length;
    const late = meetings.filter((m) => (m.tb ? vietnamDate(new Date(m.tb)) > due(m) : today > due(m))).length;
    expect(onTime).toBeGreaterThan(0);
    expect(late).toBeGreaterThan(0);
    expect([haTinh['noticesOnTime'], haTinh['noticesLate'], haTinh['noticesPending']]).toEqual([onTime, late, meetings.length - onTime - late]);
    // The province rolls up its communes' attendance too.
    const province42 = (await province.agent.get(`/api/reports/dashboard?${period}`).expect(200)).body as { total: Counts };
    expect(haTinh['invited']).toBe(province42.total['invited']);
  });

  it('exports CSV and XLSX with the same numbers, and refuses a commune', async () => {
    await thachHa.agent.get(`/api/reports/dashboard?${period}`).expect(403);
    const json = (await province.agent.get(`/api/reports/dashboard?${period}`).expect(200)).body as { units: { unitCode: string; invited: number }[]; total: { invited: number } };
    const csv = await province.agent.get(`/api/reports/dashboard.csv?${period}`).expect(200);
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines.length).toBe(1 + 69 + 1);
    expect(lines.at(-1)!.split(',')[2]).toBe(String(json.total.invited));
    const xlsx = await province.agent.get(`/api/reports/dashboard.xlsx?${period}`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as Parameters<typeof book.xlsx.load>[0]);
    const sheet = book.getWorksheet('Theo đơn vị')!;
    expect(sheet.getRow(4).getCell(3).value).toBe('Số lượt được mời');
    const first = json.units[0]!;
    expect([sheet.getRow(5).getCell(1).value, sheet.getRow(5).getCell(3).value]).toEqual([first.unitCode, first.invited]);
  });

  it("shows a commune its own record, the province every commune's, another commune nothing", async () => {
    const own = (await thachHa.agent.get(`/api/records/${thachHa.user.body.id}?from=${start}&to=${today}`).expect(200)).body;
    const [count] = await rows<{ n: number }>(t.app, `select count(*) n from meeting_invitees i join meetings m on m.id = i.meeting_id where i.body_id = '${thachHa.user.body.id}' and m.status <> 'cancelled'`);
    expect(own.meetings.length).toBe(Number(count!.n));
    expect(own.scope).toBe('all');
    const [taskCount] = await rows<{ n: number }>(t.app, `select count(*) n from task_assignments where body_id = '${thachHa.user.body.id}'`);
    expect(own.tasks.length).toBe(Number(taskCount!.n));
    expect(own.meetings.some((m: { documents: { type: string }[] }) => m.documents.some((d) => d.type === 'TB'))).toBe(true);
    const absentExcused = own.meetings.filter((m: { attendance: string }) => m.attendance === 'absent_excused');
    expect(absentExcused.every((m: { rsvp: string; declineReason: string }) => m.rsvp === 'declined' && m.declineReason)).toBe(true);
    const fromAbove = (await province.agent.get(`/api/records/${thachHa.user.body.id}?from=${start}&to=${today}`).expect(200)).body;
    expect(fromAbove.meetings.length).toBe(own.meetings.length);
    await canLoc.agent.get(`/api/records/${thachHa.user.body.id}`).expect(403);

    // The same record as a report: its text carries the title, the period and every meeting.
    const pdf = await province.agent.get(`/api/records/${thachHa.user.body.id}/pdf?from=${start}&to=${today}`).buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    }).expect(200).expect('content-type', 'application/pdf');
    const file = path.join(os.tmpdir(), `record-${process.pid}.pdf`);
    fs.writeFileSync(file, pdf.body as Buffer);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('BÁO CÁO');
    expect(text).toContain(`từ ngày ${start.split('-').reverse().join('/')} đến ngày ${today.split('-').reverse().join('/')}`);
    expect(text).toContain(`được mời ${own.totals.invited} cuộc họp: có mặt ${own.totals.joined}`);
    for (const m of own.meetings.slice(0, 5) as { title: string }[]) expect(text).toContain(m.title.slice(0, 20));
    await canLoc.agent.get(`/api/records/${thachHa.user.body.id}/pdf`).expect(403);
  });

  it('exports an issued Giấy mời as edXML with its header and the signed PDF in base64', async () => {
    const d = addWorkingDays(today, 6);
    const created = await province.agent.post('/api/meetings').send({
      kind: 'chuyen_mon', form: 'truc_tuyen', title: 'Họp triển khai kế hoạch', chairName: 'Nguyễn Văn An', startsAt: `${d}T08:00`, endsAt: `${d}T10:00`,
      invitees: { communes: [thachHa.user.unit.code] },
    }).expect(201);
    await province.agent.post(`/api/meetings/${created.body.id}/invitations/issue`).send({}).expect(200);
    const record = await province.agent.get(`/api/meetings/${created.body.id}/record`).expect(200);
    const doc = record.body.documents[0] as { id: string };
    await canLoc.agent.get(`/api/documents/${doc.id}/edxml`).expect(403);
    const res = await thachHa.agent.get(`/api/documents/${doc.id}/edxml`);
    expect(res.status, res.text).toBe(200);
    expect(res.headers['content-type']).toContain('application/xml');
    const fields: Record<string, string> = {};
    const path: string[] = [];
    const parser = new SaxesParser({ xmlns: true });
    parser.on('opentag', (tag) => path.push(tag.local));
    parser.on('text', (text) => {
      if (text.trim()) fields[path.join('/')] = (fields[path.join('/')] ?? '') + text;
    });
    parser.on('closetag', () => path.pop());
    parser.write(res.text).close();
    const [stored] = await rows<{ type: string; formatted: string; subject: string; signer_name: string; sha256: string; issued_at: string | Date }>(t.app,
      `select d.type, d.formatted, d.subject, d.signer_name, f.sha256, d.issued_at from documents d join document_files f on f.document_id = d.id where d.id = '${doc.id}'`);
    const header = 'edXMLEnvelope/edXMLHeader/MessageHeader';
    expect(fields[`${header}/DocumentType/Type`]).toBe('GM');
    expect(fields[`${header}/DocumentType/TypeName`]).toBe('Giấy mời');
    expect(`${fields[`${header}/Code/CodeNumber`]}/${fields[`${header}/Code/CodeNotation`]}`).toBe(stored!.formatted);
    expect(fields[`${header}/PromulgationInfo/PromulgationDate`]).toBe(vietnamDate(new Date(stored!.issued_at)));
    expect(fields[`${header}/PromulgationInfo/Place`]).toBe('Hà Tĩnh');
    expect(fields[`${header}/Subject`]).toBe(stored!.subject);
    expect(fields[`${header}/SignerInfo/FullName`]).toBe(stored!.signer_name);
    expect(fields[`${header}/To/OrganName`]).toContain('Thạch Hà');
    const pdf = Buffer.from(fields['edXMLEnvelope/edXMLBody/AttachmentEncoded/Attachment']!.replace(/\s+/g, ''), 'base64');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(createHash('sha256').update(pdf).digest('hex')).toBe(stored!.sha256);
  });
});
