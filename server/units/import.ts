import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db, DbOrTx } from '../db/client.ts';
import { fold } from '../lib/text.ts';
import { rowsOf } from '../db/rows.ts';
import { communeType, withoutPrefix } from './names.ts';
import { loadOldUnits, oldUnitMappings } from './old-codes.ts';
import { readRegistrySource, type RegistrySource } from './registry-source.ts';
import { bodies, bodyDelegations, registryImports, unitMappings, units, type BodyDocumentProfile } from './schema.ts';

type UnitRow = typeof units.$inferInsert;
type BodyRow = typeof bodies.$inferInsert;
type DelegationRow = typeof bodyDelegations.$inferInsert;
type MappingRow = typeof unitMappings.$inferInsert;
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
export interface BodyData {
  effectiveFrom: string;
  central: { code: string; name: string; bodies: BodyTemplate[] };
  province: BodyTemplate[];
  commune: BodyTemplate[];
  delegations: { province: DelegationTemplate[]; commune: DelegationTemplate[] };
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

export async function upsertInBatches<T extends PgTable>(db: DbOrTx, table: T, rows: T['$inferInsert'][], target: PgColumn | PgColumn[], keep: string[]) {
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
/** The body templates (data/bodies.json): which bodies every unit of a level has. */
export function loadBodyData(): BodyData {
  return createRequire(import.meta.url)('./data/bodies.json') as BodyData;
}

export async function importRegistry(db: Db, source: RegistrySource = readRegistrySource()): Promise<ImportResult> {
  const data = loadBodyData();
  const old = loadOldUnits();
  const [previous] = await db.select().from(registryImports).where(eq(registryImports.source, 'units'));
  const checksum = createHash('sha256').update(source.checksum).update(JSON.stringify(data)).update(JSON.stringify(old)).digest('hex');
  if (previous?.checksum === checksum) return { skipped: true, units: previous.units, bodies: 0, mappings: 0 };

  const sourceRows = buildUnitRows(source, data);
  const unitCodes = new Set(sourceRows.map((u) => u.code));
  const communeMappings = source.mappings
    .filter((m) => m.old_ward_code && unitCodes.has(m.new_ward_code))
    .map((m): MappingRow => ({
      oldCode: m.old_ward_code, oldLevel: 'commune', oldName: m.old_ward_name, oldDistrictName: m.old_district_name,
      oldProvinceName: m.old_province_name, newCode: m.new_ward_code, effectiveDate: data.effectiveFrom,
    }));
  const mappingRows = [...communeMappings, ...oldUnitMappings(source, old, data.effectiveFrom, unitCodes)];
  const uniqueMappings = [...new Map(mappingRows.map((m) => [`${m.oldCode}>${m.newCode}`, m])).values()];

  let bodyCount = 0;
  await db.transaction(async (t) => {
    // Units a change set reorganised (renamed, ceased) keep what it made of them: the base list
    // is the state of 1 July 2025, not of today.
    const reorganised = new Set(rowsOf<{ code: string }>(await t.execute(sql`select code from units where effective_to is not null union select code from unit_versions`)).map((r) => r.code));
    await upsertInBatches(t, units, sourceRows.filter((u) => !reorganised.has(u.code)), units.code, ['code']);
    // Bodies from the registry as it is now, with the units change sets added.
    const unitRows = await t.select().from(units);
    const bodyRows = buildBodyRows(unitRows, data);
    bodyCount = bodyRows.length;
    await upsertInBatches(t, bodies, bodyRows, bodies.id, ['id']);
    await upsertInBatches(t, bodyDelegations, buildDelegationRows(unitRows.filter((u) => !u.effectiveTo), data), [bodyDelegations.delegateBodyId, bodyDelegations.principalBodyId], ['delegateBodyId', 'principalBodyId']);
    await upsertInBatches(t, unitMappings, uniqueMappings, [unitMappings.oldCode, unitMappings.newCode], ['id', 'oldCode', 'newCode']);
    await t.insert(registryImports).values({ source: 'units', checksum, units: unitRows.length })
      .onConflictDoUpdate({ target: registryImports.source, set: { checksum, units: unitRows.length, importedAt: sql`now()` } });
  });
  return { skipped: false, units: sourceRows.length, bodies: bodyCount, mappings: uniqueMappings.length };
}
