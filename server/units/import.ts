import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db, DbOrTx } from '../db/client.ts';
import { fold } from '../lib/text.ts';
import { readRegistrySource, type RegistrySource } from './registry-source.ts';
import { bodies, bodyDelegations, registryImports, unitMappings, units, type BodyDocumentProfile } from './schema.ts';

type UnitRow = typeof units.$inferInsert;
type BodyRow = typeof bodies.$inferInsert;
type DelegationRow = typeof bodyDelegations.$inferInsert;
interface BodyTemplate {
  kind: string;
  name: string;
  shortName: string;
  symbol: string;
  parent?: string;
  agencyId?: string;
  document?: BodyDocumentProfile;
  /** What differs for a unit of this type, e.g. a centrally-run city's "Thành ủy" for a province's "Tỉnh ủy". */
  byType?: Partial<Record<UnitRow['type'], Partial<Omit<BodyTemplate, 'kind' | 'byType'>>>>;
}
/** A standing delegation between two body kinds of the same unit, e.g. VP UBND signs TL. for UBND. */
interface DelegationTemplate {
  delegate: string;
  principal: string;
  wording: DelegationRow['wording'];
  signerOf: string;
}
interface BodyData {
  effectiveFrom: string;
  central: { code: string; name: string; bodies: BodyTemplate[] };
  province: BodyTemplate[];
  commune: BodyTemplate[];
  delegations: { province: DelegationTemplate[]; commune: DelegationTemplate[] };
}

const communeTypes = { Xã: 'xa', Phường: 'phuong', 'Đặc khu': 'dac_khu' } as const;

function communeType(name: string): UnitRow['type'] {
  for (const [prefix, type] of Object.entries(communeTypes)) if (name.startsWith(prefix + ' ')) return type;
  throw new Error(`Unknown commune type in "${name}"`);
}

/** "Xã Thạch Hà" → "Thạch Hà"; "Thành phố Hà Nội" → "Hà Nội". */
function withoutPrefix(name: string): string {
  return name.replace(/^(Thành phố|Tỉnh|Xã|Phường|Đặc khu) /, '');
}

export function buildUnitRows(source: RegistrySource, data: BodyData): UnitRow[] {
  const from = data.effectiveFrom;
  const central: UnitRow = {
    code: data.central.code, level: 'central', type: 'trung_uong', name: data.central.name,
    shortName: data.central.name, parentCode: null, search: fold(data.central.name), effectiveFrom: from,
  };
  const provinces = source.provinces.map((p): UnitRow => {
    const city = p.place_type.startsWith('Thành phố');
    const shortName = withoutPrefix(p.short_name);
    const name = city ? `Thành phố ${shortName}` : `Tỉnh ${shortName}`;
    return {
      code: p.province_code, level: 'province', type: city ? 'thanh_pho' : 'tinh', name, shortName,
      alphaCode: p.code, parentCode: data.central.code, search: fold(`${name} ${p.code}`), effectiveFrom: from,
    };
  });
  const communes = source.wards.map((w): UnitRow => ({
    code: w.ward_code, level: 'commune', type: communeType(w.name), name: w.name, shortName: withoutPrefix(w.name),
    parentCode: w.province_code, search: fold(w.name), effectiveFrom: from,
  }));
  return [central, ...provinces, ...communes];
}

/** "tỉnh Hà Tĩnh": a unit's name as it reads inside a body's name. */
const label = (unit: Pick<UnitRow, 'name'>) => unit.name.charAt(0).toLowerCase() + unit.name.slice(1);

/**
 * Body rows from the templates. Placeholders: {unit} the unit's name with a lower-case type
 * word ("Ủy ban nhân dân xã Thạch Hà"), {short} its bare name ("Tỉnh ủy Hà Tĩnh"), {province}
 * the province a commune belongs to ("Đảng bộ tỉnh Hà Tĩnh").
 */
export function buildBodyRows(unitRows: UnitRow[], data: BodyData): BodyRow[] {
  const byCode = new Map(unitRows.map((u) => [u.code, u]));
  const rows: BodyRow[] = [];
  const add = (unit: UnitRow, base: BodyTemplate) => {
    const t = { ...base, ...base.byType?.[unit.type] };
    const province = unit.level === 'commune' && unit.parentCode ? byCode.get(unit.parentCode) : undefined;
    const fill = (text: string) => unit.level === 'central' ? text.replace('{unit}', '').trim()
      : text.replace('{unit}', label(unit)).replace('{short}', unit.shortName).replace('{province}', province ? label(province) : '').trim();
    const name = fill(t.name);
    const document = t.document ? { ...t.document, ...(t.document.header ? { header: t.document.header.map(fill) } : {}) } : {};
    rows.push({
      id: `${unit.code}:${t.kind}`, unitCode: unit.code, kind: t.kind, name,
      shortName: fill(t.shortName), symbol: t.symbol, agencyId: t.agencyId ?? null,
      parentBodyId: t.parent ? `${unit.code}:${t.parent}` : null, search: fold(name), document,
    });
  };
  for (const unit of unitRows) {
    const templates = unit.level === 'central' ? data.central.bodies : unit.level === 'province' ? data.province : data.commune;
    templates.forEach((t) => add(unit, t));
  }
  return rows;
}

export function buildDelegationRows(unitRows: UnitRow[], data: BodyData): DelegationRow[] {
  return unitRows.flatMap((unit) => unit.level === 'central' ? [] : data.delegations[unit.level].map((d) => ({
    delegateBodyId: `${unit.code}:${d.delegate}`, principalBodyId: `${unit.code}:${d.principal}`, wording: d.wording, signerOf: d.signerOf,
  })));
}

function excludedSet(table: PgTable, keep: string[]): Record<string, SQL> {
  const set: Record<string, SQL> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    if (!keep.includes(key)) set[key] = sql.raw(`excluded."${column.name}"`);
  }
  return set;
}

async function upsertInBatches<T extends PgTable>(db: DbOrTx, table: T, rows: T['$inferInsert'][], target: PgColumn | PgColumn[], keep: string[]) {
  const set = excludedSet(table, keep);
  for (let i = 0; i < rows.length; i += 1000) {
    await db.insert(table).values(rows.slice(i, i + 1000)).onConflictDoUpdate({ target, set });
  }
}

export interface ImportResult {
  skipped: boolean;
  units: number;
  bodies: number;
  mappings: number;
}

/**
 * Loads the registry. Idempotent: rows are upserted by their permanent codes, and an
 * unchanged source (same checksum) is skipped outright.
 */
export async function importRegistry(db: Db, source: RegistrySource = readRegistrySource()): Promise<ImportResult> {
  const data = createRequire(import.meta.url)('./data/bodies.json') as BodyData;
  const [previous] = await db.select().from(registryImports).where(eq(registryImports.source, 'units'));
  const checksum = createHash('sha256').update(source.checksum).update(JSON.stringify(data)).digest('hex');
  if (previous?.checksum === checksum) return { skipped: true, units: previous.units, bodies: 0, mappings: 0 };

  const unitRows = buildUnitRows(source, data);
  const bodyRows = buildBodyRows(unitRows, data);
  const delegationRows = buildDelegationRows(unitRows, data);
  const unitCodes = new Set(unitRows.map((u) => u.code));
  const mappingRows = source.mappings
    .filter((m) => m.old_ward_code && unitCodes.has(m.new_ward_code))
    .map((m) => ({
      oldCode: m.old_ward_code, oldName: m.old_ward_name, oldDistrictName: m.old_district_name,
      oldProvinceName: m.old_province_name, newCode: m.new_ward_code, effectiveDate: data.effectiveFrom,
    }));
  const uniqueMappings = [...new Map(mappingRows.map((m) => [`${m.oldCode}>${m.newCode}`, m])).values()];

  await db.transaction(async (t) => {
    await upsertInBatches(t, units, unitRows, units.code, ['code']);
    await upsertInBatches(t, bodies, bodyRows, bodies.id, ['id']);
    await upsertInBatches(t, bodyDelegations, delegationRows, [bodyDelegations.delegateBodyId, bodyDelegations.principalBodyId], ['delegateBodyId', 'principalBodyId']);
    await upsertInBatches(t, unitMappings, uniqueMappings, [unitMappings.oldCode, unitMappings.newCode], ['id', 'oldCode', 'newCode']);
    await t.insert(registryImports).values({ source: 'units', checksum, units: unitRows.length })
      .onConflictDoUpdate({ target: registryImports.source, set: { checksum, units: unitRows.length, importedAt: sql`now()` } });
  });
  return { skipped: false, units: unitRows.length, bodies: bodyRows.length, mappings: uniqueMappings.length };
}
