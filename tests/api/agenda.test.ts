import { DateTime } from 'luxon';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, signIn, type TestApp } from '../helpers/app.ts';
import { describeEachDb } from '../helpers/db.ts';

type Signed = Awaited<ReturnType<typeof signIn>>;
interface Entry { id: string; title: string; status: string; relations: string[]; rsvp: string | null; mayJoin: boolean; joinOpensAt: string; startsAt: string }

const VN = 'Asia/Ho_Chi_Minh';
const local = (dt: DateTime) => dt.toFormat("yyyy-MM-dd'T'HH:mm");

/**
 * GET /api/me/agenda: each person's meetings of today and the coming days, as their role
 * sees them — a commune what it is invited to (with its answer), the convener what its body
 * convenes, a secretary what they are secretary of — with when Join opens.
 */
describeEachDb('my agenda', (kind) => {
  let t: TestApp;
  let convener: Signed;
  let secretary: Signed;
  let thachHa: Signed;
  let canLoc: Signed;
  let thanhSen: Signed;
  const ids: Record<'soon' | 'later' | 'draft' | 'cancelled', string> = { soon: '', later: '', draft: '', cancelled: '' };
  const today = DateTime.now().setZone(VN).toISODate()!;

  const create = async (title: string, start: DateTime, extra: Record<string, unknown> = {}) => {
    const res = await convener.agent.post('/api/meetings').send({
      kind: 'giao_ban', form: 'truc_tuyen', title, chairName: 'Trần Báu Hà', chairUserId: convener.user.id,
      startsAt: local(start), endsAt: local(start.plus({ hours: 2 })), urgent: true, urgentReason: 'Chỉ đạo khẩn của UBND tỉnh',
      invitees: { communes: [thachHa.user.unit.code] }, ...extra,
    }).expect(201);
    return res.body.id as string;
  };
  const agenda = async (who: Signed, query: Record<string, string | number> = {}) =>
    (await who.agent.get('/api/me/agenda').query(query).expect(200)).body as { from: string; to: string; serverTime: string; joinOpensMinutes: number; items: Entry[] };
  const titles = (items: Entry[]) => items.map((i) => i.id);

  beforeAll(async () => {
    t = await startTestApp({ kind, config: { JOIN_OPENS_MINUTES: 30 } });
    [convener, secretary, thachHa, canLoc, thanhSen] = await Promise.all(
      ['vp.hatinh', 'thuky.hatinh', 'xa.thachha', 'xa.canloc', 'p.thanhsen'].map((u) => signIn(t.app, u)),
    ) as [Signed, Signed, Signed, Signed, Signed];
    const now = DateTime.now().setZone(VN).startOf('minute');
    ids.soon = await create('Họp khẩn phòng chống bão số 3', now.plus({ hours: 2 }), { secretaryUserId: secretary.user.id });
    ids.later = await create('Giao ban chuyển đổi số', now.plus({ days: 3 }));
    ids.draft = await create('Dự thảo họp tập huấn', now.plus({ days: 2 }), { invitees: { communes: [canLoc.user.unit.code] } });
    ids.cancelled = await create('Họp đã hủy', now.plus({ days: 1 }));
    for (const id of [ids.soon, ids.later, ids.cancelled]) await convener.agent.post(`/api/meetings/${id}/invitations/issue`).send({}).expect(200);
    await convener.agent.post(`/api/meetings/${ids.cancelled}/cancel`).send({ reason: 'Chủ trì bận công tác đột xuất' }).expect(200);
  });
  afterAll(() => t.close());

  it('shows a commune what it is invited to, with its answer and when Join opens', async () => {
    const mine = await agenda(thachHa);
    expect(mine.from).toBe(today);
    expect(mine.to).toBe(DateTime.fromISO(today).plus({ days: 6 }).toISODate());
    expect(mine.joinOpensMinutes).toBe(30);
    expect(Math.abs(Date.parse(mine.serverTime) - Date.now())).toBeLessThan(60_000);
    expect(titles(mine.items)).toEqual([ids.soon, ids.cancelled, ids.later]);
    const soon = mine.items[0]!;
    expect(soon).toMatchObject({ relations: ['invited'], rsvp: 'pending', mayJoin: true, status: 'invited' });
    expect(Date.parse(soon.startsAt) - Date.parse(soon.joinOpensAt)).toBe(30 * 60_000);
    // A cancelled meeting stays on the agenda so nobody waits for it, but cannot be joined.
    expect(mine.items[1]).toMatchObject({ status: 'cancelled', mayJoin: false });

    await thachHa.agent.post(`/api/meetings/${ids.soon}/rsvp`).send({ response: 'accept' }).expect(200);
    expect((await agenda(thachHa)).items[0]).toMatchObject({ id: ids.soon, rsvp: 'accepted' });
  });

  it('shows the convener what its body convenes, drafts included, and a secretary only their meetings', async () => {
    const theirs = await agenda(convener);
    expect(titles(theirs.items)).toEqual([ids.soon, ids.cancelled, ids.draft, ids.later]);
    expect(theirs.items.find((i) => i.id === ids.soon)).toMatchObject({ relations: ['convening', 'chair'], rsvp: null, mayJoin: true });
    expect(theirs.items.find((i) => i.id === ids.draft)).toMatchObject({ status: 'draft', mayJoin: false });

    // Same body as the convener, but a secretary's agenda is what they keep the minutes of.
    const minutes = await agenda(secretary);
    expect(titles(minutes.items)).toEqual([ids.soon]);
    expect(minutes.items[0]).toMatchObject({ relations: ['secretary'], mayJoin: true });
    // The meeting page lets the secretary see every site's reports; an invited commune only its own.
    expect((await secretary.agent.get(`/api/meetings/${ids.soon}`).expect(200)).body.permissions).toEqual({ manage: false, chair: false, rsvp: false, report: true });
    expect((await thachHa.agent.get(`/api/meetings/${ids.soon}`).expect(200)).body.permissions).toMatchObject({ rsvp: true, report: false });
  });

  it('leaves out what is not theirs: a draft not yet sent, a commune not invited', async () => {
    expect((await agenda(canLoc)).items).toEqual([]);
    expect((await agenda(thanhSen)).items).toEqual([]);
  });

  it('takes a window of days from a given date', async () => {
    const later = (await agenda(thachHa)).items.find((i) => i.id === ids.later)!;
    const day = DateTime.fromISO(later.startsAt).setZone(VN).toISODate()!;
    const one = await agenda(thachHa, { from: day, days: 1 });
    expect(one).toMatchObject({ from: day, to: day });
    expect(titles(one.items)).toEqual([ids.later]);
    const before = await agenda(thachHa, { from: DateTime.fromISO(day).minus({ days: 10 }).toISODate()!, days: 10 });
    expect(titles(before.items)).not.toContain(ids.later);
  });

  it('refuses a bad window with the error envelope, and strangers', async () => {
    for (const query of [{ days: 0 }, { days: 32 }, { from: '2026-02-30' }, { from: '12/01/2027' }, { days: 'many' }]) {
      const res = await thachHa.agent.get('/api/me/agenda').query(query).expect(400);
      expect(res.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    }
    const anonymous = await signIn(t.app, 'xa.canloc');
    await anonymous.agent.post('/api/auth/logout').send({}).expect(204);
    await anonymous.agent.get('/api/me/agenda').expect(401);
  });
});
