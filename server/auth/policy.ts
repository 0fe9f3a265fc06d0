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
  /** Reads every message of the room's text channel (questions to the chủ trì included), in the room and in the records. */
  | 'meeting:messages'
  | 'report:read'
  | 'calendar:subscribe'
  | 'notification:read'
  /** The access log of minutes and signatures (who read, changed, signed what). */
  | 'audit:read'
  /** A body's record: the meetings it was invited to, its answers and attendance, the documents, its tasks (`recordScope`). */
  | 'records:read'
  /** The assigned body's steps on its task (received, in progress, done, asking for an extension). */
  | 'task:work'
  /** What a change set (a reorganisation of units) would do: admins of the centre and of provinces. */
  | 'registry:preview'
  /** Applying a change set: admins of the centre (the resource is the central unit). */
  | 'registry:apply';

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
  | { kind: 'inbox'; userId: string | null; bodyId: string | null }
  /** A body and its records (record page, its tasks). */
  | { kind: 'body'; bodyId: string; unitCode: string };

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
  'meeting:messages': ['admin', 'convener', 'secretary'],
  'report:read': ['admin', 'convener', 'secretary', 'observer'],
  'calendar:subscribe': ['admin', 'convener', 'secretary', 'participant', 'observer'],
  'notification:read': ['admin', 'convener', 'secretary', 'participant', 'observer'],
  'audit:read': ['admin'],
  'records:read': ['admin', 'convener', 'secretary', 'participant', 'observer'],
  'task:work': ['admin', 'convener', 'secretary', 'participant'],
  'registry:preview': ['admin'],
  'registry:apply': ['admin'],
};

/**
 * How a user stands to a meeting. A user acts for their own body, and for another body only
 * through a delegation kept as data (body_delegations: VP UBND acts for UBND). Other bodies of
 * the same unit are siblings with no say over each other's meetings.
 */
export type Relation =
  /** The user's body convenes the meeting, itself or as a delegate of the convening body. */
  | 'convening'
  /** Named chủ trì of the meeting. */
  | 'chair'
  /** Named secretary of the meeting. */
  | 'secretary'
  /** The user's body is on the frozen invitee list. */
  | 'invited'
  /** The user's unit is above the meeting's unit (a province over its communes, the centre over all). */
  | 'above'
  /** The user's unit is the meeting's unit, the body another one (a Sở beside VP UBND). */
  | 'sibling';

type MeetingAction = Exclude<Action, 'unit:read' | 'users:read' | 'users:manage' | 'calendar:subscribe' | 'notification:read' | 'audit:read' | 'records:read' | 'task:work' | 'registry:preview' | 'registry:apply'>;
const Y = true;
const N = false;

/**
 * THE rule for meetings (the README's "Who may do what" shows the same table): an action is
 * allowed when the user's role may take it (`rolesFor`) and one of the user's relations to
 * the meeting allows it here. `meeting:create` is checked against the meeting to be created.
 */
export const meetingRules: Record<MeetingAction, Record<Relation, boolean>> = {
  //                  convening  chair  secretary  invited  above  sibling
  'meeting:create': { convening: Y, chair: N, secretary: N, invited: N, above: N, sibling: N },
  'meeting:read':   { convening: Y, chair: Y, secretary: Y, invited: Y, above: Y, sibling: Y },
  'meeting:manage': { convening: Y, chair: N, secretary: N, invited: N, above: N, sibling: N },
  'meeting:chair':  { convening: Y, chair: Y, secretary: N, invited: N, above: N, sibling: N },
  'meeting:host':   { convening: Y, chair: Y, secretary: Y, invited: N, above: N, sibling: N },
  'meeting:join':   { convening: Y, chair: Y, secretary: Y, invited: Y, above: N, sibling: N },
  'meeting:rsvp':   { convening: N, chair: N, secretary: N, invited: Y, above: N, sibling: N },
  'minutes:write':  { convening: Y, chair: Y, secretary: Y, invited: N, above: N, sibling: N },
  'meeting:messages': { convening: Y, chair: Y, secretary: Y, invited: N, above: N, sibling: N },
  'report:read':    { convening: Y, chair: Y, secretary: Y, invited: N, above: Y, sibling: N },
};

/** Whether the user's body convenes `bodyId`'s meetings: it is that body, or its delegate. */
export function actsFor(user: SessionUser, bodyId: string): boolean {
  return user.body.id === bodyId || user.actsFor.some((d) => d.principalBodyId === bodyId);
}

export function relationsTo(units: UnitIndex, user: SessionUser, meeting: Resource & { kind: 'meeting' }): Relation[] {
  const relations: Relation[] = [];
  if (actsFor(user, meeting.convenerBodyId)) relations.push('convening');
  if (meeting.chairUserId === user.id) relations.push('chair');
  if (meeting.secretaryUserId === user.id) relations.push('secretary');
  if (meeting.invitedBodyIds?.includes(user.body.id)) relations.push('invited');
  if (meeting.unitCode === user.unit.code) relations.push('sibling');
  else if (units.isWithin(meeting.unitCode, user.unit.code)) relations.push('above');
  return relations;
}

/** Whether the user's role may ever take the action, whatever the resource: checked before loading anything. */
export function roleMay(user: SessionUser, action: Action): boolean {
  return rolesFor[action].includes(user.role);
}

export function can(units: UnitIndex, user: SessionUser, action: Action, resource: Resource): boolean {
  if (!rolesFor[action].includes(user.role)) return false;
  if (resource.kind === 'inbox') return resource.userId === user.id || resource.bodyId === user.body.id;
  if (resource.kind === 'unit') {
    if (action === 'registry:preview' && user.unit.level === 'commune') return false;
    return units.isWithin(resource.unitCode, user.unit.code);
  }
  if (resource.kind === 'body') {
    if (action === 'task:work') return actsFor(user, resource.bodyId);
    return action === 'records:read' && recordScope(units, user, resource) !== null;
  }
  const rules = meetingRules[action as MeetingAction] as Record<Relation, boolean> | undefined;
  if (!rules) return false;
  return relationsTo(units, user, resource).some((r) => rules[r]);
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
  const everywhere = user.unit.level === 'central';
  // Central reads everywhere: its list of every unit (3,356 codes) would go unused.
  const unitCodes = everywhere ? [] : [user.unit.code, ...units.descendants(user.unit.code)];
  return { everywhere, unitCodes, bodyId: user.body.id, userId: user.id };
}

export function authorize(units: UnitIndex, user: SessionUser | null, action: Action, resource: Resource): SessionUser {
  if (!user) throw new Unauthenticated();
  if (!can(units, user, action, resource)) throw new Forbidden();
  return user;
}

/**
 * Which rows of a meeting's reports (attendance, invitee answers, speaker log) the user sees:
 * `null` for every site (`report:read`), otherwise only their own body's rows — an invited
 * commune reads its own attendance and reasons, not every other site's.
 */
export function reportSiteFilter(units: UnitIndex, user: SessionUser | null, meeting: Resource & { kind: 'meeting' }): string | null {
  const viewer = authorize(units, user, 'meeting:read', meeting);
  return can(units, viewer, 'report:read', meeting) ? null : viewer.body.id;
}

/**
 * How much of a body's record the user reads: 'all' for the body's own people and for staff of
 * the units above it (a province over its communes, the centre over the provinces and below);
 * 'convened' for staff of another body, who read the rows of the meetings their body convened
 * (what it invited the body to); null for anyone else. Report roles only, except for one's own body.
 */
export function recordScope(units: UnitIndex, user: SessionUser, body: { bodyId: string; unitCode: string }): 'all' | 'convened' | null {
  if (actsFor(user, body.bodyId)) return 'all';
  if (!rolesFor['report:read'].includes(user.role)) return null;
  if (body.unitCode !== user.unit.code && units.isWithin(body.unitCode, user.unit.code)) return 'all';
  return 'convened';
}

export function requireUser(user: SessionUser | null): SessionUser {
  if (!user) throw new Unauthenticated();
  return user;
}
