import { and, asc, count, eq, getTableColumns, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { InvalidInput, NotFound } from '../lib/errors.ts';
import { fold } from '../lib/text.ts';
import { bodies, unitMappings, units, unitVersions } from './schema.ts';
import type { BodyQuery, UnitQuery } from './schemas.ts';
import type { UnitIndex } from './unit-index.ts';

const levelRank = sql`case ${units.level} when 'central' then 0 when 'province' then 1 else 2 end`;
const summaryColumns = {
  code: units.code, level: units.level, type: units.type, name: units.name,
  shortName: units.shortName, parentCode: units.parentCode,
};

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function listUnits(db: Db, index: UnitIndex, query: UnitQuery) {
  const filters: SQL[] = [sql`${units.effectiveTo} is null`];
  if (query.level) filters.push(eq(units.level, query.level));
  if (query.parent) filters.push(eq(units.parentCode, query.parent));
  if (query.q) {
    const folded = escapeLike(fold(query.q));
    filters.push(or(ilike(units.search, `%${folded}%`), ilike(units.code, `${escapeLike(query.q.trim())}%`))!);
  }
  const where = and(...filters);
  const [rows, [total]] = await Promise.all([
    db.select(summaryColumns).from(units).where(where).orderBy(levelRank, asc(units.code)).limit(query.limit).offset(query.offset),
    db.select({ n: count() }).from(units).where(where),
  ]);
  return { total: total?.n ?? 0, items: rows.map((u) => ({ ...u, childCount: index.children(u.code).length })) };
}

type ResolvedFrom = { code: string; name: string | null; districtName: string | null; level: 'province' | 'district' | 'commune'; effectiveTo?: string; communes?: string[] };

/** Where a code that is not a living unit's leads: a ceased unit to its successor, a pre-2025 code to what it became. */
async function resolveOldCode(db: Db, index: UnitIndex, code: string): Promise<{ target: string; from: ResolvedFrom } | undefined> {
  const known = index.get(code);
  if (known?.effectiveTo) {
    const now = index.current(code);
    if (!now || now.code === code) return undefined;
    return { target: now.code, from: { code, name: known.name, districtName: null, level: known.level === 'province' ? 'province' : 'commune', effectiveTo: known.effectiveTo } };
  }
  const mappings = await db.select().from(unitMappings).where(eq(unitMappings.oldCode, code));
  const [first] = mappings;
  if (!first) return undefined;
  const from: ResolvedFrom = { code, name: first.oldName, districtName: first.oldDistrictName, level: first.oldLevel };
  if (first.oldLevel !== 'district') return { target: index.current(first.newCode)?.code ?? first.newCode, from };
  // A district's communes went to new communes, all (nearly always) of one province: that province answers.
  const communes = [...new Set(mappings.map((m) => index.current(m.newCode)?.code ?? m.newCode))].sort();
  const votes = new Map<string, number>();
  for (const c of communes) {
    const p = index.provinceOf(c);
    if (p) votes.set(p, (votes.get(p) ?? 0) + 1);
  }
  const [province] = [...votes.entries()].sort((a, b) => b[1] - a[1])[0] ?? [];
  return province ? { target: province, from: { ...from, communes } } : undefined;
}

/**
 * A unit by its code, with the names it had before (versions) and the units that ceased into
 * it. A code that is no longer a unit's answers with the unit it became part of, and says so
 * in `resolvedFrom`: a ceased unit's code, a pre-2025 commune, district or province code.
 */
export async function getUnit(db: Db, index: UnitIndex, code: string) {
  let [unit] = await db.select().from(units).where(eq(units.code, code));
  let resolvedFrom: ResolvedFrom | undefined;
  if (!unit || unit.effectiveTo) {
    const resolved = await resolveOldCode(db, index, code);
    if (resolved) {
      [unit] = await db.select().from(units).where(eq(units.code, resolved.target));
      resolvedFrom = resolved.from;
    }
  }
  if (!unit) throw new NotFound(`Unit ${code}`);
  const [unitBodies, versions] = await Promise.all([
    db.select().from(bodies).where(eq(bodies.unitCode, unit.code)).orderBy(asc(bodies.id)),
    db.select({ name: unitVersions.name, type: unitVersions.type, parentCode: unitVersions.parentCode, validFrom: unitVersions.validFrom, validTo: unitVersions.validTo })
      .from(unitVersions).where(eq(unitVersions.code, unit.code)).orderBy(asc(unitVersions.validFrom)),
  ]);
  const predecessors = index.predecessors(unit.code).map((c) => index.get(c)!).map((p) => ({ code: p.code, name: p.name, effectiveTo: p.effectiveTo ?? '' }));
  const { search: _search, alphaCode: _alpha, ...rest } = unit;
  return {
    ...rest,
    childCount: index.children(unit.code).length,
    bodies: unitBodies.map(({ search: _s, ...b }) => b),
    versions, predecessors,
    ...(resolvedFrom ? { resolvedFrom } : {}),
  };
}

/** A body a request names (a convener, an account's body); an unknown id is the caller's mistake: 400. */
export async function findBody(db: Db, bodyId: string) {
  const [body] = await db.select({ id: bodies.id, unitCode: bodies.unitCode, name: bodies.name, symbol: bodies.symbol }).from(bodies).where(eq(bodies.id, bodyId));
  if (!body) throw new InvalidInput(`Cơ quan "${bodyId}" không tồn tại. / Unknown body "${bodyId}".`);
  return body;
}

export async function listBodies(db: Db, query: BodyQuery) {
  const filters: SQL[] = [];
  if (query.unit) filters.push(eq(bodies.unitCode, query.unit));
  // A ceased unit's bodies keep their records but are no longer chosen (invited, searched for), unless asked for by unit.
  else filters.push(sql`${bodies.unitCode} in (select code from units where effective_to is null)`);
  if (query.kind) filters.push(eq(bodies.kind, query.kind));
  if (query.q) filters.push(ilike(bodies.search, `%${escapeLike(fold(query.q))}%`));
  const where = filters.length > 0 ? and(...filters) : undefined;
  const { search: _search, ...columns } = getTableColumns(bodies);
  const [rows, [total]] = await Promise.all([
    db.select(columns).from(bodies).where(where).orderBy(asc(bodies.unitCode), asc(bodies.id)).limit(query.limit).offset(query.offset),
    db.select({ n: count() }).from(bodies).where(where),
  ]);
  return { total: total?.n ?? 0, items: rows };
}
