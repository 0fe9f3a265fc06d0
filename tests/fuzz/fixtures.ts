import { DateTime } from 'luxon';
import type { FastifyInstance } from 'fastify';
import { hashPassword } from '../../server/auth/passwords.ts';
import type { Role } from '../../server/auth/roles.ts';
import { users } from '../../server/auth/schema.ts';
import { DEMO_PASSWORD, sessionCookie, signIn, type TestServer } from '../helpers/app.ts';
import { connectLive } from '../helpers/live.ts';
import { localTime, rows, workingDaysAhead } from '../helpers/sessions.ts';

/** The fuzz tenant's province (Hà Nội): far from the Hà Tĩnh fixtures, so its rights never reach them. */
export const TENANT_PROVINCE = '01';

export interface FixtureIds {
  meetings: string[];
  files: string[];
  series: string[];
  notifications: string[];
  feedTokens: string[];
  users: string[];
}

/**
 * The existing data the fuzzer must not change, made through the API by Hà Tĩnh's demo accounts
 * as the other API tests make theirs: a draft with a document, an issued meeting answered by two
 * communes (one with a substitute) that already had a live session (attendance, speaker log),
 * a weekly series, a calendar feed, notifications (one read).
 */
export async function seedFixtures(live: TestServer): Promise<FixtureIds> {
  const { app } = live;
  const [vp, thachHa, thanhSen] = await Promise.all(['vp.hatinh', 'xa.thachha', 'p.thanhsen'].map((u) => signIn(app, u)));
  const base = {
    kind: 'giao_ban', form: 'truc_tuyen', chairName: 'Nguyễn Văn Hùng', chairPosition: 'Chánh Văn phòng', chairUserId: vp!.user.id,
    hostRoom: 'Phòng họp trực tuyến UBND tỉnh', agenda: [{ title: 'Tình hình tháng', presenter: 'Sở Tài chính', plannedMinutes: 30 }, { title: 'Thảo luận' }],
  };
  const day = workingDaysAhead(10).slice(0, 10);
  const draft = await vp!.agent.post('/api/meetings').send({ ...base, title: 'Họp chuẩn bị (nháp)', startsAt: `${day}T08:00`, endsAt: `${day}T11:00`, invitees: { communes: [thachHa!.user.unit.code] } }).expect(201);
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(500, 0x20), Buffer.from('\n%%EOF\n')]);
  const file = await vp!.agent.post(`/api/meetings/${draft.body.id}/files`).attach('file', pdf, 'Báo cáo tháng.pdf').expect(201);

  const start = DateTime.now().plus({ hours: 3 });
  const issued = await vp!.agent.post('/api/meetings').send({
    ...base, title: 'Giao ban đột xuất', startsAt: localTime(start), endsAt: localTime(start.plus({ hours: 2 })), urgent: true, urgentReason: 'Ứng phó bão',
    invitees: { communes: [thachHa!.user.unit.code, thanhSen!.user.unit.code] },
  }).expect(201);
  await vp!.agent.post(`/api/meetings/${issued.body.id}/invitations/issue`).send({ urgent: true, urgentReason: 'Ứng phó bão số 5' }).expect(200);
  await thachHa!.agent.post(`/api/meetings/${issued.body.id}/rsvp`).send({ response: 'accept' }).expect(200);
  await thanhSen!.agent.post(`/api/meetings/${issued.body.id}/rsvp`).send({ response: 'substitute', substitute: { name: 'Lê Văn Phó', position: 'Phó Chủ tịch' } }).expect(200);
  await vp!.agent.post(`/api/meetings/${issued.body.id}/invitees/${thanhSen!.user.body.id}/substitute`).send({ decision: 'approve', note: 'Đồng ý' }).expect(200);

  const series = await vp!.agent.post('/api/meeting-series').send({
    ...base, title: 'Giao ban đầu tuần', firstStartsAt: '2027-01-04T07:30', durationMinutes: 90, rule: { freq: 'weekly', count: 3 }, invitees: { communesOf: ['42'] },
  }).expect(201);
  const feed = await vp!.agent.post('/api/calendar/feed-token').expect(200);
  const inbox = await thachHa!.agent.get('/api/notifications').expect(200);
  const notes = inbox.body.items as { id: string }[];
  if (notes[0]) await thachHa!.agent.post(`/api/notifications/${notes[0].id}/read`).expect(200);

  await liveSession(live, issued.body.id);
  return {
    meetings: [draft.body.id, issued.body.id, ...(series.body.occurrences as { id: string }[]).map((o) => o.id)],
    files: [file.body.id],
    series: [series.body.series.id],
    notifications: notes.map((n) => n.id),
    feedTokens: [feed.body.token],
    users: [vp!.user.id, thachHa!.user.id, thanhSen!.user.id],
  };
}

/** A short real session of the issued meeting: chair, an admitted commune with a headcount, one floor grant. */
async function liveSession(live: TestServer, meetingId: string): Promise<void> {
  const chair = await connectLive(live.url, await sessionCookie(live.app, 'vp.hatinh'), 'vp.hatinh');
  const commune = await connectLive(live.url, await sessionCookie(live.app, 'xa.thachha'), 'xa.thachha');
  try {
    await chair.join(meetingId);
    const joined = await commune.join(meetingId, { headcount: 7 });
    if (joined.state === 'lobby') await chair.call('admit', { peerId: joined.peerId });
    // Before its time the room is a waiting room: the chair starts the meeting.
    if (!joined.started) await chair.call('start', {});
    await commune.call('declareHeadcount', { count: 9 });
    await chair.call('floor:grant', { peerId: joined.peerId });
    await chair.call('floor:revoke', {});
    await commune.call('leave', {});
    await chair.call('leave', {});
  } finally {
    chair.close();
    commune.close();
  }
}

export interface TenantAccount {
  username: string;
  role: Role;
  bodyId: string;
  id: string;
  active: boolean;
}

/**
 * The fuzzer's own accounts, in Hà Nội (province 01), away from the Hà Tĩnh fixtures. Only
 * these send valid CSRF tokens: their valid-shaped writes may succeed (that is the point: they
 * reach the handlers), and they can legitimately change only what they own.
 */
export async function createTenant(app: FastifyInstance): Promise<{ accounts: TenantAccount[]; bodyIds: string[] }> {
  const communes = await rows<{ id: string }>(app, `select b.id from bodies b join units u on u.code = b.unit_code where u.parent_code = '01' and b.kind = 'ubnd' order by b.id limit 2`);
  const [xa1, xa2] = communes.map((c) => c.id) as [string, string];
  const specs: Omit<TenantAccount, 'id'>[] = [
    { username: 'fuzz.convener', role: 'convener', bodyId: '01:vp_ubnd', active: true },
    { username: 'fuzz.admin', role: 'admin', bodyId: '01:ubnd', active: true },
    { username: 'fuzz.xa1', role: 'participant', bodyId: xa1, active: true },
    { username: 'fuzz.xa2', role: 'participant', bodyId: xa2, active: true },
    { username: 'fuzz.observer', role: 'observer', bodyId: '01:ubnd', active: true },
    { username: 'fuzz.inactive', role: 'convener', bodyId: '01:vp_ubnd', active: false },
  ];
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const inserted = await app.db.insert(users).values(specs.map((s) => ({
    username: s.username, passwordHash, fullName: `Tài khoản thử ${s.username}`, position: 'Kiểm thử', bodyId: s.bodyId, role: s.role, active: s.active,
  }))).returning({ id: users.id, username: users.username });
  const accounts = specs.map((s) => ({ ...s, id: inserted.find((i) => i.username === s.username)!.id }));
  return { accounts, bodyIds: ['01:vp_ubnd', '01:ubnd', xa1, xa2] };
}

/** The tenant's own meetings, so valid-shaped writes reach deep paths: a draft, and one issued to its two communes. */
export async function seedTenantMeetings(app: FastifyInstance, convener: { cookie: string; csrf: string }, communeBodyIds: string[]): Promise<string[]> {
  const send = async (url: string, payload: object) => {
    const res = await app.inject({ method: 'POST', url, payload, headers: { cookie: convener.cookie, 'x-csrf-token': convener.csrf } });
    if (res.statusCode >= 300) throw new Error(`tenant fixture ${url}: ${res.statusCode} ${res.body}`);
    return res.json<{ id: string }>();
  };
  const day = workingDaysAhead(12).slice(0, 10);
  const body = {
    kind: 'chuyen_mon', form: 'ket_hop', title: 'Họp thử của Hà Nội', chairName: 'Người Thử', startsAt: `${day}T14:00`, endsAt: `${day}T16:00`,
    invitees: { communes: communeBodyIds.map((id) => id.split(':')[0]!) }, agenda: [{ title: 'Một' }],
  };
  const draft = await send('/api/meetings', body);
  const issued = await send('/api/meetings', { ...body, title: 'Họp thử đã phát hành' });
  await send(`/api/meetings/${issued.id}/invitations/issue`, { signer: { position: 'Chánh Văn phòng', fullName: 'Người Thử' } });
  return [draft.id, issued.id];
}
