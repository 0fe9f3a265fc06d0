import { inArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.ts';
import { InvalidInput } from '../lib/errors.ts';
import { CENTRAL, expandSpec, outOfScope, refuseOutOfScope, unitOfBodyId } from '../meetings/invitee-spec.ts';
import type { InviteeSpec } from '../meetings/schemas.ts';
import { bodies, units } from '../units/schema.ts';
import type { UnitIndex } from '../units/unit-index.ts';
import { meetingInvitees } from './schema.ts';

/** Count and per-province breakdown for the picker, called live as boxes are ticked. */
export async function previewInvitees(db: Db, index: UnitIndex, spec: InviteeSpec, convenerBodyId: string, convenerUnit: string) {
  const ids = expandSpec(index, spec);
  ids.delete(convenerBodyId);
  // Only directly named bodies can be missing from the registry; tier expansions always exist.
  if (spec.bodies?.length) await requireBodies(db, spec.bodies.filter((id) => ids.has(id)));
  const counts = new Map<string, number>();
  for (const id of ids) {
    const province = index.provinceOf(unitOfBodyId(id)) ?? CENTRAL;
    counts.set(province, (counts.get(province) ?? 0) + 1);
  }
  const byProvince = [...counts].sort(([a], [b]) => (a === CENTRAL ? -1 : b === CENTRAL ? 1 : a.localeCompare(b)))
    .map(([code, count]) => ({ code, name: index.get(code)?.name ?? code, count }));
  return { total: ids.size, byProvince, outOfScope: outOfScope(index, convenerUnit, ids) };
}

async function requireBodies(db: Db, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const found = await db.select({ id: bodies.id }).from(bodies).where(inArray(bodies.id, ids));
  const known = new Set(found.map((b) => b.id));
  const missing = ids.filter((id) => !known.has(id));
  if (missing.length > 0) {
    const list = missing.slice(0, 10).join(', ');
    throw new InvalidInput(`Không tìm thấy cơ quan: ${list}. / Unknown bodies: ${list}.`, { unknown: missing });
  }
}

/**
 * Resolves the spec and freezes the invitee list of `meetingId` in one set-based statement:
 * every named body that exists today (ceased units excluded) is copied with its unit and
 * its current name. The ids travel as one JSON parameter, not thousands of bind variables,
 * which keeps a national invitation (3,355 bodies) to a single round trip. Refuses
 * out-of-scope invitees, an empty list, and bodies that do not exist (nothing is kept then:
 * the caller's transaction rolls back). Returns how many bodies were invited.
 */
export async function freezeInvitees(db: DbOrTx, index: UnitIndex, spec: InviteeSpec, meetingId: string, convenerBodyId: string, convenerUnit: string): Promise<string[]> {
  const ids = expandSpec(index, spec);
  ids.delete(convenerBodyId);
  refuseOutOfScope(index, convenerUnit, ids);
  if (ids.size === 0) throw new InvalidInput('Chưa chọn thành phần mời. / No invitees chosen.');
  const wanted = [...ids];
  const inserted: unknown = await db.execute(sql`
    insert into ${meetingInvitees} (meeting_id, body_id, unit_code, body_name)
    select ${meetingId}::uuid, b.id, b.unit_code, b.name
    from ${bodies} b join ${units} u on u.code = b.unit_code
    where u.effective_to is null and b.id in (select json_array_elements_text(${JSON.stringify(wanted)}::json))
    returning body_id`);
  // postgres.js answers with the rows themselves, PGlite with { rows }.
  const rows = (Array.isArray(inserted) ? inserted : (inserted as { rows: unknown[] }).rows) as { body_id: string }[];
  if (rows.length !== wanted.length) {
    const found = new Set(rows.map((r) => r.body_id));
    const missing = wanted.filter((id) => !found.has(id));
    const list = missing.slice(0, 10).join(', ');
    throw new InvalidInput(`Không tìm thấy cơ quan (hoặc đơn vị đã giải thể): ${list}. / Unknown or ceased bodies: ${list}.`, { unknown: missing });
  }
  return rows.map((r) => r.body_id);
}
