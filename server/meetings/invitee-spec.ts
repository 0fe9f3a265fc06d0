import { mayInvite } from '../auth/policy.ts';
import { Forbidden, InvalidInput } from '../lib/errors.ts';
import type { UnitIndex } from '../units/unit-index.ts';
import type { InviteeSpec } from './schemas.ts';

/** The central unit's code in the registry (server/units/data/bodies.json). */
export const CENTRAL = 'TW';

const ubndOf = (unitCode: string) => `${unitCode}:ubnd`;
export const unitOfBodyId = (bodyId: string) => bodyId.slice(0, bodyId.indexOf(':'));

/**
 * The body ids a spec names, computed from the in-memory unit tree (no query), so the
 * live preview stays fast. Unknown or wrong-level codes are refused with their list.
 */
export function expandSpec(index: UnitIndex, spec: InviteeSpec): Set<string> {
  const ids = new Set<string>();
  const unknown: string[] = [];
  const unitsAt = (codes: readonly string[] | undefined, level: 'province' | 'commune') =>
    (codes ?? []).filter((code) => (index.get(code)?.level === level ? true : (unknown.push(code), false)));

  if (spec.allProvinces) for (const code of index.children(CENTRAL)) if (index.get(code)?.level === 'province') ids.add(ubndOf(code));
  for (const code of unitsAt(spec.provinces, 'province')) ids.add(ubndOf(code));
  for (const code of unitsAt(spec.communesOf, 'province')) for (const commune of index.children(code)) ids.add(ubndOf(commune));
  for (const code of unitsAt(spec.communes, 'commune')) ids.add(ubndOf(code));
  for (const id of spec.bodies ?? []) {
    if (index.get(unitOfBodyId(id))) ids.add(id);
    else unknown.push(id);
  }
  if (unknown.length > 0) {
    const list = unknown.slice(0, 10).join(', ');
    throw new InvalidInput(`Không tìm thấy đơn vị/cơ quan: ${list}. / Unknown units or bodies: ${list}.`, { unknown });
  }
  return ids;
}

/** Units among the ids that a meeting convened in `convenerUnit` may not invite (policy.mayInvite). */
export function outOfScope(index: UnitIndex, convenerUnit: string, bodyIds: Iterable<string>): string[] {
  const refused = new Set<string>();
  for (const id of bodyIds) {
    const unit = unitOfBodyId(id);
    if (!mayInvite(index, convenerUnit, unit)) refused.add(unit);
  }
  return [...refused].sort();
}

/** Refuses (403) body ids a meeting convened in `convenerUnit` may not invite. */
export function refuseOutOfScope(index: UnitIndex, convenerUnit: string, bodyIds: Iterable<string>): void {
  const refused = outOfScope(index, convenerUnit, bodyIds);
  if (refused.length) {
    const list = refused.slice(0, 10).join(', ');
    throw new Forbidden(`Cơ quan triệu tập không được mời các đơn vị ngoài phạm vi: ${list}. / The convening body may not invite these units: ${list}.`);
  }
}

/** Refuses unknown codes (400) and invitees the convener may not invite (403) while the meeting is drafted. */
export function checkInviteeSpec(units: UnitIndex, spec: InviteeSpec, convenerUnit: string): void {
  refuseOutOfScope(units, convenerUnit, expandSpec(units, spec));
}
