import { and, asc, count, eq, getTableColumns, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { InvalidInput, NotFound } from '../lib/errors.ts';
import { fold } from '../lib/text.ts';
import { bodies, unitMappings, units } from './schema.ts';
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

/** A unit by its code; a pre-2025 commune code resolves to the unit it became part of. */
export async function getUnit(db: Db, index: UnitIndex, code: string) {
  let [unit] = await db.select().from(units).where(eq(units.code, code));
  let resolvedFrom: { code: string; name: string | null; districtName: string | null } | undefined;
  if (!unit) {
    const [mapping] = await db.select().from(unitMappings).where(eq(unitMappings.oldCode, code)).limit(1);
    if (mapping) {
      [unit] = await db.select().from(units).where(eq(units.code, mapping.newCode));
      resolvedFrom = { code, name: mapping.oldName, districtName: mapping.oldDistrictName };
    }
  }
  if (!unit) throw new NotFound(`Unit ${code}`);
  const unitBodies = await db.select().from(bodies).where(eq(bodies.unitCode, unit.code)).orderBy(asc(bodies.id));
  const { search: _search, alphaCode: _alpha, ...rest } = unit;
  return {
    ...rest,
    childCount: index.children(unit.code).length,
    bodies: unitBodies.map(({ search: _s, ...b }) => b),
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
