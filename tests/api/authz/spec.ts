import type { Role } from '../../../server/auth/roles.ts';

/**
 * The intended policy, written here as data for the authorization matrix (issue 8) — not read
 * from the server. `policy` is the README's "Who may do what" table (a test checks that the
 * README and the server's `meetingRules` say the same); the rest says who the matrix's accounts
 * are and where they stand.
 */

export const roles = ['admin', 'convener', 'secretary', 'participant', 'observer'] as const satisfies readonly Role[];
const ALL = roles;

/** Where an account's body stands to the meetings under test (all convened by 42:vp_ubnd, VP UBND tỉnh Hà Tĩnh). */
export const scopes = ['own', 'sibling', 'invited', 'uninvited', 'otherProvince', 'above'] as const;
export type Scope = (typeof scopes)[number];

/** The scopes, each with every role, and two named people: the meetings' chủ trì and secretary. */
export type Subject = Scope | 'namedChair' | 'namedSecretary';

export const subjects: Record<Subject, { what: string; roles: readonly Role[] }> = {
  own: { what: 'VP UBND tỉnh Hà Tĩnh (42:vp_ubnd), the convening body', roles: ALL },
  sibling: { what: 'Sở Y tế Hà Tĩnh (42:so_yt): another body of the same unit', roles: ALL },
  invited: { what: 'UBND xã Thạch Hà: invited to the issued meeting (named in the draft’s choice, not yet invited)', roles: ALL },
  uninvited: { what: 'UBND xã Can Lộc: a commune of the same province, not invited', roles: ALL },
  otherProvince: { what: 'VP UBND thành phố Hà Nội (01:vp_ubnd)', roles: ALL },
  above: { what: 'Văn phòng Chính phủ (TW:vpcp): the unit above the province', roles: ALL },
  namedChair: { what: 'a Phó Chủ tịch of UBND tỉnh (42:ubnd, a sibling body), named chủ trì', roles: ['convener'] },
  namedSecretary: { what: 'a Sở Nội vụ officer (42:so_noi_vu, a sibling body), named secretary', roles: ['secretary'] },
};

export type Relation = 'convening' | 'chair' | 'secretary' | 'invited' | 'above' | 'sibling';
export type MeetingState = 'draft' | 'issued';

/** How each subject stands to a meeting: a draft has chosen its invitees but invited nobody yet. */
export const relations: Record<Subject, Record<MeetingState, readonly Relation[]>> = {
  own: { draft: ['convening'], issued: ['convening'] },
  sibling: { draft: ['sibling'], issued: ['sibling'] },
  invited: { draft: [], issued: ['invited'] },
  uninvited: { draft: [], issued: [] },
  otherProvince: { draft: [], issued: [] },
  above: { draft: ['above'], issued: ['above'] },
  namedChair: { draft: ['chair', 'sibling'], issued: ['chair', 'sibling'] },
  namedSecretary: { draft: ['secretary', 'sibling'], issued: ['secretary', 'sibling'] },
};

export type MeetingAction =
  | 'meeting:create' | 'meeting:read' | 'meeting:manage' | 'meeting:chair' | 'meeting:host' | 'meeting:join'
  | 'meeting:rsvp' | 'minutes:write' | 'meeting:messages' | 'report:read';

/** README "Who may do what": allowed when the role may take the action and one of the relations allows it. */
export const policy: Record<MeetingAction, { roles: readonly Role[]; relations: readonly Relation[] }> = {
  'meeting:create': { roles: ['admin', 'convener'], relations: ['convening'] },
  'meeting:read': { roles: ALL, relations: ['convening', 'chair', 'secretary', 'invited', 'above', 'sibling'] },
  'meeting:manage': { roles: ['admin', 'convener'], relations: ['convening'] },
  'meeting:chair': { roles: ['admin', 'convener'], relations: ['convening', 'chair'] },
  'meeting:host': { roles: ['admin', 'convener', 'secretary', 'participant'], relations: ['convening', 'chair', 'secretary'] },
  'meeting:join': { roles: ['admin', 'convener', 'secretary', 'participant'], relations: ['convening', 'chair', 'secretary', 'invited'] },
  'meeting:rsvp': { roles: ['admin', 'convener', 'participant'], relations: ['invited'] },
  'minutes:write': { roles: ['admin', 'convener', 'secretary'], relations: ['convening', 'chair', 'secretary'] },
  'meeting:messages': { roles: ['admin', 'convener', 'secretary'], relations: ['convening', 'chair', 'secretary'] },
  'report:read': { roles: ['admin', 'convener', 'secretary', 'observer'], relations: ['convening', 'chair', 'secretary', 'above'] },
};

/** Who reads reports (README: `report:read`). */
export const reportRoles: readonly Role[] = ['admin', 'convener', 'secretary', 'observer'];

/** Who may look at the server's internals (API docs, detailed health). */
export const staffRoles: readonly Role[] = ['admin', 'convener', 'secretary'];

/** Subjects whose unit is Hà Tĩnh (42) or above it: a unit-scoped action on 42 is theirs. */
export const provinceOrAbove: readonly Subject[] = ['own', 'sibling', 'namedChair', 'namedSecretary', 'above'];

export type Rule =
  /** Anyone, signed in or not. */
  | { kind: 'public' }
  /** The URL's secret is the credential (calendar feed): the same answer with or without a session. */
  | { kind: 'token' }
  /** Any signed-in account. */
  | { kind: 'signedIn' }
  /** Signed-in staff (`staffRoles`) of any body. */
  | { kind: 'staff' }
  /**
   * These roles in these subjects, named one by one: unit-scoped actions (the account's unit is
   * the target's or above it) and acting for a body other than the meetings' convener.
   */
  | { kind: 'scoped'; roles: readonly Role[]; subjects: readonly Subject[] }
  /** An action on the meeting (`policy`). */
  | { kind: 'meeting'; action: MeetingAction }
  /** A report of the meeting: `meeting:read` to see it, `report:read` to see every site, else only the reader's own body's rows. */
  | { kind: 'report' }
  /**
   * The live room's text channel in the records: every message for `meeting:messages`, the notes
   * to all and its own questions for a body that may join (which rows: tests/live/agenda-messages).
   */
  | { kind: 'messages' }
  /** Something addressed to these subjects' bodies (a notification): anyone else is told it does not exist (404). */
  | { kind: 'inbox'; subjects: readonly Subject[] }
  /** Allowed when one of the rules allows it (a body's own people, or report readers above it); denied as the first says otherwise. */
  | { kind: 'anyOf'; rules: readonly Rule[] };

export type Outcome = 'allowed' | 'all rows' | 'own rows' | 401 | 403 | 404;

export interface Who {
  subject: Subject | 'anonymous';
  role: Role | null;
}

export function may(action: MeetingAction, who: Who, state: MeetingState): boolean {
  if (who.subject === 'anonymous' || !who.role) return false;
  const rule = policy[action];
  return rule.roles.includes(who.role) && relations[who.subject][state].some((r) => rule.relations.includes(r));
}

/** What `who` must get from a request under `rule` about a meeting in `state`. */
export function expected(rule: Rule, who: Who, state: MeetingState = 'issued'): Outcome {
  if (rule.kind === 'public' || rule.kind === 'token') return 'allowed';
  if (who.subject === 'anonymous' || !who.role) return 401;
  switch (rule.kind) {
    case 'signedIn':
      return 'allowed';
    case 'staff':
      return staffRoles.includes(who.role) ? 'allowed' : 403;
    case 'scoped':
      return rule.roles.includes(who.role) && rule.subjects.includes(who.subject) ? 'allowed' : 403;
    case 'meeting':
      return may(rule.action, who, state) ? 'allowed' : 403;
    case 'report':
      if (!may('meeting:read', who, state)) return 403;
      return may('report:read', who, state) ? 'all rows' : 'own rows';
    case 'messages':
      return may('meeting:messages', who, state) || may('meeting:join', who, state) ? 'allowed' : 403;
    case 'inbox':
      return rule.subjects.includes(who.subject) ? 'allowed' : 404;
    case 'anyOf': {
      const outcomes = rule.rules.map((r) => expected(r, who, state));
      return outcomes.find((o) => typeof o === 'string') ?? outcomes[0]!;
    }
  }
}
