import type { Db } from '../db/client.ts';
import { Conflict } from '../lib/errors.ts';
import { units } from './schema.ts';

export interface UnitNode {
  code: string;
  level: 'central' | 'province' | 'commune';
  type: string;
  name: string;
  shortName: string;
  parentCode: string | null;
  /** Set when the unit has ceased (merged, dissolved): its records live on under `successorCode`. */
  effectiveTo?: string | null;
  successorCode?: string | null;
}

/**
 * The unit tree held in memory (a few thousand rows) so that scope checks — "is this
 * commune inside that province?" — cost a map lookup instead of a query.
 *
 * Ceased units stay in the index: they are not anyone's children any more (a dashboard row, an
 * "all communes of the province" invitation list only living units), but their records belong
 * to their successor, so `descendants`, `isWithin` and `provinceOf` follow successors.
 */
export class UnitIndex {
  private byCode = new Map<string, UnitNode>();
  private childrenOf = new Map<string, string[]>();
  private predecessorsOf = new Map<string, string[]>();
  /** The centre's code (bodies.json: "TW"): the root of the tree. */
  centralCode = 'TW';

  static async load(db: Db): Promise<UnitIndex> {
    return new UnitIndex(await UnitIndex.rows(db));
  }

  private static rows(db: Db): Promise<UnitNode[]> {
    return db.select({
      code: units.code, level: units.level, type: units.type, name: units.name, shortName: units.shortName, parentCode: units.parentCode,
      effectiveTo: units.effectiveTo, successorCode: units.successorCode,
    }).from(units);
  }

  constructor(rows: UnitNode[]) {
    this.fill(rows);
  }

  /** Re-reads the registry after a change set, in place: every holder of the index sees the new tree. */
  async reload(db: Db): Promise<void> {
    this.fill(await UnitIndex.rows(db));
  }

  private fill(rows: UnitNode[]): void {
    const byCode = new Map<string, UnitNode>();
    const childrenOf = new Map<string, string[]>();
    const predecessorsOf = new Map<string, string[]>();
    const push = (map: Map<string, string[]>, key: string, code: string) => {
      const list = map.get(key);
      if (list) list.push(code);
      else map.set(key, [code]);
    };
    for (const row of rows) {
      byCode.set(row.code, row);
      if (row.level === 'central') this.centralCode = row.code;
      if (row.effectiveTo) {
        if (row.successorCode) push(predecessorsOf, row.successorCode, row.code);
      } else if (row.parentCode) push(childrenOf, row.parentCode, row.code);
    }
    this.byCode = byCode;
    this.childrenOf = childrenOf;
    this.predecessorsOf = predecessorsOf;
  }

  get size(): number {
    return this.byCode.size;
  }

  get(code: string): UnitNode | undefined {
    return this.byCode.get(code);
  }

  /** The living units directly below `code`. */
  children(code: string): string[] {
    return this.childrenOf.get(code) ?? [];
  }

  /** Units that ceased into `code` directly (a merged commune's predecessors). */
  predecessors(code: string): string[] {
    return this.predecessorsOf.get(code) ?? [];
  }

  /** Every unit that ceased into `code`, directly or through a chain (merged into one that merged into it). */
  formerUnits(code: string): string[] {
    const out = [...this.predecessors(code)];
    for (let i = 0; i < out.length; i++) out.push(...this.predecessors(out[i]!));
    return out;
  }

  /** The living unit a code stands for now: itself, or the end of its successor chain. */
  current(code: string): UnitNode | undefined {
    let node = this.byCode.get(code);
    for (let hops = 0; node?.effectiveTo && node.successorCode && hops < 50; hops++) node = this.byCode.get(node.successorCode);
    return node;
  }

  /**
   * Every unit below `code`, at any depth (a province's communes; for the centre, everything),
   * with the ceased units whose records now belong there (a merged commune under its successor).
   */
  descendants(code: string): string[] {
    const seen = new Set<string>([code]);
    const out: string[] = [];
    const visit = (c: string) => {
      for (const next of [...this.predecessors(c), ...this.children(c)]) {
        if (seen.has(next)) continue;
        seen.add(next);
        out.push(next);
      }
    };
    visit(code);
    for (let i = 0; i < out.length; i++) visit(out[i]!);
    return out;
  }

  /** True when `code` is `ancestor`, or it (or the unit it became part of) lies below it. */
  isWithin(code: string, ancestor: string): boolean {
    if (code === ancestor) return true;
    for (let node = this.current(code); node; node = node.parentCode ? this.byCode.get(node.parentCode) : undefined) {
      if (node.code === ancestor) return true;
    }
    return false;
  }

  /** The province a unit belongs to now (itself for a province), if any. */
  provinceOf(code: string): string | undefined {
    for (let node = this.current(code); node; node = node.parentCode ? this.byCode.get(node.parentCode) : undefined) {
      if (node.level === 'province') return node.code;
    }
    return undefined;
  }
}

/**
 * A ceased unit's bodies keep their records but convene nothing new: its people are moved to a
 * body of the successor by an administrator (docs/operations.md, "When units are reorganised").
 */
export function requireLiveUnit(units: UnitIndex, unitCode: string): void {
  const unit = units.get(unitCode);
  if (!unit?.effectiveTo) return;
  const now = units.current(unitCode);
  throw new Conflict(`${unit.name} đã chấm dứt từ ${unit.effectiveTo}${now && now.code !== unitCode ? ` (nay thuộc ${now.name})` : ''}: không triệu tập cuộc họp mới. / ${unit.name} ceased on ${unit.effectiveTo}: it convenes no new meetings.`);
}
