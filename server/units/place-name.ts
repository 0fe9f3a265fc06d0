import { createRequire } from 'node:module';
import type { UnitNode } from './unit-index.ts';

const { names } = createRequire(import.meta.url)('./data/full-name-places.json') as { names: string[] };
const fullNamePlaces = new Set(names.map((n) => n.normalize('NFC')));

/**
 * The place on a document's date line: a unit's short name ("Hà Tĩnh", "Thạch Hà"), or its full
 * name when it is named after a person, a number or a historical event, as NĐ 30/2020
 * (Phụ lục I, mục 4) requires: "Thành phố Hồ Chí Minh", "Phường Trần Hưng Đạo", "Phường 1 Bảo Lộc".
 */
export function datelinePlace(unit: Pick<UnitNode, 'name' | 'shortName'>): string {
  const short = unit.shortName.normalize('NFC');
  return fullNamePlaces.has(short) || /\d/.test(short) ? unit.name : unit.shortName;
}
