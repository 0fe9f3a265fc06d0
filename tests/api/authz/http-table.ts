import { DateTime } from 'luxon';
import { DEMO_PASSWORD } from '../../helpers/app.ts';
import { workingDaysAhead } from '../../helpers/sessions.ts';
import { may, provinceOrAbove, reportRoles, roles, staffRoles, subjects, type MeetingAction, type MeetingState, type Rule, type Subject } from './spec.ts';
import type { AuthzWorld, Identity, Sent, Target } from './world.ts';

/** What a request is built from: the world, the meeting it is about (shared or fresh), and who sends it. */
export interface Ctx {
  w: AuthzWorld;
  t: Target;
  who: Identity;
}

export interface Case {
  rule: Rule;
  /** The shared meeting the request is about; a meeting rule is judged against its state. */
  meeting?: MeetingState;
  /**
   * Requests expected to be allowed run against a new meeting like the shared one (`substitute`:
   * with a substitute awaiting the chủ trì) or on a new session, since they change what the
   * rows after them need (a cancelled meeting, an issued draft, a signed-out session).
   */
  fresh?: 'meeting' | 'substitute' | 'session';
  /** Path parameters; by default `id` is the meeting and `fileId` its document. */
  params?: (c: Ctx) => Record<string, string>;
  query?: (c: Ctx) => Record<string, string>;
  body?: (c: Ctx) => unknown;
  upload?: true;
  /** The bodies whose rows a report answer holds (checked against 'all rows' / 'own rows'). */
  sites?: (res: Sent, c: Ctx) => string[];
  /** The shared meetings a list answer holds: exactly those of `among` (default both) the reader may read. */
  meetings?: (res: Sent) => string[];
  among?: MeetingState[];
  /** Anything else the answer must show, for an allowed request. */
  check?: (res: Sent, c: Ctx) => string | null;
}

const pub: Case = { rule: { kind: 'public' } };
const signedIn: Case = { rule: { kind: 'signedIn' } };
const staff: Case = { rule: { kind: 'staff' } };
const scoped = (rolesAllowed: readonly (typeof roles)[number][], subjects: readonly Subject[], rest: Omit<Case, 'rule'> = {}): Case =>
  ({ rule: { kind: 'scoped', roles: rolesAllowed, subjects }, ...rest });
const on = (action: MeetingAction, meeting: MeetingState, rest: Omit<Case, 'rule' | 'meeting'> = {}): Case =>
  ({ rule: { kind: 'meeting', action }, meeting, ...rest });
const both = (action: MeetingAction, rest: Omit<Case, 'rule' | 'meeting'> = {}): Case[] => [on(action, 'draft', rest), on(action, 'issued', rest)];
const report = (sites: Case['sites']): Case[] => [
  { rule: { kind: 'report' }, meeting: 'draft' },
  { rule: { kind: 'report' }, meeting: 'issued', sites },
];

const day = () => workingDaysAhead(6).slice(0, 10);
const record = (kind: 'minutes' | 'notice') => (c: Ctx) => ({ id: c.t.meetingId, kind });
const meetingBody = (c: Ctx, convenerBodyId: string) => ({
  convenerBodyId, kind: 'chuyen_mon', form: 'truc_tuyen', title: `Họp chuyên đề (${c.who.name})`, chairName: 'Nguyễn Văn An',
  startsAt: `${day()}T08:00`, endsAt: `${day()}T10:00`, invitees: { communes: [c.w.unitOf.invited] },
});
let created = 0;
const newUser = (bodyId: string) => () => ({
  username: `authz.new${++created}`, password: 'mat-khau-du-dai', fullName: 'Người dùng mới', bodyId, role: 'participant',
});
const items = <T>(res: Sent) => res.json<{ items: T[] }>().items;
const meetingIds = (res: Sent) => items<{ id: string }>(res).map((m) => m.id);
const csvSites = (res: Sent, c: Ctx) => Object.values(c.w.bodies).filter((b) => res.body.split('\n').some((line) => line.split(/[,;]/).includes(b)));
const withinRange = () => ({ from: workingDaysAhead(0).slice(0, 10), to: workingDaysAhead(30).slice(0, 10) });
const wholeList = () => ({ limit: '500' });
const all = roles;
const changeSet = () => ({ name: 'Ma trận quyền (không thay đổi gì)', effectiveFrom: workingDaysAhead(0).slice(0, 10) });
const adminsOver = (subjects: readonly Subject[]) => scoped(['admin'], subjects);

/**
 * Every HTTP route, by its router pattern, with who may use it (README "Who may do what" and
 * the rules in spec.ts). A route the app has and this table lacks, or one it names that the app
 * lacks, fails the matrix.
 */
export const httpTable: Record<string, Case[]> = {
  // Staff only: the API map and what the server runs on.
  'GET /docs': [staff],
  'GET /docs/': [staff],
  'GET /docs/static/index.html': [staff],
  'GET /docs/static/swagger-initializer.js': [staff],
  'GET /docs/*': [{ ...staff, params: () => ({ '*': 'static/swagger-ui.css' }) }],
  'GET /docs/json': [staff],
  'GET /docs/yaml': [staff],
  'GET /health': [pub],
  // Verifying a signed document is for anyone (a citizen holding a PDF); the CA certificate too.
  'POST /api/verify': [{ ...pub, upload: true }],
  'GET /api/verify/:number': [{ ...pub, params: () => ({ number: encodeURIComponent('01/GM-VP') }) }],
  'GET /api/signing/ca.pem': [pub],
  // The access log: admins, each of what its unit and the units below did (which entries: tests/api/access-log.test.ts).
  'GET /api/access-log': [scoped(['admin'], Object.keys(subjects) as Subject[])],
  // Demo data only: a sample Giấy mời signed as oneself, to try the verify page with.
  'POST /api/demo/signed-invitation': [signedIn],
  'GET /health/details': [staff],
  // Prometheus metrics: staff sessions (and a scraper's METRICS_TOKEN, tests/api/metrics-logs.test.ts).
  'GET /metrics': [staff],
  // The client: its files (the world's stand-in has only index.html) and index.html for any client route.
  'GET /': [pub],
  'GET /index.html': [pub],
  'GET /*': [{ ...pub, params: () => ({ '*': 'lich-hop' }) }],

  'POST /api/auth/login': [{ ...pub, body: (c) => ({ username: c.who.username ?? 'authz.target', password: DEMO_PASSWORD }) }],
  'POST /api/auth/logout': [{ ...signedIn, fresh: 'session' }],
  'GET /api/auth/me': [signedIn],
  // My agenda: a subset of what I may read (which ones and why: tests/api/agenda.test.ts).
  'GET /api/me/agenda': [{
    ...signedIn, query: () => ({ days: '31' }),
    check: (res, c) => {
      const shown = meetingIds(res);
      const foreign = (['draft', 'issued'] as const).filter((state) => shown.includes(c.w[state].meetingId) && !may('meeting:read', c.who, state));
      return foreign.length === 0 ? null : `the agenda lists the ${foreign.join(' and ')} meeting the reader may not read`;
    },
  }],

  // Accounts: read by staff, changed by admins, each within their unit and the units below it.
  'GET /api/users': [
    scoped(staffRoles, provinceOrAbove, { query: () => ({ unit: '42' }) }),
    scoped(staffRoles, [...provinceOrAbove, 'invited'], { query: (c) => ({ unit: c.w.unitOf.invited }) }),
  ],
  'POST /api/users': [
    { ...adminsOver([...provinceOrAbove, 'invited']), body: (c) => newUser(c.w.bodies.invited)() },
    { ...adminsOver(provinceOrAbove), body: (c) => newUser(c.w.bodies.sibling)() },
  ],
  'PATCH /api/users/:id': [{ ...adminsOver([...provinceOrAbove, 'invited']), params: (c) => ({ id: c.w.targetUserId }), body: () => ({ active: true }) }],

  // The unit registry is public information.
  'GET /api/units': [{ ...pub, query: () => ({ q: 'Hà Tĩnh' }) }],
  'GET /api/units/:code': [{ ...pub, params: () => ({ code: '42' }) }],
  // Reorganising units (a change set): previewed by admins of any province and of the centre, applied by the centre's.
  // The change set changes nothing (no entries), so an allowed apply leaves the world as it was.
  'POST /api/units/changes/preview': [{ ...adminsOver([...provinceOrAbove, 'otherProvince']), body: () => changeSet() }],
  'POST /api/units/changes/apply': [{ ...adminsOver(['above']), body: () => changeSet() }],
  'GET /api/bodies': [{ ...pub, query: () => ({ unit: '42' }) }],

  // Meetings.
  'POST /api/meetings': [
    on('meeting:create', 'draft', { body: (c) => meetingBody(c, '42:vp_ubnd') }),
    // UBND tỉnh's meetings: its own people, and VP UBND by the delegation kept as data.
    scoped(['admin', 'convener'], ['own', 'namedChair'], { body: (c) => meetingBody(c, '42:ubnd') }),
  ],
  'GET /api/meetings': [{ ...signedIn, query: wholeList, meetings: meetingIds }],
  'GET /api/meetings/:id': both('meeting:read'),
  'PATCH /api/meetings/:id': both('meeting:manage', { body: () => ({ preparation: 'Các đơn vị chuẩn bị báo cáo' }) }),
  'POST /api/meetings/:id/postpone': [on('meeting:chair', 'issued', {
    fresh: 'meeting', body: () => ({ reason: 'Trùng lịch làm việc với Bộ', startsAt: `${day()}T14:00`, endsAt: `${day()}T16:00` }),
  })],
  'POST /api/meetings/:id/cancel': [on('meeting:chair', 'issued', { fresh: 'meeting', body: () => ({ reason: 'Không còn cần thiết' }) })],
  'POST /api/meetings/:id/status': [on('meeting:chair', 'issued', { fresh: 'meeting', body: () => ({ to: 'live' }) })],
  'POST /api/meetings/:id/files': both('meeting:manage', { upload: true }),
  'GET /api/meetings/:id/files': both('meeting:read'),
  'GET /api/meetings/:id/files/:fileId': both('meeting:read'),
  'DELETE /api/meetings/:id/files/:fileId': [on('meeting:manage', 'draft', { fresh: 'meeting' }), on('meeting:manage', 'issued')],

  'POST /api/meeting-series': [on('meeting:create', 'draft', {
    body: (c) => ({ ...meetingBody(c, '42:vp_ubnd'), startsAt: undefined, endsAt: undefined, firstStartsAt: `${day()}T07:30`, durationMinutes: 60, rule: { freq: 'weekly', count: 1 } }),
  })],
  // A series is its draft occurrences: nobody is invited to it yet.
  'GET /api/meeting-series/:id': [on('meeting:read', 'draft', { params: (c) => ({ id: c.w.seriesId }) })],
  'PATCH /api/meeting-series/:id': [on('meeting:manage', 'draft', { params: (c) => ({ id: c.w.seriesId }), body: () => ({ preparation: 'Báo cáo tuần' }) })],

  // A body's calendar: anyone whose unit is the body's or above it; it lists only what the reader may read.
  'GET /api/calendar': [
    scoped(all, provinceOrAbove, { query: () => ({ bodyId: '42:vp_ubnd', ...withinRange() }), meetings: meetingIds }),
    // The draft has invited nobody yet: it is not on the commune's calendar.
    scoped(all, [...provinceOrAbove, 'invited'], { query: (c) => ({ bodyId: c.w.bodies.invited, ...withinRange() }), meetings: meetingIds, among: ['issued'] }),
  ],
  'POST /api/calendar/feed-token': [signedIn],
  'GET /api/calendar/feed/:token': [{
    rule: { kind: 'token' }, params: (c) => ({ token: `${c.w.feedTokens.invited}.ics` }),
    check: (res, c) => (res.body.includes(c.w.issued.meetingId) && !res.body.includes(c.w.draft.meetingId) ? null : 'the invited commune’s feed shows the issued meeting and not the draft'),
  }],

  // Invitations and answers.
  'POST /api/invitations/preview': [on('meeting:create', 'draft', { body: (c) => ({ convenerBodyId: '42:vp_ubnd', spec: { communes: [c.w.unitOf.invited] } }) })],
  'POST /api/meetings/:id/invitations/issue': [on('meeting:manage', 'draft', { fresh: 'meeting', body: () => ({}) })],
  'GET /api/meetings/:id/invitation.pdf': both('meeting:read'),
  'GET /api/meetings/:id/invitation.ics': both('meeting:read'),
  'GET /api/meetings/:id/record': both('meeting:read'),
  'GET /api/meetings/:id/documents/:documentId': [on('meeting:read', 'issued', { params: (c) => ({ id: c.t.meetingId, documentId: c.t.documentId ?? '' }) })],
  'POST /api/meetings/:id/changes': [on('meeting:manage', 'issued', { fresh: 'meeting', body: () => ({ title: 'Giao ban trực tuyến (đổi tên)', reason: 'Điều chỉnh tên cuộc họp cho đúng kế hoạch' }) })],
  'GET /api/meetings/:id/invitees': report((res) => items<{ bodyId: string }>(res).map((i) => i.bodyId)),
  'POST /api/meetings/:id/invitees/:bodyId/substitute': [on('meeting:chair', 'issued', {
    fresh: 'substitute', params: (c) => ({ id: c.t.meetingId, bodyId: c.w.bodies.invited }), body: () => ({ decision: 'approve', note: 'Đồng ý' }),
  })],
  'POST /api/meetings/:id/rsvp': [
    on('meeting:rsvp', 'draft', { body: () => ({ response: 'accept' }) }),
    on('meeting:rsvp', 'issued', { fresh: 'meeting', body: () => ({ response: 'decline', reason: 'Trùng lịch tiếp công dân' }) }),
  ],

  // Reports: every site for report:read, otherwise only the reader's own body's rows.
  'GET /api/meetings/:id/attendance': report((res) => res.json<{ sites: { siteId: string }[] }>().sites.map((s) => s.siteId)),
  'GET /api/meetings/:id/attendance.csv': report(csvSites),
  'GET /api/meetings/:id/speakers': report((res) => items<{ siteId: string }>(res).map((s) => s.siteId)),
  'GET /api/meetings/:id/messages': [{ rule: { kind: 'messages' }, meeting: 'draft' }, { rule: { kind: 'messages' }, meeting: 'issued' }],

  // The biên bản and thông báo kết luận: read with the meeting (what each reader sees: tests/api/minutes.test.ts), written by the
  // secretary and the convening office, reviewed, signed and published by the chủ tọa. Steps the record's state refuses answer 409.
  'GET /api/meetings/:id/records': both('meeting:read'),
  'POST /api/meetings/:id/records/:kind': both('minutes:write', { params: record('minutes') }),
  'GET /api/meetings/:id/records/:kind/prefill': both('minutes:write', { params: record('minutes') }),
  'PUT /api/meetings/:id/records/:kind/content': both('minutes:write', { params: record('notice'), body: () => ({ content: { opening: 'Mở đầu', conclusions: [], closing: 'Thông báo' } }) }),
  'POST /api/meetings/:id/records/:kind/lock': both('minutes:write', { params: record('minutes'), body: () => ({}) }),
  'DELETE /api/meetings/:id/records/:kind/lock': both('minutes:write', { params: record('minutes') }),
  'POST /api/meetings/:id/records/:kind/steps': [
    on('minutes:write', 'issued', { params: record('minutes'), body: () => ({ action: 'submit' }) }),
    on('meeting:chair', 'issued', { params: record('minutes'), body: () => ({ action: 'approve' }) }),
    on('meeting:chair', 'draft', { params: record('notice'), body: () => ({ action: 'request_changes', note: 'Bổ sung' }) }),
  ],
  'POST /api/meetings/:id/records/:kind/correction': both('minutes:write', { params: record('minutes') }),
  'POST /api/meetings/:id/records/:kind/share': both('meeting:chair', { params: record('minutes'), body: () => ({ live: false }) }),
  'GET /api/meetings/:id/records/:kind/versions': both('minutes:write', { params: record('minutes') }),
  'GET /api/meetings/:id/records/:kind/compare': both('minutes:write', { params: record('minutes'), query: () => ({ a: '1', b: '2' }) }),
  'GET /api/meetings/:id/records/:kind/pdf': both('meeting:read', { params: record('notice') }),

  // Tasks from conclusions: set by the convening side, worked through by the body assigned, read by those above it.
  'POST /api/meetings/:id/tasks': both('minutes:write', {
    body: (c) => ({ text: 'Rà soát hộ dân vùng ngập', deadline: day(), assignees: [c.w.bodies.invited] }),
  }),
  'GET /api/meetings/:id/tasks': report((res) => items<{ assignments: { bodyId: string }[] }>(res).flatMap((t) => t.assignments.map((a) => a.bodyId))),
  'GET /api/tasks': [
    { ...signedIn, query: () => ({ view: 'mine' }), check: (res, c) => {
      const foreign = items<{ assignments: { bodyId: string }[] }>(res).flatMap((t) => t.assignments).filter((a) => a.bodyId !== c.who.bodyId);
      return foreign.length === 0 ? null : `${foreign.length} assignments of other bodies among mine`;
    } },
    scoped(reportRoles, Object.keys(subjects) as Subject[], { query: () => ({ view: 'convened' }), check: (res, c) => {
      const listed = items<{ meetingId: string }>(res).some((t) => t.meetingId === c.w.issued.meetingId);
      const convening = c.who.subject === 'own';
      return listed === convening ? null : `the issued meeting's task ${listed ? 'is' : 'is not'} among the tasks convened by ${c.who.name}`;
    } }),
  ],
  'GET /api/task-assignments/:id': [{
    rule: { kind: 'anyOf', rules: [{ kind: 'scoped', roles: all, subjects: ['invited'] }, { kind: 'scoped', roles: reportRoles, subjects: provinceOrAbove }] },
    params: (c) => ({ id: c.w.taskAssignmentId }),
  }],
  'POST /api/task-assignments/:id/steps': [
    scoped(['admin', 'convener', 'secretary', 'participant'], ['invited'], { params: (c) => ({ id: c.w.taskAssignmentId }), body: () => ({ action: 'note', note: 'Đang tổng hợp' }) }),
    // Not done yet: the convening side's accept is its to take, and refused by the state (409).
    on('minutes:write', 'issued', { params: (c) => ({ id: c.w.taskAssignmentId }), body: () => ({ action: 'accept' }) }),
  ],

  // Reports from the records: the dashboard of a tier for report readers of that unit or above; a body's record for its own people and those above it.
  'GET /api/reports/dashboard': [scoped(reportRoles, provinceOrAbove, { query: () => ({ unit: '42' }) })],
  'GET /api/reports/dashboard.csv': [scoped(reportRoles, provinceOrAbove, { query: () => ({ unit: '42' }) })],
  'GET /api/reports/dashboard.xlsx': [scoped(reportRoles, provinceOrAbove, { query: () => ({ unit: '42' }) })],
  'GET /api/records/:bodyId': [{
    rule: { kind: 'anyOf', rules: [{ kind: 'scoped', roles: all, subjects: ['invited'] }, { kind: 'scoped', roles: reportRoles, subjects: provinceOrAbove }] },
    params: (c) => ({ bodyId: c.w.bodies.invited }),
    // The period runs to today by default; the issued meeting starts in three hours, tomorrow in Vietnam after 21:00.
    query: () => ({ to: tomorrowInVietnam() }),
    check: (res, c) => (res.json<{ meetings: { id: string }[] }>().meetings.some((m) => m.id === c.w.issued.meetingId) ? null : 'the record lacks the issued meeting'),
  }],
  'GET /api/records/:bodyId/pdf': [{
    rule: { kind: 'anyOf', rules: [{ kind: 'scoped', roles: all, subjects: ['invited'] }, { kind: 'scoped', roles: reportRoles, subjects: provinceOrAbove }] },
    params: (c) => ({ bodyId: c.w.bodies.invited }),
    check: (res) => (res.body.startsWith('%PDF-') ? null : 'not a PDF'),
  }],
  // An issued document in edXML: whoever may read its meeting.
  'GET /api/documents/:id/edxml': [on('meeting:read', 'issued', { params: (c) => ({ id: c.t.documentId ?? '' }) })],

  // Notifications: the reader's own and their body's.
  'GET /api/notifications': [{
    ...signedIn, query: () => ({ limit: '200' }),
    check: (res, c) => {
      const foreign = items<{ userId: string | null; bodyId: string | null }>(res).filter((n) => n.userId !== c.who.userId && n.bodyId !== c.who.bodyId);
      return foreign.length === 0 ? null : `${foreign.length} notifications addressed to someone else`;
    },
  }],
  'POST /api/notifications/read-all': [signedIn],
  'POST /api/notifications/:id/read': [{ rule: { kind: 'inbox', subjects: ['invited'] }, params: (c) => ({ id: c.w.notificationId }) }],
};

function tomorrowInVietnam(): string {
  return DateTime.now().setZone('Asia/Ho_Chi_Minh').plus({ days: 1 }).toISODate()!;
}
