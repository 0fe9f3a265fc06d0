import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import type { LightMyRequestResponse as Response } from 'fastify';
import { hashPassword } from '../../../server/auth/passwords.ts';
import type { Role } from '../../../server/auth/roles.ts';
import { users } from '../../../server/auth/schema.ts';
import type { DbKind } from '../../../server/db/client.ts';
import { DEMO_PASSWORD, startTestApp, type TestServer } from '../../helpers/app.ts';
import { connectLive } from '../../helpers/live.ts';
import { localTime, openSession, rows, workingDaysAhead } from '../../helpers/sessions.ts';
import { subjects, type Subject, type Who } from './spec.ts';

export interface Identity extends Who {
  /** `own/convener`, `namedChair`, `anonymous`… */
  name: string;
  username: string | null;
  userId: string | null;
  bodyId: string | null;
  cookie: string | null;
  csrf: string | null;
}

/** A meeting the matrix sends requests about, with one attached document. */
export interface Target {
  meetingId: string;
  fileId: string;
  /** The stored Giấy mời of an issued meeting. */
  documentId: string | null;
}

export interface Sent {
  status: number;
  body: string;
  json<T = unknown>(): T;
}

export interface AuthzWorld {
  live: TestServer;
  /** Every subject × role, the named chair and secretary, and anonymous. */
  identities: Identity[];
  /** The body of each subject, and `invitedToo`: a second invited commune (Phường Thành Sen). */
  bodies: Record<Subject | 'invitedToo', string>;
  bodyNames: Record<string, string>;
  unitOf: Record<Subject | 'invitedToo', string>;
  draft: Target;
  issued: Target;
  seriesId: string;
  /** A notification addressed to the invited commune's body. */
  notificationId: string;
  /** The invited commune's share of a task of the issued meeting (assigned to every invited body). */
  taskAssignmentId: string;
  /** Calendar feed tokens of accounts outside the matrix (so rotating one's own leaves them alone). */
  feedTokens: { convening: string; invited: string };
  /** An account of the invited commune (outside the matrix) for users routes to act on. */
  targetUserId: string;
  /** The world's own convener (vp.hatinh, outside the matrix), who makes the fixtures. */
  maker: Identity;
  /** A participant of the second invited commune (p.thanhsen, outside the matrix): the site a chair acts on. */
  helper: Identity;
  /** A new meeting like the shared draft (with a document) or the issued one (optionally with a pending substitute). */
  fresh(kind: 'draft' | 'issued' | 'substitute'): Promise<Target>;
  /** A new session of the same account (for logout). */
  freshSession(who: Identity): Promise<Identity>;
  send(who: Identity, method: string, url: string, opts?: { body?: unknown; upload?: boolean }): Promise<Sent>;
  close(): Promise<void>;
}

const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(300, 0x20), Buffer.from('\n%%EOF\n')]);
const BOUNDARY = 'authzMatrixBoundary';
const multipart = Buffer.concat([
  Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="Bao-cao.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
  pdf,
  Buffer.from(`\r\n--${BOUNDARY}--\r\n`),
]);

const toSent = (res: Response): Sent => ({ status: res.statusCode, body: res.body, json: <T>() => res.json<T>() });

/**
 * The app (listening, one media worker, a built client stand-in so `/*` is served), an account
 * of every role in every scope, the named chair and secretary, and the shared fixtures: a draft
 * and an issued meeting of 42:vp_ubnd (both naming the chair and secretary, each with a
 * document), the issued one answered and held briefly live (attendance and a speaker log for
 * two communes), a series, a notification to the invited commune, and two feed tokens.
 */
export async function buildAuthzWorld(kind: DbKind): Promise<AuthzWorld> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hopso-authz-'));
  const clientDist = path.join(dataDir, 'client');
  fs.mkdirSync(clientDist);
  fs.writeFileSync(path.join(clientDist, 'index.html'), '<!doctype html><title>Họp số</title>');
  const live = await startTestApp({ kind, listen: true, mediaWorkers: 1, config: { DATA_DIR: dataDir, CLIENT_DIST: clientDist } });
  const { app } = live;

  const demo = Object.fromEntries((await rows<{ username: string; id: string; body_id: string }>(app,
    `select username, id, body_id from users where username in ('vp.hatinh', 'xa.thachha', 'xa.canloc', 'p.thanhsen')`)).map((r) => [r.username, r]));
  const bodies: AuthzWorld['bodies'] = {
    own: '42:vp_ubnd', sibling: '42:so_yt', invited: demo['xa.thachha']!.body_id, uninvited: demo['xa.canloc']!.body_id,
    otherProvince: '01:vp_ubnd', above: 'TW:vpcp', namedChair: '42:ubnd', namedSecretary: '42:so_noi_vu', invitedToo: demo['p.thanhsen']!.body_id,
  };
  const bodyRows = await rows<{ id: string; name: string; unit_code: string }>(app,
    `select id, name, unit_code from bodies where id in (${Object.values(bodies).map((b) => `'${b}'`).join(', ')})`);
  const bodyNames = Object.fromEntries(bodyRows.map((b) => [b.id, b.name]));
  const unitOf = Object.fromEntries(Object.entries(bodies).map(([s, b]) => [s, bodyRows.find((r) => r.id === b)!.unit_code])) as AuthzWorld['unitOf'];

  // Accounts: one per subject and role, inserted (one password hash) and given sessions directly.
  const specs: { name: string; subject: Subject; role: Role }[] = [];
  for (const [subject, { roles }] of Object.entries(subjects) as [Subject, (typeof subjects)[Subject]][]) {
    for (const role of roles) specs.push({ name: roles.length === 1 ? subject : `${subject}/${role}`, subject, role });
  }
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const username = (name: string) => `authz.${name.replace('/', '.').toLowerCase()}`;
  const inserted = await app.db.insert(users).values([
    ...specs.map((s) => ({ username: username(s.name), passwordHash, fullName: `Thử quyền ${s.name}`, position: 'Kiểm thử', bodyId: bodies[s.subject], role: s.role })),
    { username: 'authz.target', passwordHash, fullName: 'Tài khoản được quản lý', position: 'Văn thư', bodyId: bodies.invited, role: 'participant' as const },
  ]).returning({ id: users.id, username: users.username });
  const idOf = (u: string) => inserted.find((i) => i.username === u)!.id;
  const session = async (base: Omit<Identity, 'cookie' | 'csrf'>): Promise<Identity> => ({ ...base, ...(await openSession(app, base.userId!)) });
  const identities: Identity[] = [];
  for (const s of specs) {
    identities.push(await session({ name: s.name, subject: s.subject, role: s.role, username: username(s.name), userId: idOf(username(s.name)), bodyId: bodies[s.subject] }));
  }
  identities.push({ name: 'anonymous', subject: 'anonymous', role: null, username: null, userId: null, bodyId: null, cookie: null, csrf: null });
  const demoIdentity = (u: string, role: Role) => session({ name: u, subject: 'own', role, username: u, userId: demo[u]!.id, bodyId: demo[u]!.body_id });
  const maker = await demoIdentity('vp.hatinh', 'convener');
  const thachHa = await demoIdentity('xa.thachha', 'participant');

  const send: AuthzWorld['send'] = async (who, method, url, opts = {}) => {
    const headers: Record<string, string> = {};
    if (who.cookie) headers['cookie'] = who.cookie;
    if (who.csrf) headers['x-csrf-token'] = who.csrf;
    if (opts.upload) headers['content-type'] = `multipart/form-data; boundary=${BOUNDARY}`;
    const payload = opts.upload ? multipart : opts.body === undefined ? undefined : JSON.stringify(opts.body);
    if (!opts.upload && payload !== undefined) headers['content-type'] = 'application/json';
    return toSent(await app.inject({ method: method as 'GET', url, headers, ...(payload === undefined ? {} : { payload }) }));
  };
  const must = async (who: Identity, method: string, url: string, opts?: { body?: unknown; upload?: boolean }) => {
    const res = await send(who, method, url, opts);
    if (res.status >= 300) throw new Error(`authz fixture ${method} ${url}: ${res.status} ${res.body}`);
    return res.json<{ id: string }>();
  };

  const meetingBody = (title: string, startsAt: string, endsAt: string, extra: object = {}) => ({
    kind: 'giao_ban', form: 'truc_tuyen', title, chairName: 'Trần Văn Chủ Trì', chairPosition: 'Phó Chủ tịch UBND tỉnh',
    chairUserId: idOf('authz.namedchair'), secretaryUserId: idOf('authz.namedsecretary'), startsAt, endsAt,
    invitees: { communes: [unitOf.invited, unitOf.invitedToo] }, agenda: [{ title: 'Tình hình tháng' }], ...extra,
  });
  const day = workingDaysAhead(10).slice(0, 10);
  const makeDraft = async (title: string): Promise<Target> => {
    const { id } = await must(maker, 'POST', '/api/meetings', { body: meetingBody(title, `${day}T08:00`, `${day}T10:00`) });
    const file = await must(maker, 'POST', `/api/meetings/${id}/files`, { upload: true });
    return { meetingId: id, fileId: file.id, documentId: null };
  };
  /** Issued, starting in three hours (urgent): invited sites wait in the live room's lobby. */
  const makeIssued = async (title: string): Promise<Target> => {
    const start = DateTime.now().plus({ hours: 3 });
    const { id } = await must(maker, 'POST', '/api/meetings', {
      body: meetingBody(title, localTime(start), localTime(start.plus({ hours: 2 })), { urgent: true, urgentReason: 'Ứng phó mưa lũ' }),
    });
    const file = await must(maker, 'POST', `/api/meetings/${id}/files`, { upload: true });
    await must(maker, 'POST', `/api/meetings/${id}/invitations/issue`, { body: {} });
    const record = await send(maker, 'GET', `/api/meetings/${id}/record`);
    const documentId = record.json<{ documents: { id: string }[] }>().documents[0]?.id;
    if (!documentId) throw new Error(`authz fixture: the issued meeting has no stored Giấy mời (${record.status} ${record.body})`);
    return { meetingId: id, fileId: file.id, documentId };
  };

  const draft = await makeDraft('Họp chuẩn bị kế hoạch (dự thảo)');
  const issued = await makeIssued('Giao ban trực tuyến phòng chống lũ');
  await must(thachHa, 'POST', `/api/meetings/${issued.meetingId}/rsvp`, { body: { response: 'accept' } });
  const helper = await demoIdentity('p.thanhsen', 'participant');
  await heldBriefly(live, issued.meetingId, [maker, thachHa, helper]);

  const task = await send(maker, 'POST', `/api/meetings/${issued.meetingId}/tasks`, {
    body: { text: 'Báo cáo thiệt hại do lũ', expectedResult: 'Báo cáo', deadline: day, assignees: 'all-invited' },
  });
  const taskAssignmentId = task.json<{ assignments: { id: string; bodyId: string }[] }>().assignments?.find((a) => a.bodyId === bodies.invited)?.id;
  if (!taskAssignmentId) throw new Error(`authz fixture task: ${task.status} ${task.body}`);

  const series = await send(maker, 'POST', '/api/meeting-series', {
    body: {
      kind: 'giao_ban', form: 'truc_tuyen', title: 'Giao ban đầu tuần', chairName: 'Trần Văn Chủ Trì', invitees: { communes: [unitOf.invited] },
      firstStartsAt: `${workingDaysAhead(15).slice(0, 10)}T07:30`, durationMinutes: 90, rule: { freq: 'weekly', count: 2 },
    },
  });
  if (series.status !== 201) throw new Error(`authz fixture series: ${series.status} ${series.body}`);
  const [note] = await rows<{ id: string }>(app, `select id from notifications where body_id = '${bodies.invited}' and user_id is null order by created_at limit 1`);
  if (!note) throw new Error('authz fixture: no notification to the invited commune');
  const token = async (who: Identity) => (await send(who, 'POST', '/api/calendar/feed-token')).json<{ token: string }>().token;

  return {
    live, identities, bodies, bodyNames, unitOf, draft, issued, maker, helper,
    seriesId: series.json<{ series: { id: string } }>().series.id,
    notificationId: note.id,
    taskAssignmentId,
    feedTokens: { convening: await token(maker), invited: await token(thachHa) },
    targetUserId: idOf('authz.target'),
    fresh: async (kind) => {
      if (kind === 'draft') return makeDraft('Họp dự thảo (làm mới)');
      const target = await makeIssued('Giao ban (làm mới)');
      if (kind === 'substitute') {
        await must(thachHa, 'POST', `/api/meetings/${target.meetingId}/rsvp`, { body: { response: 'substitute', substitute: { name: 'Lê Văn Phó', position: 'Phó Chủ tịch UBND xã' } } });
      }
      return target;
    },
    freshSession: (who) => session(who),
    send,
    close: async () => {
      await live.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A short real session of the issued meeting, for its reports: the chair starts it, admits two communes,
 * each declares a headcount and is given the floor once.
 */
async function heldBriefly(live: TestServer, meetingId: string, [chairOf, ...siteOf]: Identity[]): Promise<void> {
  const chair = await connectLive(live.url, chairOf!.cookie, chairOf!.name);
  const sites = await Promise.all(siteOf.map((s) => connectLive(live.url, s.cookie, s.name)));
  try {
    await chair.join(meetingId);
    // It is set three hours ahead: the chair starts it (entering alone would leave it a waiting room).
    await chair.call('start', {});
    for (const site of sites) {
      const joined = await site.join(meetingId, { headcount: 5 });
      if (joined.state === 'lobby') await chair.call('admit', { peerId: joined.peerId });
      await site.call('declareHeadcount', { count: 6 });
      await chair.call('floor:grant', { peerId: joined.peerId });
      await chair.call('floor:revoke', {});
    }
    for (const site of sites) await site.call('leave', {});
    await chair.call('leave', {});
  } finally {
    chair.close();
    for (const site of sites) site.close();
  }
}
