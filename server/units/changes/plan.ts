import { communeType, provinceType, withoutPrefix } from '../names.ts';
import type { ChangeSet, PlanOp, UnitState } from './format.ts';

/** A unit as the plan sees the registry. */
export interface RegistryUnit extends UnitState {
  code: string;
  level: 'central' | 'province' | 'commune';
  effectiveFrom: string;
  effectiveTo: string | null;
  successorCode: string | null;
}

export interface Registry {
  centralCode: string;
  units: ReadonlyMap<string, RegistryUnit>;
  /** Pre-2025 codes that are not units now, with what they were: never to be given to a new unit. */
  oldCodes: ReadonlyMap<string, string>;
}

export interface PlanResult {
  ops: PlanOp[];
  summary: { added: number; changed: number; ceased: number; unchanged: number };
  errors: string[];
}

const levelOf = (code: string) => (code.length === 2 ? 'province' : 'commune');

function stateFor(level: 'province' | 'commune', name: string, parentCode: string | null): UnitState {
  return { name, shortName: withoutPrefix(name), type: level === 'province' ? provinceType(name) : communeType(name), parentCode };
}

const same = (a: UnitState, b: UnitState) => a.name === b.name && a.type === b.type && a.parentCode === b.parentCode && a.shortName === b.shortName;

/**
 * What a change set would do to the registry: the operations still to make, how many it asks
 * for that are already so (a change set applied again plans nothing), and every reason it
 * cannot be applied. Pure: the same registry and change set give the same plan.
 */
export function planChangeSet(registry: Registry, set: ChangeSet): PlanResult {
  const errors: string[] = [];
  const ops: PlanOp[] = [];
  let unchanged = 0;
  // The registry as the plan goes: later entries see earlier ones (a merger into an added unit).
  const now = new Map(registry.units);
  const date = set.effectiveFrom;
  if (Number.isNaN(Date.parse(`${date}T00:00:00Z`))) errors.push(`Ngày hiệu lực không hợp lệ: ${date}. / Invalid effective date ${date}.`);

  const live = (code: string, what: string): RegistryUnit | undefined => {
    const unit = now.get(code);
    if (!unit) errors.push(`${what}: không có đơn vị mã ${code}. / ${what}: unknown unit ${code}.`);
    else if (unit.effectiveTo) errors.push(`${what}: ${unit.name} (${code}) đã chấm dứt từ ${unit.effectiveTo}. / ${what}: ${code} ceased on ${unit.effectiveTo}.`);
    else if (unit.effectiveFrom > date) errors.push(`${what}: ${unit.name} (${code}) có hiệu lực từ ${unit.effectiveFrom}, sau ngày ${date} của thay đổi. / ${what}: ${code} starts on ${unit.effectiveFrom}, not before ${date}.`);
    else return unit;
    return undefined;
  };
  const parentFor = (level: 'province' | 'commune', parent: string | undefined, what: string): string | null | undefined => {
    if (level === 'province') return registry.centralCode;
    if (!parent) {
      errors.push(`${what}: xã/phường cần "parent" (mã tỉnh). / ${what}: a commune needs "parent" (its province code).`);
      return undefined;
    }
    const p = now.get(parent);
    if (!p || p.level !== 'province' || p.effectiveTo) {
      errors.push(`${what}: ${parent} không phải một tỉnh/thành phố đang có. / ${what}: ${parent} is not a current province.`);
      return undefined;
    }
    return parent;
  };
  const typed = (level: 'province' | 'commune', name: string, parentCode: string | null, what: string): UnitState | undefined => {
    try {
      return stateFor(level, name, parentCode);
    } catch {
      const want = level === 'province' ? '"Tỉnh …" hoặc "Thành phố …"' : '"Xã …", "Phường …" hoặc "Đặc khu …"';
      errors.push(`${what}: tên "${name}" phải bắt đầu bằng ${want}. / ${what}: "${name}" must start with ${want}.`);
      return undefined;
    }
  };
  const change = (unit: RegistryUnit, after: UnitState) => {
    if (same(unit, after)) return unchanged++;
    const existing = ops.find((o): o is PlanOp & { op: 'change' } => o.op === 'change' && o.code === unit.code);
    if (existing) existing.after = after;
    else ops.push({ op: 'change', code: unit.code, before: pick(unit), after });
    now.set(unit.code, { ...unit, ...after });
  };
  const cease = (unit: RegistryUnit, successor: RegistryUnit | undefined) => {
    ops.push({ op: 'cease', code: unit.code, name: unit.name, successorCode: successor?.code ?? null, successorName: successor?.name ?? null });
    now.set(unit.code, { ...unit, effectiveTo: date, successorCode: successor?.code ?? null });
    // A province that ceases hands its communes to its successor.
    if (unit.level === 'province' && successor) {
      for (const child of now.values()) if (child.parentCode === unit.code && !child.effectiveTo) change(child, { ...pick(child), parentCode: successor.code });
    }
  };
  const alreadyCeased = (code: string, successor: string | undefined) => {
    const unit = now.get(code);
    return unit?.effectiveTo !== null && unit?.effectiveTo !== undefined && (successor === undefined || unit.successorCode === successor);
  };

  for (const [i, a] of (set.added ?? []).entries()) {
    const what = `added[${i}] ${a.code}`;
    const level = levelOf(a.code);
    const existing = now.get(a.code);
    const parentCode = parentFor(level, a.parent, what);
    if (parentCode === undefined) continue;
    const after = typed(level, a.name, parentCode, what);
    if (!after) continue;
    if (existing?.effectiveTo) {
      errors.push(`${what}: mã ${a.code} đã dùng cho ${existing.name}, chấm dứt từ ${existing.effectiveTo}; mã không bao giờ dùng lại. / Code ${a.code} belonged to ${existing.name} (ceased ${existing.effectiveTo}); codes are never reused.`);
    } else if (existing) {
      if (same(existing, after)) unchanged++;
      else errors.push(`${what}: mã ${a.code} đang là ${existing.name}. / Code ${a.code} is in use by ${existing.name}.`);
    } else if (registry.oldCodes.has(a.code)) {
      errors.push(`${what}: mã ${a.code} là mã cũ của ${registry.oldCodes.get(a.code)}; mã không bao giờ dùng lại. / Code ${a.code} was ${registry.oldCodes.get(a.code)}'s before 2025; codes are never reused.`);
    } else {
      ops.push({ op: 'add', code: a.code, level, after });
      now.set(a.code, { code: a.code, level, ...after, effectiveFrom: date, effectiveTo: null, successorCode: null });
    }
  }

  for (const [i, r] of (set.renamed ?? []).entries()) {
    const what = `renamed[${i}] ${r.code}`;
    const unit = live(r.code, what);
    if (!unit || unit.level === 'central') continue;
    const parentCode = r.parent === undefined ? unit.parentCode : parentFor(unit.level, r.parent, what);
    if (parentCode === undefined) continue;
    const after = typed(unit.level, r.name ?? unit.name, parentCode, what);
    if (after) change(unit, after);
  }

  for (const [i, m] of (set.merged ?? []).entries()) {
    const what = `merged[${i}] → ${m.into}`;
    if (m.from.every((code) => code === m.into || alreadyCeased(code, m.into))) {
      unchanged += m.from.length;
      const into = now.get(m.into);
      if (m.name && into && !into.effectiveTo) {
        const after = typed(into.level as 'province' | 'commune', m.name, into.parentCode, what);
        if (after) change(into, after);
      }
      continue;
    }
    const into = live(m.into, what);
    if (!into) continue;
    if (m.name) {
      const after = typed(into.level as 'province' | 'commune', m.name, into.parentCode, what);
      if (after) change(into, after);
    }
    for (const code of m.from) {
      if (code === m.into) continue;
      if (alreadyCeased(code, m.into)) {
        unchanged++;
        continue;
      }
      const unit = live(code, `${what}: ${code}`);
      if (!unit) continue;
      if (unit.level !== into.level) {
        errors.push(`${what}: ${unit.name} (${code}) và ${into.name} không cùng cấp. / ${code} and ${m.into} are not of the same level.`);
        continue;
      }
      cease(unit, now.get(m.into));
    }
  }

  for (const [i, c] of (set.ceased ?? []).entries()) {
    const what = `ceased[${i}] ${c.code}`;
    if (alreadyCeased(c.code, c.successor)) {
      unchanged++;
      continue;
    }
    const unit = live(c.code, what);
    if (!unit) continue;
    const successor = c.successor ? live(c.successor, `${what}: successor`) : undefined;
    if (c.successor && !successor) continue;
    if (successor && successor.level !== unit.level) {
      errors.push(`${what}: đơn vị kế thừa ${successor.name} không cùng cấp. / The successor ${c.successor} is not of the same level.`);
      continue;
    }
    cease(unit, successor);
  }

  const count = (op: PlanOp['op']) => ops.filter((o) => o.op === op).length;
  return { ops, summary: { added: count('add'), changed: count('change'), ceased: count('cease'), unchanged }, errors };
}

function pick(u: UnitState): UnitState {
  return { name: u.name, shortName: u.shortName, type: u.type, parentCode: u.parentCode };
}
