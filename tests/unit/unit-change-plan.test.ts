import { describe, expect, it } from 'vitest';
import { planChangeSet, type Registry, type RegistryUnit } from '../../server/units/changes/plan.ts';
import { changeSetFromDataset, readDataset } from '../../server/units/changes/dataset.ts';

const unit = (code: string, name: string, parentCode: string | null, extra: Partial<RegistryUnit> = {}): RegistryUnit => ({
  code, name, parentCode, level: code === 'TW' ? 'central' : code.length === 2 ? 'province' : 'commune',
  shortName: name.replace(/^(Tỉnh|Thành phố|Xã|Phường) /, ''), type: name.startsWith('Tỉnh') ? 'tinh' : name.startsWith('Thành phố') ? 'thanh_pho' : name.startsWith('Xã') ? 'xa' : 'phuong',
  effectiveFrom: '2025-07-01', effectiveTo: null, successorCode: null, ...extra,
});
const registry = (...units: RegistryUnit[]): Registry => ({
  centralCode: 'TW',
  units: new Map([unit('TW', 'Trung ương', null), ...units].map((u) => [u.code, u])),
  oldCodes: new Map([['18124', 'Phường Đức Thuận']]),
});
const base = registry(
  unit('42', 'Tỉnh Hà Tĩnh', 'TW'), unit('44', 'Tỉnh Quảng Trị', 'TW'),
  unit('18100', 'Xã Cẩm Quan', '42'), unit('18101', 'Xã Cẩm Xuyên', '42'), unit('18102', 'Xã Thạch Hà', '42'), unit('19000', 'Xã Đông Hà', '44'),
  unit('18000', 'Xã Cũ', '42', { effectiveTo: '2025-12-31', successorCode: '18101' }),
);
const set = { name: 'NQ thử', effectiveFrom: '2026-03-01' };

describe('planning a change set', () => {
  it('merges two communes into one of them: the other ceases with it as successor, the survivor may take a new name', () => {
    const plan = planChangeSet(base, { ...set, merged: [{ from: ['18100', '18101'], into: '18101', name: 'Phường Cẩm Xuyên' }] });
    expect(plan.errors).toEqual([]);
    expect(plan.ops).toEqual([
      { op: 'change', code: '18101', before: { name: 'Xã Cẩm Xuyên', shortName: 'Cẩm Xuyên', type: 'xa', parentCode: '42' }, after: { name: 'Phường Cẩm Xuyên', shortName: 'Cẩm Xuyên', type: 'phuong', parentCode: '42' } },
      { op: 'cease', code: '18100', name: 'Xã Cẩm Quan', successorCode: '18101', successorName: 'Phường Cẩm Xuyên' },
    ]);
    expect(plan.summary).toEqual({ added: 0, changed: 1, ceased: 1, unchanged: 0 });
  });

  it('merges into a unit added by the same change set', () => {
    const plan = planChangeSet(base, { ...set, added: [{ code: '18199', name: 'Xã Cẩm Mới', parent: '42' }], merged: [{ from: ['18100', '18101'], into: '18199' }] });
    expect(plan.errors).toEqual([]);
    expect(plan.ops.map((o) => `${o.op} ${o.code}`)).toEqual(['add 18199', 'cease 18100', 'cease 18101']);
  });

  it('renames a province to a centrally-run city (the type follows the name) and moves a commune', () => {
    const plan = planChangeSet(base, { ...set, renamed: [{ code: '42', name: 'Thành phố Hà Tĩnh' }, { code: '19000', parent: '42' }] });
    expect(plan.errors).toEqual([]);
    expect(plan.ops[0]).toMatchObject({ op: 'change', code: '42', after: { type: 'thanh_pho', shortName: 'Hà Tĩnh' } });
    expect(plan.ops[1]).toMatchObject({ op: 'change', code: '19000', before: { parentCode: '44' }, after: { parentCode: '42', name: 'Xã Đông Hà' } });
  });

  it('hands a ceased province its communes to the successor', () => {
    const plan = planChangeSet(base, { ...set, merged: [{ from: ['42', '44'], into: '42' }] });
    expect(plan.errors).toEqual([]);
    expect(plan.ops).toContainEqual(expect.objectContaining({ op: 'cease', code: '44', successorCode: '42' }));
    expect(plan.ops).toContainEqual(expect.objectContaining({ op: 'change', code: '19000', after: expect.objectContaining({ parentCode: '42' }) }));
  });

  it('plans nothing for what is already so (a change set applied before)', () => {
    const after = registry(...[...base.units.values()].filter((u) => u.code !== 'TW').map((u) => u.code === '18100' ? { ...u, effectiveTo: '2026-03-01', successorCode: '18101' } : u));
    const plan = planChangeSet(after, { ...set, merged: [{ from: ['18100', '18101'], into: '18101' }], renamed: [{ code: '42', name: 'Tỉnh Hà Tĩnh' }], added: [{ code: '18102', name: 'Xã Thạch Hà', parent: '42' }] });
    expect(plan).toEqual({ ops: [], summary: { added: 0, changed: 0, ceased: 0, unchanged: 4 }, errors: [] });
  });

  it('never reuses a code: a ceased one, a pre-2025 one, or one in use', () => {
    const plan = planChangeSet(base, { ...set, added: [
      { code: '18000', name: 'Xã Mới', parent: '42' }, { code: '18124', name: 'Xã Mới Hai', parent: '42' }, { code: '18102', name: 'Xã Khác', parent: '42' },
    ] });
    expect(plan.ops).toEqual([]);
    expect(plan.errors).toHaveLength(3);
    expect(plan.errors[0]).toContain('codes are never reused');
    expect(plan.errors[1]).toContain("was Phường Đức Thuận's before 2025");
    expect(plan.errors[2]).toContain('is in use by Xã Thạch Hà');
  });

  it('names what is wrong: unknown and ceased units, mixed levels, a commune without its province, a name without its type', () => {
    const plan = planChangeSet(base, { ...set,
      renamed: [{ code: '18999', name: 'Xã Không Có' }, { code: '18000', name: 'Xã Cũ Hơn' }, { code: '18102', name: 'Thạch Hà' }],
      merged: [{ from: ['42'], into: '18101' }],
      added: [{ code: '18198', name: 'Xã Lạc', parent: '18101' }],
    });
    expect(plan.ops).toEqual([]);
    expect(plan.errors.join('\n')).toMatch(/unknown unit 18999/);
    expect(plan.errors.join('\n')).toMatch(/18000 ceased on 2025-12-31/);
    expect(plan.errors.join('\n')).toMatch(/must start with/);
    expect(plan.errors.join('\n')).toMatch(/not of the same level/);
    expect(plan.errors.join('\n')).toMatch(/18101 is not a current province/);
  });

  it('refuses a change dated before the unit began', () => {
    const plan = planChangeSet(base, { ...set, effectiveFrom: '2025-01-01', renamed: [{ code: '18102', name: 'Xã Thạch Hà Mới' }] });
    expect(plan.errors[0]).toMatch(/starts on 2025-07-01/);
  });
});

describe('a later full list as a change set', () => {
  it('adds new codes, renames changed ones, ceases missing ones into the unit their mapping names', () => {
    const set = changeSetFromDataset(base, readDataset([
      { type: 'header' },
      { type: 'table', name: 'provinces', data: [
        { province_code: '42', short_name: 'Hà Tĩnh', place_type: 'Thành phố Trung Ương' }, { province_code: '44', short_name: 'Quảng Trị', place_type: 'Tỉnh' },
      ] },
      { type: 'table', name: 'wards', data: [
        { ward_code: '18101', name: 'Xã Cẩm Xuyên', province_code: '42' }, { ward_code: '18102', name: 'Phường Thạch Hà', province_code: '42' },
        { ward_code: '19000', name: 'Xã Đông Hà', province_code: '44' }, { ward_code: '19001', name: 'Xã Mới', province_code: '44' },
      ] },
      { type: 'table', name: 'ward_mappings', data: [{ old_ward_code: '18100', new_ward_code: '18101' }] },
    ])!, '2026-03-01', 'Bản 2026');
    expect(set).toEqual({
      name: 'Bản 2026', effectiveFrom: '2026-03-01',
      added: [{ code: '19001', name: 'Xã Mới', parent: '44' }],
      renamed: [{ code: '42', name: 'Thành phố Hà Tĩnh' }, { code: '18102', name: 'Phường Thạch Hà' }],
      ceased: [{ code: '18100', successor: '18101' }],
    });
    const plan = planChangeSet(base, set);
    expect(plan.errors).toEqual([]);
    expect(plan.summary).toEqual({ added: 1, changed: 2, ceased: 1, unchanged: 0 });
    expect(readDataset({ something: 'else' })).toBeNull();
  });
});
