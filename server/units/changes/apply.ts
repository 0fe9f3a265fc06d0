import { createHash } from 'node:crypto';
import { and, eq, inArray, isNull, max, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.ts';
import { InvalidInput } from '../../lib/errors.ts';
import { fold } from '../../lib/text.ts';
import { buildBodyRows, buildDelegationRows, loadBodyData, upsertInBatches } from '../import.ts';
import { bodies, bodyDelegations, unitChangeSets, unitMappings, units, unitVersions } from '../schema.ts';
import type { ChangeSet, Plan } from './format.ts';
import { planChangeSet, type Registry, type RegistryUnit } from './plan.ts';

type UnitRow = typeof units.$inferSelect;

/** The same change set, however its JSON is spaced or ordered, has the same id. */
export function changeSetId(set: ChangeSet): string {
  const canonical = (v: unknown): unknown => Array.isArray(v) ? v.map(canonical)
    : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, canonical(x)])) : v;
  return createHash('sha256').update(JSON.stringify(canonical(set))).digest('hex');
}

export async function loadRegistry(db: DbOrTx): Promise<Registry> {
  const rows = await db.select().from(units);
  const map = new Map<string, RegistryUnit>(rows.map((u) => [u.code, {
    code: u.code, level: u.level, name: u.name, shortName: u.shortName, type: u.type, parentCode: u.parentCode,
    effectiveFrom: u.effectiveFrom, effectiveTo: u.effectiveTo, successorCode: u.successorCode,
  }]));
  const old = await db.selectDistinctOn([unitMappings.oldCode], { code: unitMappings.oldCode, name: unitMappings.oldName }).from(unitMappings);
  const oldCodes = new Map(old.filter((o) => !map.has(o.code)).map((o) => [o.code, o.name ?? o.code]));
  return { centralCode: rows.find((u) => u.level === 'central')?.code ?? 'TW', units: map, oldCodes };
}

async function planFor(db: DbOrTx, set: ChangeSet): Promise<Plan> {
  const id = changeSetId(set);
  const [applied] = await db.select().from(unitChangeSets).where(eq(unitChangeSets.id, id));
  const base = { id, name: set.name, effectiveFrom: set.effectiveFrom };
  if (applied) return { ...base, appliedAt: applied.appliedAt.toISOString(), ops: [], summary: { added: 0, changed: 0, ceased: 0, unchanged: 0 }, errors: [] };
  return { ...base, appliedAt: null, ...planChangeSet(await loadRegistry(db), set) };
}

/** What the change set would do; changes nothing. */
export function previewChangeSet(db: Db, set: ChangeSet): Promise<Plan> {
  return planFor(db, set);
}

/**
 * Applies a change set in one transaction: new units with their bodies, earlier states kept in
 * unit_versions, ceased units closed with their successor (their bodies stay: records point to
 * them). A change set applied before changes nothing; one with errors changes nothing and throws.
 */
export async function applyChangeSet(db: Db, set: ChangeSet): Promise<Plan> {
  return db.transaction(async (t) => {
    // One reorganisation at a time: two operators applying at once would plan on the same registry.
    await t.execute(sql`select pg_advisory_xact_lock(4242011)`);
    const plan = await planFor(t, set);
    if (plan.appliedAt) return plan;
    if (plan.errors.length > 0) throw new InvalidInput(`Không áp dụng được thay đổi "${set.name}": / The change set cannot be applied:\n${plan.errors.join('\n')}`, { errors: plan.errors });
    const date = set.effectiveFrom;
    const touched = new Set<string>();
    for (const op of plan.ops) {
      if (op.op === 'add') {
        await t.insert(units).values({ code: op.code, level: op.level, ...op.after, search: fold(op.after.name), effectiveFrom: date });
        touched.add(op.code);
      } else if (op.op === 'change') {
        const [last] = await t.select({ to: max(unitVersions.validTo) }).from(unitVersions).where(eq(unitVersions.code, op.code));
        const [unit] = await t.select({ from: units.effectiveFrom }).from(units).where(eq(units.code, op.code));
        const from = last?.to ?? unit!.from;
        if (from < date) await t.insert(unitVersions).values({ code: op.code, ...op.before, validFrom: from, validTo: date, changeSetId: plan.id });
        await t.update(units).set({ ...op.after, search: fold(op.after.name) }).where(eq(units.code, op.code));
        touched.add(op.code);
      } else {
        await t.update(units).set({ effectiveTo: date, successorCode: op.successorCode }).where(eq(units.code, op.code));
      }
    }
    await refreshBodies(t, touched);
    await t.insert(unitChangeSets).values({ id: plan.id, name: set.name, effectiveFrom: date, summary: plan.summary });
    return plan;
  });
}

/** Bodies follow their unit's name and type ("Tỉnh ủy" becomes "Thành ủy"); a province's name also reads in its communes' bodies. */
async function refreshBodies(t: DbOrTx, touched: Set<string>): Promise<void> {
  if (touched.size === 0) return;
  const codes = [...touched];
  const changedProvinces = (await t.select({ code: units.code }).from(units).where(and(inArray(units.code, codes), eq(units.level, 'province')))).map((u) => u.code);
  const children = changedProvinces.length === 0 ? [] : await t.select().from(units).where(and(inArray(units.parentCode, changedProvinces), isNull(units.effectiveTo)));
  const own = await t.select().from(units).where(inArray(units.code, codes));
  const rows = new Map<string, UnitRow>([...own, ...children].map((u) => [u.code, u]));
  const parentCodes = [...new Set([...rows.values()].map((u) => u.parentCode).filter((c): c is string => !!c && !rows.has(c)))];
  const parents = parentCodes.length === 0 ? [] : await t.select().from(units).where(inArray(units.code, parentCodes));
  const data = loadBodyData();
  const all = [...rows.values(), ...parents];
  const bodyRows = buildBodyRows(all, data).filter((b) => rows.has(b.unitCode));
  await upsertInBatches(t, bodies, bodyRows, bodies.id, ['id', 'unitCode', 'kind', 'agencyId']);
  const delegations = buildDelegationRows([...rows.values()], data);
  for (let i = 0; i < delegations.length; i += 1000) await t.insert(bodyDelegations).values(delegations.slice(i, i + 1000)).onConflictDoNothing();
}
