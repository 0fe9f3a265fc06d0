import { execFileSync } from 'node:child_process';
import { eq, sql } from 'drizzle-orm';
import ICAL from 'ical.js';
import supertest from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createUser } from '../../server/auth/users.ts';
import { addWorkingDays, invitationLeadTime, vietnamDate } from '../../server/calendar/working-days.ts';
import { documentNumbers, documents } from '../../server/documents/schema.ts';
import { meetingInvitees } from '../../server/invitations/schema.ts';
import { meetings } from '../../server/meetings/schema.ts';
import { notifications, reminders } from '../../server/notifications/schema.ts';
import { bodies } from '../../server/units/schema.ts';
import { startTestApp, signIn, type TestApp } from '../helpers/app.ts';
import { describeEachDb } from '../helpers/db.ts';

type Agent = Awaited<ReturnType<typeof signIn>>['agent'];
const workingDaysAhead = (n: number, time = '08:00') => `${addWorkingDays(vietnamDate(new Date()), n)}T${time}`;
const allProvinces = async (agent: Agent): Promise<string[]> =>
  (await agent.get('/api/units?level=province&limit=100').expect(200)).body.items.map((u: { code: string }) => u.code);

function draft(overrides: Record<string, unknown> = {}) {
  const start = (overrides['startsAt'] as string | undefined) ?? workingDaysAhead(10);
  return {
    kind: 'giao_ban', form: 'truc_tuyen', title: 'Hội nghị trực tuyến giao ban công tác tháng 01/2027',
    chairName: 'Nguyễn Văn An', chairPosition: 'Phó Chủ tịch UBND tỉnh', hostRoom: 'Phòng họp số 1, UBND tỉnh',
    startsAt: start, endsAt: `${start.slice(0, 10)}T11:00`, agenda: [{ title: 'Báo cáo kết quả tháng' }],
    invitees: { communesOf: ['42'] },
    ...overrides,
  };
}

function binary(res: NodeJS.ReadableStream, done: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

function parseIcs(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const event = calendar.getFirstSubcomponent('vevent')!;
  return { calendar, event, method: calendar.getFirstPropertyValue('method'), sequence: event.getFirstPropertyValue('sequence'), uid: event.getFirstPropertyValue('uid') };
}

/** A deputy chairman signing for the provincial UBND, as NĐ 30 writes it. */
const deputy = { authority: [{ prefix: 'TM.', of: 'Ủy ban nhân dân' }, { prefix: 'KT.', of: 'Chủ tịch' }], position: 'Phó Chủ tịch', fullName: 'Lê Văn Cường' };

describeEachDb('invitations: tiers, issuing, Giấy mời, calendar files', (kind) => {
  let t: TestApp;
  let convener: Agent;
  let admin: Agent;
  let commune: Agent;
  let central: Agent;
  beforeAll(async () => {
    t = await startTestApp({ kind });
    convener = (await signIn(t.app, 'vp.hatinh')).agent;
    admin = (await signIn(t.app, 'admin.hatinh')).agent;
    commune = (await signIn(t.app, 'xa.thachha')).agent;
    await createUser(t.app.db, { username: 'vpcp.tw', password: 'mat-khau-trung-uong', fullName: 'Đỗ Văn Chính', position: 'Vụ trưởng', bodyId: 'TW:vpcp', role: 'convener' });
    central = (await signIn(t.app, 'vpcp.tw', 'mat-khau-trung-uong')).agent;
  });
  afterAll(() => t.close());

  it('previews invitees by tier with counts by province', async () => {
    const haTinh = await convener.post('/api/invitations/preview').send({ spec: { communesOf: ['42'] } }).expect(200);
    expect(haTinh.body).toEqual({ total: 69, byProvince: [{ code: '42', name: 'Tỉnh Hà Tĩnh', count: 69 }], outOfScope: [] });
    const mixed = await convener.post('/api/invitations/preview')
      .send({ spec: { communesOf: ['42'], communes: ['18562'], provinces: ['42', '01'], bodies: ['42:so_yt', '42:vp_ubnd'] } }).expect(200);
    // Duplicates count once; the convening body does not invite itself.
    expect(mixed.body.total).toBe(69 + 2 + 1);
    expect(mixed.body.byProvince).toEqual([{ code: '01', name: 'Thành phố Hà Nội', count: 1 }, { code: '42', name: 'Tỉnh Hà Tĩnh', count: 71 }]);
    const provinces = await allProvinces(convener);
    const national = await central.post('/api/invitations/preview').send({ spec: { allProvinces: true, communesOf: provinces } }).expect(200);
    expect(national.body.total).toBe(34 + 3321);
    expect(national.body.byProvince).toHaveLength(34);
    expect(national.body.outOfScope).toEqual([]);
    const overreach = await convener.post('/api/invitations/preview').send({ spec: { communesOf: ['01'] } }).expect(200);
    expect(overreach.body.outOfScope).toHaveLength(126);
    const unknown = await convener.post('/api/invitations/preview').send({ spec: { provinces: ['99'], bodies: ['42:khong_co'] } }).expect(400);
    expect(unknown.body.error.message).toMatch(/99/);
    const missing = await convener.post('/api/invitations/preview').send({ spec: { bodies: ['42:khong_co'] } }).expect(400);
    expect(missing.body.error.message).toMatch(/42:khong_co/);
    await commune.post('/api/invitations/preview').send({ spec: { communesOf: ['42'] } }).expect(403);
  });

  it('refuses fewer than 3 working days ahead, naming the earliest date, unless urgent with a reason', async () => {
    const start = workingDaysAhead(1, '14:00');
    const created = await convener.post('/api/meetings').send(draft({ startsAt: start, endsAt: `${start.slice(0, 10)}T16:00` })).expect(201);
    const refused = await convener.post(`/api/meetings/${created.body.id}/invitations/issue`).send({}).expect(400);
    const lead = invitationLeadTime(new Date(), new Date(created.body.startsAt));
    const [y, m, d] = lead.earliestStart.split('-');
    expect(refused.body.error.message).toContain('ít nhất 3 ngày làm việc');
    expect(refused.body.error.message).toContain(`${d}/${m}/${y}`);
    expect(refused.body.error.details).toMatchObject({ required: 3, earliestStart: lead.earliestStart });
    const noReason = await convener.post(`/api/meetings/${created.body.id}/invitations/issue`).send({ urgent: true }).expect(400);
    expect(noReason.body.error.message).toMatch(/đột xuất phải nêu lý do/);
    const nothingTaken = await t.app.db.select().from(documents).where(eq(documents.meetingId, created.body.id));
    expect(nothingTaken).toEqual([]);
    const urgent = await convener.post(`/api/meetings/${created.body.id}/invitations/issue`)
      .send({ urgent: true, urgentReason: 'Ứng phó bão số 5 theo chỉ đạo của Thủ tướng' }).expect(200);
    expect(urgent.body.meeting).toMatchObject({ status: 'invited', urgent: true, urgentReason: 'Ứng phó bão số 5 theo chỉ đạo của Thủ tướng' });
  });

  it('numbers Giấy mời 01/GM-UBND then 02/GM-UBND per issuing body and issues each meeting once', async () => {
    const first = await admin.post('/api/meetings').send(draft()).expect(201);
    const second = await admin.post('/api/meetings').send(draft({ title: 'Họp lần hai' })).expect(201);
    const one = await admin.post(`/api/meetings/${first.body.id}/invitations/issue`).send({ signer: deputy }).expect(200);
    const two = await admin.post(`/api/meetings/${second.body.id}/invitations/issue`).send({ signer: deputy }).expect(200);
    expect(one.body.number).toBe('01/GM-UBND');
    expect(two.body.number).toBe('02/GM-UBND');
    expect(two.body.meeting.invitation).toMatchObject({ number: '02/GM-UBND' });
    const again = await admin.post(`/api/meetings/${first.body.id}/invitations/issue`).send({ signer: deputy }).expect(409);
    expect(again.body.error.message).toContain('01/GM-UBND');
    await commune.post(`/api/meetings/${second.body.id}/invitations/issue`).send({}).expect(403);
  });

  it('issues a meeting once even when two issue calls race, without losing a number', async () => {
    const a = await admin.post('/api/meetings').send(draft()).expect(201);
    const statuses = await Promise.all([
      admin.post(`/api/meetings/${a.body.id}/invitations/issue`).send({ signer: deputy }),
      admin.post(`/api/meetings/${a.body.id}/invitations/issue`).send({ signer: deputy }),
    ]).then((r) => r.map((x) => x.status).sort());
    expect(statuses).toEqual([200, 409]);
    const b = await admin.post('/api/meetings').send(draft()).expect(201);
    const next = await admin.post(`/api/meetings/${b.body.id}/invitations/issue`).send({ signer: deputy }).expect(200);
    const numbers = (await t.app.db.select({ n: documents.number }).from(documents).where(eq(documents.bodyId, '42:ubnd'))).map((r) => r.n).sort((x, y) => x - y);
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    expect(next.body.number).toBe(`${String(numbers.length).padStart(2, '0')}/GM-UBND`);
  });

  it('resolves all communes of Hà Tĩnh into 69 frozen invitees that later renames do not touch', async () => {
    const created = await convener.post('/api/meetings').send(draft()).expect(201);
    const id = created.body.id;
    const issued = await convener.post(`/api/meetings/${id}/invitations/issue`).send({}).expect(200);
    expect(issued.body).toMatchObject({ invited: 69, meeting: { status: 'invited', rsvpSummary: { total: 69, pending: 69 } } });
    const list = await convener.get(`/api/meetings/${id}/invitees`).expect(200);
    expect(list.body.total).toBe(69);
    expect(list.body.items.map((i: { bodyName: string }) => i.bodyName)).toContain('Ủy ban nhân dân xã Thạch Hà');
    const thachHa = list.body.items.find((i: { bodyName: string }) => i.bodyName === 'Ủy ban nhân dân xã Thạch Hà');

    // A reorganisation renames the body: the invitation keeps the name it was sent to.
    await t.app.db.update(bodies).set({ name: 'Ủy ban nhân dân xã Thạch Hà Mới' }).where(eq(bodies.id, thachHa.bodyId));
    const after = await convener.get(`/api/meetings/${id}/invitees`).expect(200);
    expect(after.body.items.find((i: { bodyId: string }) => i.bodyId === thachHa.bodyId).bodyName).toBe('Ủy ban nhân dân xã Thạch Hà');
    await t.app.db.update(bodies).set({ name: 'Ủy ban nhân dân xã Thạch Hà' }).where(eq(bodies.id, thachHa.bodyId));

    const frozen = await convener.patch(`/api/meetings/${id}`).send({ invitees: { communesOf: ['42'], provinces: ['01'] } }).expect(409);
    expect(frozen.body.error.message).toMatch(/đã chốt/);
    const sent = await t.app.db.select().from(notifications).where(eq(notifications.meetingId, id));
    expect(sent).toHaveLength(69);
    expect(sent[0]!.title).toContain(issued.body.number);
    expect((await t.app.db.select().from(reminders).where(eq(reminders.meetingId, id))).map((r) => r.kind).sort()).toEqual(['day_before', 'minutes_before']);
  });

  it('leaves nothing behind when issuing fails', async () => {
    const created = await convener.post('/api/meetings').send(draft()).expect(201);
    // The spec names a body that no longer exists (as after a merger): refused before anything is written.
    await t.app.db.update(meetings).set({ inviteeSpec: { communesOf: ['42'], bodies: ['42:da_giai_the'] } }).where(eq(meetings.id, created.body.id));
    const res = await convener.post(`/api/meetings/${created.body.id}/invitations/issue`).send({}).expect(400);
    expect(res.body.error.message).toContain('42:da_giai_the');
    const [row] = await t.app.db.select().from(meetings).where(eq(meetings.id, created.body.id));
    expect(row).toMatchObject({ status: 'draft', invitationNumber: null, sequence: 0 });
    expect(await t.app.db.select().from(meetingInvitees).where(eq(meetingInvitees.meetingId, created.body.id))).toEqual([]);
    expect(await t.app.db.select().from(notifications).where(eq(notifications.meetingId, created.body.id))).toEqual([]);
    expect(await t.app.db.select().from(documents).where(eq(documents.meetingId, created.body.id))).toEqual([]);

    // A failure after the number was taken (the database refuses the reminders) rolls the number back too.
    const numberOf = async () => (await t.app.db.select().from(documentNumbers).where(eq(documentNumbers.bodyId, '42:vp_ubnd')))[0]?.lastNumber ?? 0;
    const before = await numberOf();
    const victim = await convener.post('/api/meetings').send(draft()).expect(201);
    await t.app.db.execute(sql.raw(`
      create function refuse_reminder() returns trigger language plpgsql as $$
      begin
        if new.meeting_id = '${victim.body.id}' then raise exception 'disk full (simulated)'; end if;
        return new;
      end $$`));
    await t.app.db.execute(sql.raw('create trigger refuse_reminder before insert on reminders for each row execute function refuse_reminder()'));
    try {
      await convener.post(`/api/meetings/${victim.body.id}/invitations/issue`).send({}).expect(500);
    } finally {
      await t.app.db.execute(sql.raw('drop trigger refuse_reminder on reminders'));
      await t.app.db.execute(sql.raw('drop function refuse_reminder()'));
    }
    expect(await numberOf()).toBe(before);
    const [untouched] = await t.app.db.select().from(meetings).where(eq(meetings.id, victim.body.id));
    expect(untouched).toMatchObject({ status: 'draft', invitationNumber: null });
    expect(await t.app.db.select().from(meetingInvitees).where(eq(meetingInvitees.meetingId, victim.body.id))).toEqual([]);
    expect(await t.app.db.select().from(notifications).where(eq(notifications.meetingId, victim.body.id))).toEqual([]);
    const retried = await convener.post(`/api/meetings/${victim.body.id}/invitations/issue`).send({}).expect(200);
    expect(retried.body.number).toBe(`${String(before + 1).padStart(2, '0')}/GM-VP`);
  });

  it('invites the whole country: 34 provinces and 3,321 communes', async () => {
    const provinces = await allProvinces(central);
    const created = await central.post('/api/meetings')
      .send(draft({ title: 'Hội nghị trực tuyến toàn quốc', chairName: 'Phó Thủ tướng', invitees: { allProvinces: true, communesOf: provinces } })).expect(201);
    const issued = await central.post(`/api/meetings/${created.body.id}/invitations/issue`)
      .send({ signer: { authority: [{ prefix: 'KT.', of: 'Bộ trưởng, Chủ nhiệm' }], position: 'Phó Chủ nhiệm', fullName: 'Trần Văn Ký' } }).expect(200);
    expect(issued.body.invited).toBe(3355);
    expect(issued.body.number).toBe('01/GM-VPCP');
    const list = await central.get(`/api/meetings/${created.body.id}/invitees`).expect(200);
    expect(list.body.total).toBe(3355);
    expect(new Set(list.body.items.map((i: { bodyId: string }) => i.bodyId)).size).toBe(3355);
    // The invited commune may now read the national meeting.
    const seen = await commune.get(`/api/meetings/${created.body.id}`).expect(200);
    expect(seen.body).toMatchObject({ permissions: { rsvp: true, manage: false }, myInvitation: { rsvp: 'pending' } });
  });

  it('serves the Giấy mời as a PDF holding its number, date line and headings', async () => {
    const created = await convener.post('/api/meetings').send(draft()).expect(201);
    await commune.get(`/api/meetings/${created.body.id}/invitation.pdf`).expect(403);
    const early = await convener.get(`/api/meetings/${created.body.id}/invitation.pdf`).expect(409);
    expect(early.body.error.message).toMatch(/chưa phát hành/);
    const issued = await convener.post(`/api/meetings/${created.body.id}/invitations/issue`)
      .send({ signer: { authority: [{ prefix: 'TL.', of: 'Chủ tịch' }], position: 'Chánh Văn phòng', fullName: 'Nguyễn Văn Hùng' } }).expect(200);
    const number = issued.body.number as string;
    const res = await commune.get(`/api/meetings/${created.body.id}/invitation.pdf`).buffer(true).parse(binary as never).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toMatch(new RegExp(`^inline; filename="Giay-moi-${number.replace('/', '-')}\\.pdf"`));
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: res.body as Buffer }).toString('utf8');
    const today = vietnamDate(new Date());
    const [y, m, d] = today.split('-');
    expect(text).toContain(`Số: ${number}`);
    expect(number).toMatch(/^\d{2}\/GM-VP$/);
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('GIẤY MỜI');
    expect(text).toContain(`Hà Tĩnh, ngày ${d} tháng ${m} năm ${y}`);
    // Hà Tĩnh has no đặc khu, so none is named.
    expect(text).toMatch(/các xã, phường thuộc tỉnh Hà Tĩnh \(69 đơn vị\)/);
    expect(text).not.toContain('đặc khu');
    expect(text).toMatch(/UBND TỈNH HÀ TĨNH\s+CỘNG HÒA/);
    expect(text).toMatch(/^\s*VĂN PHÒNG\s+Độc lập - Tự do - Hạnh phúc/m);
    expect(text).toContain('Văn phòng Ủy ban nhân dân tỉnh Hà Tĩnh trân trọng kính mời:');
    expect(text).toContain('TL. CHỦ TỊCH');
    expect(text).toContain('Nguyễn Văn Hùng');
    // VP's own Giấy mời is drafted by its own office (bodies.json), not named after VP itself.
    expect(text).toContain('Lưu: VT, HCTC.');
  });

  it('refuses a Giấy mời whose signer has no authority, instead of printing the clicking user as CHUYÊN VIÊN', async () => {
    const created = await admin.post('/api/meetings').send(draft()).expect(201);
    // admin.hatinh is "Quản trị hệ thống" of UBND tỉnh: no authority to sign for it.
    const none = await admin.post(`/api/meetings/${created.body.id}/invitations/issue`).send({}).expect(400);
    expect(none.body.error.message).toMatch(/Chưa chọn người ký giấy mời.*Quản trị hệ thống/);
    const specialist = await admin.post(`/api/meetings/${created.body.id}/invitations/issue`)
      .send({ signer: { position: 'Chuyên viên', fullName: 'Lê Minh Tuấn' } }).expect(400);
    expect(specialist.body.error.message).toMatch(/tập thể.*TM\. Ủy ban nhân dân/);
    const order = await admin.post(`/api/meetings/${created.body.id}/invitations/issue`)
      .send({ signer: { authority: [{ prefix: 'KT.', of: 'Chủ tịch' }, { prefix: 'TM.', of: 'Ủy ban nhân dân' }], position: 'Phó Chủ tịch', fullName: 'Lê Văn Cường' } }).expect(400);
    expect(order.body.error.message).toMatch(/Thứ tự thẩm quyền ký/);
    expect(await t.app.db.select().from(documents).where(eq(documents.meetingId, created.body.id))).toEqual([]);
    await admin.post(`/api/meetings/${created.body.id}/invitations/issue`).send({ signer: deputy, draftingUnit: 'KGVX' }).expect(200);
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], {
      input: (await admin.get(`/api/meetings/${created.body.id}/invitation.pdf`).buffer(true).parse(binary as never).expect(200)).body as Buffer,
    }).toString('utf8');
    for (const s of ['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH', 'Lưu: VT, KGVX.']) expect(text).toContain(s);
    // The wording: "Dự" and the title in sentence case; "Tới dự" says what kind of meeting, not the title again.
    expect(text).toContain('Dự hội nghị trực tuyến giao ban công tác tháng 01/2027');
    expect(text).toContain('Tới dự: Cuộc họp giao ban theo hình thức trực tuyến');
    expect(text).not.toContain('Tới dự: Hội nghị');
  });

  it('issues a Party committee’s urgent Giấy mời as Tỉnh ủy, Số 01-GM/TU, with the party heading and KHẨN', async () => {
    await createUser(t.app.db, { username: 'tu.hatinh', password: 'mat-khau-tinh-uy', fullName: 'Hoàng Trung Dũng', position: 'Phó Bí thư Tỉnh ủy', bodyId: '42:dang_uy', role: 'convener' });
    const party = (await signIn(t.app, 'tu.hatinh', 'mat-khau-tinh-uy')).agent;
    const [body] = await t.app.db.select().from(bodies).where(eq(bodies.id, '42:dang_uy'));
    expect(body).toMatchObject({ name: 'Tỉnh ủy Hà Tĩnh', symbol: 'TU', document: { heading: 'party', header: ['Đảng bộ tỉnh Hà Tĩnh', 'Tỉnh ủy'] } });
    const [city] = await t.app.db.select().from(bodies).where(eq(bodies.id, '01:dang_uy'));
    expect(city).toMatchObject({ name: 'Thành ủy Hà Nội', symbol: 'TU', document: { header: ['Đảng bộ thành phố Hà Nội', 'Thành ủy'] } });
    const created = await party.post('/api/meetings').send(draft({ title: 'Họp đột xuất Ban Thường vụ', startsAt: workingDaysAhead(1), invitees: { bodies: ['42:ubnd'] } })).expect(201);
    const issued = await party.post(`/api/meetings/${created.body.id}/invitations/issue`).send({ urgent: true, urgentReason: 'Ứng phó bão số 5.' }).expect(200);
    expect(issued.body.number).toBe('01-GM/TU');
    const [doc] = await t.app.db.select().from(documents).where(eq(documents.meetingId, created.body.id));
    expect(doc!.metadata).toMatchObject({ CodeNotation: 'GM/TU', Priority: 'Khẩn', SignerInfo: { Position: 'Phó Bí thư' } });
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], {
      input: (await party.get(`/api/meetings/${created.body.id}/invitation.pdf`).buffer(true).parse(binary as never).expect(200)).body as Buffer,
    }).toString('utf8');
    const lines = text.split('\n');
    expect(lines.find((l) => l.includes('ĐẢNG BỘ TỈNH HÀ TĨNH'))).toContain('ĐẢNG CỘNG SẢN VIỆT NAM');
    expect(text).toMatch(/Số 01-GM\/TU\s+Hà Tĩnh, ngày/);
    for (const s of ['TỈNH ỦY', 'KHẨN', 'Tỉnh ủy Hà Tĩnh trân trọng kính mời', 'T/M BAN THƯỜNG VỤ', 'K/T BÍ THƯ', 'PHÓ BÍ THƯ', 'Lý do họp đột xuất: Ứng phó bão số 5./.', 'Lưu: VT, VPTU.']) {
      expect(text, s).toContain(s);
    }
    expect(text).not.toMatch(/CỘNG HÒA|Độc lập|Số:|ĐẢNG ỦY TỈNH/);
  });

  it('serves an ICS per meeting that a calendar library parses: REQUEST, then CANCEL with a higher SEQUENCE', async () => {
    const created = await convener.post('/api/meetings').send(draft()).expect(201);
    const id = created.body.id;
    await commune.get(`/api/meetings/${id}/invitation.ics`).expect(403);
    await convener.post(`/api/meetings/${id}/invitations/issue`).send({}).expect(200);
    const first = await commune.get(`/api/meetings/${id}/invitation.ics`).expect(200);
    expect(first.headers['content-type']).toMatch(/^text\/calendar/);
    // Named after the date and title: an ASCII slug, and the Vietnamese title for RFC 5987 clients.
    const date = created.body.startsAt && vietnamDate(new Date(created.body.startsAt));
    expect(first.headers['content-disposition']).toBe(
      `attachment; filename="${date}-hoi-nghi-truc-tuyen-giao-ban-cong-tac-thang-01-2027.ics"; ` +
        `filename*=UTF-8''${encodeURIComponent(`${date} Hội nghị trực tuyến giao ban công tác tháng 01-2027.ics`)}`,
    );
    const request = parseIcs(first.text);
    expect(request).toMatchObject({ method: 'REQUEST', sequence: 0, uid: `${id}@hopso` });
    const start = request.event.getFirstPropertyValue('dtstart') as ICAL.Time;
    expect(start.toJSDate().toISOString()).toBe(created.body.startsAt);
    expect(request.event.getFirstPropertyValue('summary')).toBe(created.body.title);
    expect(request.event.getFirstPropertyValue('url')).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/meetings/${id}$`));

    await convener.post(`/api/meetings/${id}/changes`).send({ hostRoom: 'Hội trường lớn', reason: 'Phòng họp số 1 đang sửa chữa' }).expect(200);
    const changed = parseIcs((await commune.get(`/api/meetings/${id}/invitation.ics`).expect(200)).text);
    expect(changed).toMatchObject({ method: 'REQUEST', sequence: 1, uid: `${id}@hopso` });
    expect(changed.event.getFirstPropertyValue('location')).toBe('Hội trường lớn');

    await convener.post(`/api/meetings/${id}/cancel`).send({ reason: 'Thay đổi kế hoạch công tác' }).expect(200);
    const cancelled = parseIcs((await commune.get(`/api/meetings/${id}/invitation.ics`).expect(200)).text);
    expect(cancelled).toMatchObject({ method: 'CANCEL', sequence: 2, uid: `${id}@hopso` });
    expect(cancelled.event.getFirstPropertyValue('status')).toBe('CANCELLED');
  });

  it("publishes a body's feed behind a secret token that can be rotated", async () => {
    const created = await convener.post('/api/meetings').send(draft({ title: 'Họp trong lịch đăng ký' })).expect(201);
    await convener.post(`/api/meetings/${created.body.id}/invitations/issue`).send({}).expect(200);
    const draftOnly = await convener.post('/api/meetings').send(draft({ title: 'Dự thảo chưa mời' })).expect(201);
    const token = await commune.post('/api/calendar/feed-token').expect(200);
    expect(token.body.url).toBe(`/api/calendar/feed/${token.body.token}.ics`);
    const feed = await supertest(t.app.server).get(token.body.url).expect(200);
    expect(feed.headers['content-type']).toMatch(/^text\/calendar/);
    const calendar = new ICAL.Component(ICAL.parse(feed.text));
    const uids = calendar.getAllSubcomponents('vevent').map((e) => e.getFirstPropertyValue('uid'));
    expect(uids).toContain(`${created.body.id}@hopso`);
    expect(uids).not.toContain(`${draftOnly.body.id}@hopso`);
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');

    const rotated = await commune.post('/api/calendar/feed-token').expect(200);
    expect(rotated.body.token).not.toBe(token.body.token);
    await supertest(t.app.server).get(token.body.url).expect(404);
    await supertest(t.app.server).get(rotated.body.url).expect(200);
    await supertest(t.app.server).get('/api/calendar/feed/short.ics').expect(400);
    await supertest(t.app.server).post('/api/calendar/feed-token').expect(401);
  });
});
