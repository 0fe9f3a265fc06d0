import type { Db } from '../db/client.ts';
import { units } from './schema.ts';

export interface UnitNode {
  code: string;
  level: 'central' | 'province' | 'commune';
  type: string;
  name: string;
  shortName: string;
  parentCode: string | null;
}

/**
 * The unit tree held in memory (a few thousand rows) so that scope checks — "is this
 * commune inside that province?" — cost a map lookup instead of a query.
 */
export class UnitIndex {
  private readonly byCode = new Map<string, UnitNode>();
  private readonly childrenOf = new Map<string, string[]>();

  static async load(db: Db): Promise<UnitIndex> {
    const rows = await db
      .select({ code: units.code, level: units.level, type: units.type, name: units.name, shortName: units.shortName, parentCode: units.parentCode })
      .from(units);
    return new UnitIndex(rows);
  }

  constructor(rows: UnitNode[]) {
    for (const row of rows) {
      this.byCode.set(row.code, row);
      if (row.parentCode) {
        const list = this.childrenOf.get(row.parentCode) ?? [];
        list.push(row.code);
        this.childrenOf.set(row.parentCode, list);
      }
    }
  }

  get size(): number {
    return this.byCode.size;
  }

  get(code: string): UnitNode | undefined {
    return this.byCode.get(code);
  }

  children(code: string): string[] {
    return this.childrenOf.get(code) ?? [];
  }

  /** Every unit below `code`, at any depth (a province's communes; for the centre, everything). */
  descendants(code: string): string[] {
    const out = [...this.children(code)];
    for (let i = 0; i < out.length; i++) out.push(...this.children(out[i]!));
    return out;
  }

  /** True when `code` is `ancestor` or lies below it. */
  isWithin(code: string, ancestor: string): boolean {
    for (let node = this.byCode.get(code); node; node = node.parentCode ? this.byCode.get(node.parentCode) : undefined) {
      if (node.code === ancestor) return true;
    }
    return false;
  }

  /** The province a unit belongs to (itself for a province), if any. */
  provinceOf(code: string): string | undefined {
    for (let node = this.byCode.get(code); node; node = node.parentCode ? this.byCode.get(node.parentCode) : undefined) {
      if (node.level === 'province') return node.code;
    }
    return undefined;
  }
}
