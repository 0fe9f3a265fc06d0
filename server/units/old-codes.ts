import { createRequire } from 'node:module';
import { fold } from '../lib/text.ts';
import type { RegistrySource } from './registry-source.ts';
import type { unitMappings } from './schema.ts';

type MappingRow = typeof unitMappings.$inferInsert;
interface OldUnits {
  provinces: [code: string, name: string][];
  districts: [code: string, name: string, province: string][];
}

export function loadOldUnits(): OldUnits {
  return createRequire(import.meta.url)('./data/old-units.json') as OldUnits;
}

/** Matches names across sources that spell them differently ("Hoà"/"Hòa", "Thành Phố"/"Thành phố"). */
const key = (name: string) => fold(name).replace(/^(tinh|thanh pho|quan|huyen|thi xa) /, '');

/**
 * Old province and district codes → the new units. The package knows each old commune's
 * district and province by name only; data/old-units.json gives those names their codes.
 * An old province maps to the new province most of its communes went to (a province went
 * whole into one); an old district maps to every new commune its communes became.
 */
export function oldUnitMappings(source: RegistrySource, old: OldUnits, effectiveDate: string, unitCodes: ReadonlySet<string>): MappingRow[] {
  const provinceOfWard = new Map(source.wards.map((w) => [w.ward_code, w.province_code]));
  const byProvince = new Map<string, Map<string, number>>();
  const byDistrict = new Map<string, Set<string>>();
  for (const m of source.mappings) {
    if (!m.old_province_name || !unitCodes.has(m.new_ward_code)) continue;
    const p = key(m.old_province_name);
    const newProvince = provinceOfWard.get(m.new_ward_code);
    if (newProvince) {
      const counts = byProvince.get(p) ?? new Map<string, number>();
      counts.set(newProvince, (counts.get(newProvince) ?? 0) + 1);
      byProvince.set(p, counts);
    }
    if (m.old_district_name) {
      const d = `${p}|${key(m.old_district_name)}`;
      const set = byDistrict.get(d) ?? new Set<string>();
      set.add(m.new_ward_code);
      byDistrict.set(d, set);
    }
  }
  const rows: MappingRow[] = [];
  const provinceName = new Map(old.provinces);
  for (const [code, name] of old.provinces) {
    const counts = byProvince.get(key(name));
    if (!counts) continue;
    const [newCode] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
    rows.push({ oldCode: code, oldLevel: 'province', oldName: name, oldDistrictName: null, oldProvinceName: name, newCode, effectiveDate });
  }
  for (const [code, name, province] of old.districts) {
    const pName = provinceName.get(province);
    const communes = pName ? byDistrict.get(`${key(pName)}|${key(name)}`) : undefined;
    for (const newCode of communes ?? []) {
      rows.push({ oldCode: code, oldLevel: 'district', oldName: name, oldDistrictName: name, oldProvinceName: pName ?? null, newCode, effectiveDate });
    }
  }
  return rows;
}
