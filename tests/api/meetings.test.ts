import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addWorkingDays, vietnamDate } from '../../server/calendar/working-days.ts';
import { meetings, meetingStatusChanges } from '../../server/meetings/schema.ts';
import { startTestApp, signIn, type TestApp } from '../helpers/app.ts';
import { describeEachDb } from '../helpers/db.ts';

type Agent = Awaited<ReturnType<typeof signIn>>['agent'];
/** A local start time `n` working days from today, in Vietnam. */
const workingDaysAhead = (n: number, time = '08:00') => `${addWorkingDays(vietnamDate(new Date()), n)}T${time}`;

function draft(overrides: Record<string, unknown> = {}) {
  const day = workingDaysAhead(10).slice(0, 10);
  return {
    kind: 'giao_ban', form: 'truc_tuyen', title: 'Hội nghị giao ban công tác tháng',
    chairName: 'Nguyễn Văn An', chairPosition: 'Phó Chủ tịch UBND tỉnh', hostRoom: 'Phòng họp số 1, UBND tỉnh',
    startsAt: `${day}T08:00`, endsAt: `${day}T11:30`, preparation: 'Chuẩn bị báo cáo tình hình tháng.',
    agenda: [{ title: 'Báo cáo tình hình kinh tế - xã hội', presenter: 'Sở Tài chính', plannedMinutes: 30 }, { title: 'Thảo luận' }],
    invitees: { communesOf: ['42'] },
    ...overrides,
  };
}

describeEachDb('meetings API', (kind) => {
  let t: TestApp;
  let convener: Agent;
  let commune: Agent;
  let admin: Agent;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hopso-meetings-'));
    t = await startTestApp({ kind, config: { DATA_DIR: dataDir } });
    convener = (await signIn(t.app, 'vp.hatinh')).agent;
    commune = (await signIn(t.app, 'xa.thachha')).agent;
    admin = (await signIn(t.app, 'admin.hatinh')).agent;
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates a draft from Vietnam local time, stores UTC and reads it back with its agenda', async () => {
    const input = draft();
    const res = await convener.post('/api/meetings').send(input).expect(201);
    const day = input.startsAt.slice(0, 10);
    expect(res.body).toMatchObject({
      status: 'draft', convenerBodyId: '42:vp_ubnd', unitCode: '42', convenerName: 'Văn phòng Ủy ban nhân dân tỉnh Hà Tĩnh',
      startsAt: `${day}T01:00:00.000Z`, endsAt: `${day}T04:30:00.000Z`, startsAtLocal: `${day}T08:00`, timeZone: 'Asia/Ho_Chi_Minh',
      sequence: 0, invitation: null, invitees: { communesOf: ['42'] },
      permissions: { manage: true, chair: true, rsvp: false },
    });
    expect(res.body.agenda.map((a: { position: number; title: string }) => [a.position, a.title])).toEqual([
      [1, 'Báo cáo tình hình kinh tế - xã hội'], [2, 'Thảo luận'],
    ]);
    const read = await convener.get(`/api/meetings/${res.body.id}`).expect(200);
    expect(read.body.agenda[0]).toMatchObject({ presenter: 'Sở Tài chính', plannedMinutes: 30 });
  });

  it('saves a meeting placed on a holiday or a weekend, with a warning the form shows; none on a working day', async () => {
    const ordinary = await convener.post('/api/meetings').send(draft()).expect(201);
    expect(ordinary.body.warnings).toEqual([]);
    // 2 September (Quốc khánh) is a public holiday every year.
    const year = Number(vietnamDate(new Date()).slice(0, 4)) + 1;
    const holiday = await convener.post('/api/meetings').send(draft({ startsAt: `${year}-09-02T08:00`, endsAt: `${year}-09-02T11:00` })).expect(201);
    expect(holiday.body.warnings).toEqual([
      { code: 'non_working_day', date: `${year}-09-02`, message: expect.stringMatching(new RegExp(`^Ngày 02/09/${year} là ngày lễ – Quốc khánh \\(2/9\\)\\. Hãy kiểm tra lại ngày họp\\. / `)) },
    ]);
    // Moving an ordinary meeting to a Sunday warns on the edit too.
    let sunday = vietnamDate(new Date(Date.now() + 20 * 86_400_000));
    while (new Date(`${sunday}T00:00:00Z`).getUTCDay() !== 0) sunday = vietnamDate(new Date(Date.parse(`${sunday}T12:00:00Z`) + 86_400_000));
    const moved = await convener.patch(`/api/meetings/${ordinary.body.id}`).send({ startsAt: `${sunday}T08:00`, endsAt: `${sunday}T10:00` }).expect(200);
    expect(moved.body.warnings).toHaveLength(1);
    expect(moved.body.warnings[0]).toMatchObject({ code: 'non_working_day', date: sunday });
    expect(moved.body.warnings[0].message).toMatch(/ngày nghỉ|ngày lễ/);
  });

  it('refuses bad input with a clear 400', async () => {
    const backwards = await convener.post('/api/meetings').send(draft({ endsAt: draft().startsAt.replace('08:00', '07:00') })).expect(400);
    expect(backwards.body.error.message).toMatch(/kết thúc phải sau/);
    const badTime = await convener.post('/api/meetings').send(draft({ startsAt: '2027-02-30T08:00' })).expect(400);
    expect(badTime.body.error.message).toMatch(/2027-02-30T08:00/);
    await convener.post('/api/meetings').send(draft({ kind: 'hop_mat' })).expect(400);
    const unknown = await convener.post('/api/meetings').send(draft({ invitees: { communes: ['99999'] } })).expect(400);
    expect(unknown.body.error.message).toMatch(/99999/);
    const urgent = await convener.post('/api/meetings').send(draft({ urgent: true })).expect(400);
    expect(urgent.body.error.message).toMatch(/lý do/);
    await convener.get('/api/meetings/not-a-uuid').expect(400);
    await convener.get('/api/meetings/00000000-0000-4000-8000-000000000000').expect(404);
  });

  it('lets only the convening side create, and keeps communes to their scope', async () => {
    const asCommune = await commune.post('/api/meetings').send(draft({ convenerBodyId: '42:vp_ubnd' })).expect(403);
    expect(asCommune.body.error.code).toBe('forbidden');
    await commune.post('/api/meetings').send(draft()).expect(403);
    // A province convener may not convene in another province's name, nor invite its communes.
    await convener.post('/api/meetings').send(draft({ convenerBodyId: '01:ubnd' })).expect(403);
    const foreign = await convener.post('/api/meetings').send(draft({ invitees: { communesOf: ['01'] } })).expect(403);
    expect(foreign.body.error.message).toMatch(/ngoài phạm vi/);
    // Sideways and upward invitations are fine.
    await convener.post('/api/meetings').send(draft({ invitees: { provinces: ['01'], bodies: ['TW:bo_noi_vu'] } })).expect(201);
  });

  it("hides another province's meetings from a commune and lists what each may see", async () => {
    const created = await convener.post('/api/meetings').send(draft({ title: 'Họp nội bộ Văn phòng' })).expect(201);
    // A commune may not read a draft of its province that does not invite it (yet).
    await commune.get(`/api/meetings/${created.body.id}`).expect(403);
    const mine = await commune.get('/api/meetings').expect(200);
    expect(mine.body.items.map((m: { id: string }) => m.id)).not.toContain(created.body.id);
    const theirs = await convener.get('/api/meetings').query({ scope: 'unit', unitCode: '42' }).expect(200);
    expect(theirs.body.items.map((m: { id: string }) => m.id)).toContain(created.body.id);

    // A meeting of Hà Nội, created directly as its own staff would: invisible to Hà Tĩnh's communes.
    const soon = Date.now() + 10 * 86_400_000;
    const [hanoi] = await t.app.db.insert(meetings).values({
      convenerBodyId: '01:vp_ubnd', unitCode: '01', kind: 'chuyen_mon', form: 'truc_tiep', title: 'Họp Hà Nội', chairName: 'Ông B',
      startsAt: new Date(soon), endsAt: new Date(soon + 7_200_000),
    }).returning();
    await commune.get(`/api/meetings/${hanoi!.id}`).expect(403);
    await convener.get(`/api/meetings/${hanoi!.id}`).expect(403);
    const all = await admin.get('/api/meetings').query({ scope: 'all', limit: 500 }).expect(200);
    expect(all.body.items.map((m: { id: string }) => m.id)).not.toContain(hanoi!.id);
    expect(all.body.items.every((m: { unitCode: string }) => m.unitCode === '42')).toBe(true);
  });

  it('filters the list by date range and status', async () => {
    const far = workingDaysAhead(40).slice(0, 10);
    const created = await convener.post('/api/meetings').send(draft({ title: 'Họp xa', startsAt: `${far}T14:00`, endsAt: `${far}T16:00` })).expect(201);
    const inRange = await convener.get('/api/meetings').query({ from: far, to: far }).expect(200);
    expect(inRange.body.items.map((m: { id: string }) => m.id)).toEqual([created.body.id]);
    const drafts = await convener.get('/api/meetings').query({ status: 'invited' }).expect(200);
    expect(drafts.body.items.map((m: { id: string }) => m.id)).not.toContain(created.body.id);
    await convener.get('/api/meetings').query({ from: '2027-13-01' }).expect(400);
  });

  it('edits a draft freely and refuses to edit a closed one', async () => {
    const created = await convener.post('/api/meetings').send(draft()).expect(201);
    const day = workingDaysAhead(12).slice(0, 10);
    const edited = await convener.patch(`/api/meetings/${created.body.id}`)
      .send({ title: 'Giao ban (sửa)', startsAt: `${day}T09:00`, endsAt: `${day}T10:00`, agenda: [{ title: 'Một mục' }] }).expect(200);
    expect(edited.body).toMatchObject({ title: 'Giao ban (sửa)', startsAtLocal: `${day}T09:00`, sequence: 0 });
    expect(edited.body.agenda).toHaveLength(1);
    await commune.patch(`/api/meetings/${created.body.id}`).send({ title: 'x' }).expect(403);
    await convener.post(`/api/meetings/${created.body.id}/cancel`).send({ reason: 'Trùng lịch họp của Tỉnh ủy' }).expect(200);
    const refused = await convener.patch(`/api/meetings/${created.body.id}`).send({ title: 'y' }).expect(409);
    expect(refused.body.error.message).toMatch(/không sửa được/);
  });

  it('walks the lifecycle and refuses illegal steps with 409 and a reason', async () => {
    const created = await convener.post('/api/meetings').send(draft()).expect(201);
    const id = created.body.id;
    const early = await convener.post(`/api/meetings/${id}/status`).send({ to: 'live' }).expect(409);
    expect(early.body.error.message).toMatch(/Không thể chuyển cuộc họp từ "Dự thảo" sang "Đang họp"/);
    await convener.post(`/api/meetings/${id}/invitations/issue`).send({}).expect(200);
    await commune.post(`/api/meetings/${id}/status`).send({ to: 'live' }).expect(403);
    await convener.post(`/api/meetings/${id}/status`).send({ to: 'ended' }).expect(409);
    await convener.post(`/api/meetings/${id}/status`).send({ to: 'live' }).expect(200);
    const cancel = await convener.post(`/api/meetings/${id}/cancel`).send({ reason: 'Sự cố kỹ thuật' }).expect(409);
    expect(cancel.body.error.details).toMatchObject({ from: 'live', to: 'cancelled', allowed: ['ended'] });
    await convener.post(`/api/meetings/${id}/status`).send({ to: 'ended' }).expect(200);
    const closed = await convener.post(`/api/meetings/${id}/status`).send({ to: 'closed' }).expect(200);
    expect(closed.body.status).toBe('closed');
    const history = await t.app.db.select().from(meetingStatusChanges).where(eq(meetingStatusChanges.meetingId, id));
    expect(history.map((h) => `${h.fromStatus}>${h.toStatus}`)).toEqual(['draft>invited', 'invited>live', 'live>ended', 'ended>closed']);
  });

  it('requires a reason to cancel or postpone, and tells every invitee why', async () => {
    const created = await convener.post('/api/meetings').send(draft()).expect(201);
    const id = created.body.id;
    await convener.post(`/api/meetings/${id}/invitations/issue`).send({}).expect(200);
    const noReason = await convener.post(`/api/meetings/${id}/cancel`).send({}).expect(400);
    expect(noReason.body.error.message).toMatch(/reason/);
    const day = workingDaysAhead(15).slice(0, 10);
    const postponed = await convener.post(`/api/meetings/${id}/postpone`)
      .send({ reason: 'Lãnh đạo tỉnh đi công tác', startsAt: `${day}T14:00`, endsAt: `${day}T16:00` }).expect(200);
    expect(postponed.body).toMatchObject({ status: 'postponed', statusReason: 'Lãnh đạo tỉnh đi công tác', sequence: 1, startsAtLocal: `${day}T14:00` });
    await convener.post(`/api/meetings/${id}/cancel`).send({ reason: 'Bão số 3 đổ bộ' }).expect(200);

    const inbox = await commune.get('/api/notifications').expect(200);
    const about = inbox.body.items.filter((n: { meetingId: string }) => n.meetingId === id);
    expect(about.map((n: { kind: string }) => n.kind)).toEqual(['cancelled', 'postponed', 'invitation']);
    expect(about[0].body).toMatch(/Lý do: Bão số 3 đổ bộ/);
    expect(about[1].body).toMatch(/Lý do: Lãnh đạo tỉnh đi công tác/);
    expect(about[1].body).toMatch(/14:00/);
    const detail = await commune.get(`/api/meetings/${id}`).expect(200);
    expect(detail.body).toMatchObject({ status: 'cancelled', statusReason: 'Bão số 3 đổ bộ', sequence: 2 });
  });

  it("shows a body's calendar for a week and refuses another province's body", async () => {
    const day = workingDaysAhead(20).slice(0, 10);
    const created = await convener.post('/api/meetings').send(draft({ startsAt: `${day}T08:00`, endsAt: `${day}T09:00` })).expect(201);
    await convener.post(`/api/meetings/${created.body.id}/invitations/issue`).send({}).expect(200);
    const week = await commune.get('/api/calendar').query({ from: day, to: day }).expect(200);
    expect(week.body.items).toEqual([expect.objectContaining({ id: created.body.id, role: 'invited', rsvp: 'pending' })]);
    const ours = await convener.get('/api/calendar').query({ from: day, to: day }).expect(200);
    expect(ours.body.items).toEqual([expect.objectContaining({ id: created.body.id, role: 'convener', rsvp: null })]);
    const communeBody = week.body.body.id as string;
    const seenByProvince = await convener.get('/api/calendar').query({ bodyId: communeBody, from: day, to: day }).expect(200);
    expect(seenByProvince.body.items).toHaveLength(1);
    await commune.get('/api/calendar').query({ bodyId: '01:ubnd', from: day, to: day }).expect(403);
    await commune.get('/api/calendar').query({ from: '2027-01-01', to: '2027-06-01' }).expect(400);
  });

  it('takes attendee documents with checksums and type and size limits', async () => {
    const created = await convener.post('/api/meetings').send(draft()).expect(201);
    const id = created.body.id;
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2000, 0x20), Buffer.from('\n%%EOF\n')]);
    const up = await convener.post(`/api/meetings/${id}/files`).attach('file', pdf, 'Báo cáo tháng 1.pdf').expect(201);
    const { createHash } = await import('node:crypto');
    expect(up.body).toMatchObject({ fileName: 'Báo cáo tháng 1.pdf', contentType: 'application/pdf', size: pdf.length, sha256: createHash('sha256').update(pdf).digest('hex') });
    expect(fs.existsSync(path.join(dataDir, 'files', up.body.sha256))).toBe(true);

    const down = await convener.get(`/api/meetings/${id}/files/${up.body.id}`).buffer(true).parse(binary as never).expect(200);
    expect(down.headers['content-type']).toBe('application/pdf');
    expect(down.headers['content-disposition']).toContain("filename*=UTF-8''B%C3%A1o%20c%C3%A1o");
    expect(Buffer.compare(down.body as Buffer, pdf)).toBe(0);

    const fake = await convener.post(`/api/meetings/${id}/files`).attach('file', Buffer.from('MZ not a pdf'), 'virus.pdf').expect(400);
    expect(fake.body.error.message).toMatch(/không phải PDF/);
    const exe = await convener.post(`/api/meetings/${id}/files`).attach('file', Buffer.from('MZ'), 'setup.exe').expect(400);
    expect(exe.body.error.message).toMatch(/pdf, docx, xlsx, pptx/);
    const big = Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(20 * 1024 * 1024 + 10)]);
    const tooBig = await convener.post(`/api/meetings/${id}/files`).attach('file', big, 'lon.pdf').expect(413);
    expect(tooBig.body.error).toMatchObject({ code: 'too_large', message: expect.stringMatching(/quá lớn/) });
    await commune.post(`/api/meetings/${id}/files`).attach('file', pdf, 'x.pdf').expect(403);

    const list = await convener.get(`/api/meetings/${id}/files`).expect(200);
    expect(list.body.items).toHaveLength(1);
    await convener.delete(`/api/meetings/${id}/files/${up.body.id}`).expect(204);
    expect(fs.existsSync(path.join(dataDir, 'files', up.body.sha256))).toBe(false);

    const again = await convener.post(`/api/meetings/${id}/files`).attach('file', pdf, 'b.pdf').expect(201);
    await convener.post(`/api/meetings/${id}/invitations/issue`).send({}).expect(200);
    // Invitees read the documents once invited; after issue they stay on record.
    await commune.get(`/api/meetings/${id}/files/${again.body.id}`).expect(200);
    await convener.delete(`/api/meetings/${id}/files/${again.body.id}`).expect(409);
  });
});

function binary(res: NodeJS.ReadableStream, done: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
