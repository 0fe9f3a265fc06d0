import type { UnitSummary } from '../types.ts';

/**
 * What a unit picker has selected, in the order the user picked it. In single mode a new
 * pick replaces the old one. Every change calls `changed` once, however many units it
 * touched, so "select all 69 communes" is one onChange, not 69.
 */
export class UnitSelection {
  private readonly units = new Map<string, UnitSummary>();

  readonly multiple: boolean;
  private readonly changed: () => void;
  constructor(
    multiple: boolean,
    changed: () => void,
  ) {
    this.multiple = multiple;
    this.changed = changed;
  }

  has(code: string): boolean {
    return this.units.has(code);
  }

  list(): UnitSummary[] {
    return [...this.units.values()];
  }

  get size(): number {
    return this.units.size;
  }

  toggle(unit: UnitSummary, on: boolean): void {
    this.update(() => {
      if (!on) this.units.delete(unit.code);
      else {
        if (!this.multiple) this.units.clear();
        this.units.set(unit.code, unit);
      }
    });
  }

  /** Adds or removes many at once; ignored in single mode, where it would be meaningless. */
  toggleMany(units: UnitSummary[], on: boolean): void {
    if (!this.multiple) return;
    this.update(() => {
      for (const unit of units) {
        if (on) this.units.set(unit.code, unit);
        else this.units.delete(unit.code);
      }
    });
  }

  replace(units: UnitSummary[]): void {
    this.update(() => {
      this.units.clear();
      for (const unit of this.multiple ? units : units.slice(0, 1)) this.units.set(unit.code, unit);
    });
  }

  private update(mutate: () => void): void {
    const before = [...this.units.keys()].join(',');
    mutate();
    if ([...this.units.keys()].join(',') !== before) this.changed();
  }
}
