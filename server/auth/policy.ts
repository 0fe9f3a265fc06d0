import { Forbidden, Unauthenticated } from '../lib/errors.ts';
import type { UnitIndex } from '../units/unit-index.ts';
import type { Role } from './schema.ts';
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
  | 'users:manage'
  | 'meeting:create'
  | 'meeting:read'
  | 'meeting:manage'
  | 'meeting:join'
  | 'meeting:chair'
  | 'meeting:rsvp'
  | 'minutes:write'
  | 'report:read';

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
    };

const rolesFor: Record<Action, readonly Role[]> = {
  'unit:read': ['admin', 'convener', 'secretary', 'participant', 'observer'],
  'users:manage': ['admin'],
  'meeting:create': ['admin', 'convener'],
  'meeting:read': ['admin', 'convener', 'secretary', 'participant', 'observer'],
  'meeting:manage': ['admin', 'convener'],
  'meeting:join': ['admin', 'convener', 'secretary', 'participant'],
  'meeting:chair': ['admin', 'convener'],
  'meeting:rsvp': ['admin', 'convener', 'participant'],
  'minutes:write': ['admin', 'convener', 'secretary'],
  'report:read': ['admin', 'convener', 'secretary', 'observer'],
};

/** Actions an invited body's people may take on a meeting outside their own scope. */
const invitedMay: ReadonlySet<Action> = new Set(['meeting:read', 'meeting:join', 'meeting:rsvp']);

export function can(units: UnitIndex, user: SessionUser, action: Action, resource: Resource): boolean {
  if (!rolesFor[action].includes(user.role)) return false;
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
    case 'meeting:manage':
    case 'meeting:create':
      return ownStaff || (user.role === 'admin' && inScope);
    default:
      return inScope || ownStaff || named || (invited && invitedMay.has(action));
  }
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
