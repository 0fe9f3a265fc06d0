import { Forbidden, Unauthenticated } from '../lib/errors.ts';
import type { UnitIndex } from '../units/unit-index.ts';
import type { Role } from './roles.ts';
import type { SessionUser } from './session-user.ts';

/**
 * The one authorization function: may user U do action A on resource R?
 * Every route calls `authorize` (or `can`) — no route decides access on its own.
 *
 * Scope: a user acts within their unit's subtree (a province office over its communes,
 * a central body over everything). Invitations widen what a user may see: an invited
 * body's people may read and join that meeting even when it was convened above them.
 */
export type Action =
  | 'unit:read'
  | 'users:read'
  | 'users:manage'
  | 'meeting:create'
  | 'meeting:read'
  | 'meeting:manage'
  | 'meeting:join'
  | 'meeting:chair'
  /** Enters the live room without waiting in the lobby: the convening body's staff, the named chair and secretary. */
  | 'meeting:host'
  | 'meeting:rsvp'
  | 'minutes:write'
  | 'report:read'
  | 'calendar:subscribe'
  | 'notification:read';

export type Resource =
  | { kind: 'unit'; unitCode: string }
  | {
      kind: 'meeting';
      /** Unit of the convening body. */
      unitCode: string;
      convenerBodyId: string;
      /** Bodies invited (resolved at invitation time); empty for a draft. */
      invitedBodyIds?: readonly string[];
      chairUserId?: string | null;
      secretaryUserId?: string | null;
    }
  /** A notification addressed to one user or to one body (its shared inbox). */
  | { kind: 'inbox'; userId: string | null; bodyId: string | null };

const rolesFor: Record<Action, readonly Role[]> = {
  'unit:read': ['admin', 'convener', 'secretary', 'participant', 'observer'],
  // Conveners and secretaries see their unit's accounts (to name a secretary); only admins change them.
  'users:read': ['admin', 'convener', 'secretary'],
  'users:manage': ['admin'],
  'meeting:create': ['admin', 'convener'],
  'meeting:read': ['admin', 'convener', 'secretary', 'participant', 'observer'],
  'meeting:manage': ['admin', 'convener'],
  'meeting:join': ['admin', 'convener', 'secretary', 'participant'],
  'meeting:chair': ['admin', 'convener'],
  'meeting:host': ['admin', 'convener', 'secretary', 'participant'],
  'meeting:rsvp': ['admin', 'convener', 'participant'],
  'minutes:write': ['admin', 'convener', 'secretary'],
  'report:read': ['admin', 'convener', 'secretary', 'observer'],
  'calendar:subscribe': ['admin', 'convener', 'secretary', 'participant', 'observer'],
  'notification:read': ['admin', 'convener', 'secretary', 'participant', 'observer'],
};

/** Actions an invited body's people may take on a meeting outside their own scope. */
const invitedMay: ReadonlySet<Action> = new Set(['meeting:read', 'meeting:join', 'meeting:rsvp']);

export function can(units: UnitIndex, user: SessionUser, action: Action, resource: Resource): boolean {
  if (!rolesFor[action].includes(user.role)) return false;
  if (resource.kind === 'inbox') return resource.userId === user.id || resource.bodyId === user.body.id;
  const inScope = units.isWithin(resource.unitCode, user.unit.code);
  if (resource.kind === 'unit') return inScope;

  const ownStaff = resource.convenerBodyId === user.body.id || resource.unitCode === user.unit.code;
  const named = resource.chairUserId === user.id || resource.secretaryUserId === user.id;
  const invited = resource.invitedBodyIds?.includes(user.body.id) ?? false;
  switch (action) {
    case 'meeting:rsvp':
      return invited;
    case 'meeting:chair':
      return resource.chairUserId === user.id || (ownStaff && user.role !== 'observer');
    case 'minutes:write':
      return named || ownStaff;
    // The live room admits invited bodies and the convener's staff only, not everyone in scope.
    case 'meeting:join':
      return invited || ownStaff || named;
    case 'meeting:host':
      return named || resource.convenerBodyId === user.body.id;
    case 'meeting:manage':
    case 'meeting:create':
      return ownStaff || (user.role === 'admin' && inScope);
    default:
      return inScope || ownStaff || named || (invited && invitedMay.has(action));
  }
}

/**
 * Who a meeting convened in `convenerUnit` may invite. A central body may invite anyone.
 * Below that, a convener may invite any body of its own province (the province's bodies and
 * all its communes — a commune may call its neighbours too), and any province-level or
 * central body (sideways and upward invitations are ordinary), but not the communes of
 * another province: those are reached through their own province.
 */
export function mayInvite(units: UnitIndex, convenerUnit: string, inviteeUnit: string): boolean {
  const invitee = units.get(inviteeUnit);
  if (!invitee) return false;
  if (units.get(convenerUnit)?.level === 'central' || invitee.level !== 'commune') return true;
  const province = units.provinceOf(convenerUnit);
  return province !== undefined && units.provinceOf(inviteeUnit) === province;
}

/**
 * The meetings a user may read, as a list query needs it (mirrors `can(…, 'meeting:read', …)`):
 * meetings convened within the user's unit subtree (`unitCodes`, or every unit when
 * `everywhere`), by the user's body, naming the user as chair or secretary, or inviting
 * the user's body. Lists still pass each row through `can`.
 */
export function meetingReadScope(units: UnitIndex, user: SessionUser): { everywhere: boolean; unitCodes: string[]; bodyId: string; userId: string } {
  const unitCodes = [user.unit.code, ...units.descendants(user.unit.code)];
  return { everywhere: user.unit.level === 'central', unitCodes, bodyId: user.body.id, userId: user.id };
}

export function authorize(units: UnitIndex, user: SessionUser | null, action: Action, resource: Resource): SessionUser {
  if (!user) throw new Unauthenticated();
  if (!can(units, user, action, resource)) throw new Forbidden();
  return user;
}

export function requireUser(user: SessionUser | null): SessionUser {
  if (!user) throw new Unauthenticated();
  return user;
}
