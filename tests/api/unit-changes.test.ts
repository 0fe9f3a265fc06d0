import supertest from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateHistory } from '../../server/demo/history.ts';
import { createUser } from '../../server/auth/users.ts';
import { addWorkingDays, vietnamDate } from '../../server/calendar/working-days.ts';
import { importRegistry } from '../../server/units/import.ts';
import { signIn, startTestApp, type TestApp } from '../helpers/app.ts';
import { describeEachDb } from '../helpers/db.ts';
import { rows } from '../helpers/sessions.ts';

type Signed = Awaited<ReturnType<typeof signIn>>;
type BodyRow = { bodyId: string; bodyName: string; unitCode: string; groupCode: string; nowPartOf: { code: string; name: string } | null; invited: number; tasksAssigned: number };
type UnitRow = { unitCode: string; unitName: string; invited: number; tasksAssigned: number; bodies: number };

/**
 * A later reorganisation applied as a change set: Xã Thạch Hà merges into a neighbour, another
 * commune is renamed, Hà Tĩnh becomes a centrally-run city. History stays, old codes resolve,
 * and the merged commune's past records count under its successor with their own names.
 */
describeEachDb('a change set reorganising units', (kind) => {
  let t: TestApp;
  let centre: Signed;
  let provinceAdmin: Signed;
  let thachHaUser: Signed;
  let canLoc: Signed;
  let thachHa: string;
  let into: string;
  let renamed: { code: string; name: string };
  const today = vietnamDate(new Date());
  const start = addWorkingDays(today, -30);
  let changeSet: Record<string, unknown>;
  const count = async (sql: string) => Number((await rows<{ n: number | string }>(t.app, sql))[0]!.n);

  beforeAll(async () => {
    t = await startTestApp({ kind });
    await generateHistory(t.db, { province: '42', from: start, meetings: 8, tasksPerMeeting: 2, bodiesPerTask: 20, everyCommune: true });
    const communes = await rows<{ code: string; name: string }>(t.app, `select code, name from units where parent_code = '42' order by code`);
    thachHa = communes.find((c) => c.name === 'Xã Thạch Hà')!.code;
    const others = communes.filter((c) => !['Xã Thạch Hà', 'Xã Can Lộc', 'Phường Thành Sen'].includes(c.name));
    into = others[0]!.code;
    renamed = { code: others[1]!.code, name: `Xã ${others[1]!.name.replace(/^(Xã|Phường) /, '')} Mới` };
    await createUser(t.db, { username: 'tw.admin', password: 'mat-khau-du-dai', fullName: 'Quản trị Trung ương', position: 'Chuyên viên', bodyId: 'TW:vpcp', role: 'admin' });
    [centre, provinceAdmin, thachHaUser, canLoc] = await Promise.all([
      signIn(t.app, 'tw.admin', 'mat-khau-du-dai'), signIn(t.app, 'admin.hatinh'), signIn(t.app, 'xa.thachha'), signIn(t.app, 'xa.canloc'),
    ]);
    changeSet = {
      name: 'Nghị quyết thử nghiệm 1/NQ-UBTVQH', effectiveFrom: today,
      merged: [{ from: [thachHa, into], into }],
      renamed: [{ code: renamed.code, name: renamed.name }, { code: '42', name: 'Thành phố Hà Tĩnh' }],
    };
  }, 120_000);
  afterAll(() => t.close());

  it('previews for central and province admins and changes nothing; a commune, an anonymous caller and a province applying are refused', async () => {
    await supertest(t.app.server).post('/api/units/changes/preview').send(changeSet).expect(401);
    await canLoc.agent.post('/api/units/changes/preview').send(changeSet).expect(403);
    await provinceAdmin.agent.post('/api/units/changes/apply').send(changeSet).expect(403);
    const plan = (await provinceAdmin.agent.post('/api/units/changes/preview').send(changeSet).expect(200)).body;
    expect(plan.errors).toEqual([]);
    expect(plan.appliedAt).toBeNull();
    expect(plan.summary).toEqual({ added: 0, changed: 2, ceased: 1, unchanged: 0 });
    expect(plan.ops).toContainEqual({ op: 'cease', code: thachHa, name: 'Xã Thạch Hà', successorCode: into, successorName: expect.any(String) });
    expect(plan.ops).toContainEqual({ op: 'change', code: '42', before: { name: 'Tỉnh Hà Tĩnh', shortName: 'Hà Tĩnh', type: 'tinh', parentCode: 'TW' }, after: { name: 'Thành phố Hà Tĩnh', shortName: 'Hà Tĩnh', type: 'thanh_pho', parentCode: 'TW' } });
    expect(await count(`select count(*) n from units where effective_to is not null`)).toBe(0);
    expect(await count(`select count(*) n from unit_versions`)).toBe(0);
    // A bad change set is a 400 a person can act on.
    const bad = await centre.agent.post('/api/units/changes/preview').send({ ...changeSet, renamed: [{ code: '42', name: 'Hà Tĩnh' }] }).expect(400);
    expect(bad.body.error.message).toContain('name');
  });

  it('applies once: history kept, bodies renamed, the merged commune ceased with its successor; applying again changes nothing', async () => {
    const plan = (await centre.agent.post('/api/units/changes/apply').send(changeSet).expect(200)).body;
    expect(plan.summary).toEqual({ added: 0, changed: 2, ceased: 1, unchanged: 0 });
    const haTinh = (await supertest(t.app.server).get('/api/units/42').expect(200)).body;
    expect(haTinh).toMatchObject({ name: 'Thành phố Hà Tĩnh', type: 'thanh_pho', effectiveTo: null });
    expect(haTinh.versions).toEqual([{ name: 'Tỉnh Hà Tĩnh', type: 'tinh', parentCode: 'TW', validFrom: '2025-07-01', validTo: today }]);
    expect(haTinh.bodies.find((b: { id: string }) => b.id === '42:ubnd').name).toBe('Ủy ban nhân dân thành phố Hà Tĩnh');
    const renamedNow = (await supertest(t.app.server).get(`/api/units/${renamed.code}`).expect(200)).body;
    expect(renamedNow.name).toBe(renamed.name);
    expect(renamedNow.versions).toHaveLength(1);
    const successor = (await supertest(t.app.server).get(`/api/units/${into}`).expect(200)).body;
    expect(successor.predecessors).toEqual([{ code: thachHa, name: 'Xã Thạch Hà', effectiveTo: today }]);
    // The ceased commune's code answers with its successor; its bodies stay (records point to them).
    const old = (await supertest(t.app.server).get(`/api/units/${thachHa}`).expect(200)).body;
    expect(old.code).toBe(into);
    expect(old.resolvedFrom).toEqual({ code: thachHa, name: 'Xã Thạch Hà', districtName: null, level: 'commune', effectiveTo: today });
    expect(await count(`select count(*) n from bodies where unit_code = '${thachHa}'`)).toBeGreaterThan(0);
    // Gone from lists and pickers, and from the province's communes.
    const list = (await supertest(t.app.server).get('/api/units?parent=42&limit=500').expect(200)).body;
    expect(list.items.map((u: { code: string }) => u.code)).not.toContain(thachHa);
    expect(list.total).toBe(68);

    const versions = await count(`select count(*) n from unit_versions`);
    const again = (await centre.agent.post('/api/units/changes/apply').send(changeSet).expect(200)).body;
    expect(again.appliedAt).not.toBeNull();
    expect(again.ops).toEqual([]);
    expect(await count(`select count(*) n from unit_versions`)).toBe(versions);
    // The same changes under another name plan nothing either.
    const same = (await centre.agent.post('/api/units/changes/preview').send({ ...changeSet, name: 'Bản sao' }).expect(200)).body;
    expect(same.ops).toEqual([]);
    expect(same.summary.unchanged).toBe(4);
  });

  it('refuses to give a ceased code (or a pre-2025 one) to a new unit', async () => {
    const reuse = await centre.agent.post('/api/units/changes/apply')
      .send({ name: 'Tái sử dụng mã', effectiveFrom: today, added: [{ code: thachHa, name: 'Xã Mới', parent: '42' }] }).expect(400);
    expect(reuse.body.error.message).toContain('never reused');
    const oldCode = await centre.agent.post('/api/units/changes/preview')
      .send({ name: 'Mã cũ', effectiveFrom: today, added: [{ code: '18124', name: 'Xã Mới', parent: '42' }] }).expect(200);
    expect(oldCode.body.errors.join(' ')).toContain('never reused');
    expect(await count(`select count(*) n from unit_change_sets`)).toBe(1);
  });

  it('resolves old province, district and commune codes to their successors', async () => {
    const province = (await supertest(t.app.server).get('/api/units/02').expect(200)).body;
    expect(province).toMatchObject({ code: '08', level: 'province', resolvedFrom: { code: '02', name: 'Tỉnh Hà Giang', level: 'province' } });
    // 445 was Huyện Thạch Hà: it answers with the province its communes went to, and those communes as they are now.
    const district = (await supertest(t.app.server).get('/api/units/445').expect(200)).body;
    expect(district).toMatchObject({ code: '42', resolvedFrom: { code: '445', name: 'Huyện Thạch Hà', level: 'district' } });
    const communes = district.resolvedFrom.communes as string[];
    expect(communes.length).toBeGreaterThan(3);
    expect(communes).not.toContain(thachHa);
    const live = await rows<{ code: string }>(t.app, `select code from units where parent_code = '42' and effective_to is null`);
    expect(communes.every((c) => live.some((u) => u.code === c))).toBe(true);
    const commune = (await supertest(t.app.server).get('/api/units/18124').expect(200)).body;
    expect(commune.resolvedFrom).toMatchObject({ code: '18124', name: 'Phường Đức Thuận', districtName: 'Thị xã Hồng Lĩnh', level: 'commune' });
    await supertest(t.app.server).get('/api/units/03').expect(404);
  });

  it("counts the merged commune's past records under its successor, each body row keeping its own name", async () => {
    const d = (await provinceAdmin.agent.get(`/api/reports/dashboard?unit=42&from=${start}&to=${today}`).expect(200)).body as { units: UnitRow[]; bodies: BodyRow[]; total: { invited: number } };
    expect(d.units).toHaveLength(68);
    expect(d.units.map((u) => u.unitCode)).not.toContain(thachHa);
    const mergedRows = d.bodies.filter((b) => b.unitCode === thachHa);
    expect(mergedRows.length).toBeGreaterThan(0);
    for (const b of mergedRows) {
      expect(b.groupCode).toBe(into);
      expect(b.bodyName).toMatch(/xã Thạch Hà$/);
      expect(b.nowPartOf).toMatchObject({ code: into });
    }
    const row = d.units.find((u) => u.unitCode === into)!;
    const inPeriod = `m.starts_at >= '${start}T00:00:00+07:00' and m.status not in ('draft', 'cancelled')`;
    expect(row.invited).toBe(await count(`select count(*) n from meeting_invitees i join meetings m on m.id = i.meeting_id where ${inPeriod} and i.unit_code in ('${thachHa}', '${into}')`));
    expect(row.tasksAssigned).toBe(await count(`select count(*) n from task_assignments a join meetings m on m.id = a.meeting_id where ${inPeriod} and a.unit_code in ('${thachHa}', '${into}')`));
    expect(row.bodies).toBe(d.bodies.filter((b) => b.groupCode === into).length);
    expect(d.units.reduce((n, u) => n + u.invited, 0)).toBe(d.total.invited);
    expect(d.total.invited).toBe(await count(`select count(*) n from meeting_invitees i join meetings m on m.id = i.meeting_id where ${inPeriod} and i.unit_code <> '42'`));
  });

  it("lists the predecessor's meetings and tasks on the successor's record page under their own names", async () => {
    const record = (await provinceAdmin.agent.get(`/api/records/${into}:ubnd?from=${start}&to=${today}`).expect(200)).body;
    expect(record.body.predecessors).toEqual([{ id: `${thachHa}:ubnd`, name: 'Ủy ban nhân dân xã Thạch Hà', unitCode: thachHa }]);
    const own = await count(`select count(*) n from meeting_invitees i join meetings m on m.id = i.meeting_id where i.body_id = '${into}:ubnd' and m.status not in ('draft', 'cancelled')`);
    const former = await count(`select count(*) n from meeting_invitees i join meetings m on m.id = i.meeting_id where i.body_id = '${thachHa}:ubnd' and m.status not in ('draft', 'cancelled')`);
    expect(former).toBeGreaterThan(0);
    expect(record.meetings).toHaveLength(own + former);
    const fromThachHa = record.meetings.filter((m: { bodyId: string }) => m.bodyId === `${thachHa}:ubnd`);
    expect(fromThachHa).toHaveLength(former);
    expect(fromThachHa.every((m: { bodyName: string }) => m.bodyName === 'Ủy ban nhân dân xã Thạch Hà')).toBe(true);
    const tasks = await count(`select count(*) n from task_assignments where body_id in ('${thachHa}:ubnd', '${into}:ubnd')`);
    expect(record.tasks).toHaveLength(tasks);
    expect(record.tasks.filter((a: { bodyName: string }) => a.bodyName === 'Ủy ban nhân dân xã Thạch Hà').length).toBe(await count(`select count(*) n from task_assignments where body_id = '${thachHa}:ubnd'`));
    // The ceased commune's own account still reads its own past record; a neighbour still does not.
    const ownPast = (await thachHaUser.agent.get(`/api/records/${thachHa}:ubnd?from=${start}&to=${today}`).expect(200)).body;
    expect(ownPast.meetings).toHaveLength(former);
    await canLoc.agent.get(`/api/records/${thachHa}:ubnd`).expect(403);
    // …but convenes nothing new.
    await createUser(t.db, { username: 'ct.thachha', password: 'mat-khau-du-dai', fullName: 'Chủ tịch xã', position: 'Chủ tịch', bodyId: `${thachHa}:ubnd`, role: 'convener' });
    const convener = await signIn(t.app, 'ct.thachha', 'mat-khau-du-dai');
    const day = addWorkingDays(today, 5);
    const refused = await convener.agent.post('/api/meetings').send({
      kind: 'chuyen_mon', form: 'truc_tuyen', title: 'Họp sau sáp nhập', chairName: 'Chủ tịch xã', startsAt: `${day}T08:00`, endsAt: `${day}T10:00`,
    }).expect(409);
    expect(refused.body.error.message).toContain('nay thuộc');
  });

  it('a later start (the base import run again) keeps the reorganisation', async () => {
    await t.db.execute(`update registry_imports set checksum = 'changed'`);
    const result = await importRegistry(t.db);
    expect(result.skipped).toBe(false);
    const haTinh = (await supertest(t.app.server).get('/api/units/42').expect(200)).body;
    expect(haTinh).toMatchObject({ name: 'Thành phố Hà Tĩnh', type: 'thanh_pho' });
    expect(haTinh.bodies.find((b: { id: string }) => b.id === '42:ubnd').name).toBe('Ủy ban nhân dân thành phố Hà Tĩnh');
    expect(await count(`select count(*) n from units where code = '${thachHa}' and effective_to = '${today}' and successor_code = '${into}'`)).toBe(1);
  });
});
