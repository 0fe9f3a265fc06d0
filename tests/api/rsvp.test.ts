import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addWorkingDays, vietnamDate } from '../../server/calendar/working-days.ts';
import { meetingInvitees } from '../../server/invitations/schema.ts';
import { startTestApp, signIn, type TestApp } from '../helpers/app.ts';
import { describeEachDb } from '../helpers/db.ts';

type Signed = Awaited<ReturnType<typeof signIn>>;
const day = () => addWorkingDays(vietnamDate(new Date()), 8);

describeEachDb('RSVP and substitutes', (kind) => {
  let t: TestApp;
  let convener: Signed;
  let secretary: Signed;
  let thachHa: Signed;
  let canLoc: Signed;
  let thanhSen: Signed;
  let meetingId: string;
  beforeAll(async () => {
    t = await startTestApp({ kind });
    [convener, secretary, thachHa, canLoc, thanhSen] = await Promise.all(
      ['vp.hatinh', 'thuky.hatinh', 'xa.thachha', 'xa.canloc', 'p.thanhsen'].map((u) => signIn(t.app, u)),
    ) as [Signed, Signed, Signed, Signed, Signed];
    const d = day();
    const created = await convener.agent.post('/api/meetings').send({
      kind: 'chuyen_mon', form: 'ket_hop', title: 'Họp triển khai chuyển đổi số cấp xã', chairName: 'Nguyễn Văn An', chairPosition: 'Phó Chủ tịch UBND tỉnh',
      chairUserId: convener.user.id, startsAt: `${d}T14:00`, endsAt: `${d}T16:30`,
      invitees: { communes: [thachHa.user.unit.code, canLoc.user.unit.code] },
    }).expect(201);
    meetingId = created.body.id;
    // Before the invitations go out nobody can answer: nobody is invited yet.
    await thachHa.agent.post(`/api/meetings/${meetingId}/rsvp`).send({ response: 'accept' }).expect(403);
    await convener.agent.post(`/api/meetings/${meetingId}/invitations/issue`).send({}).expect(200);
  });
  afterAll(() => t.close());

  const inbox = async (who: Signed, kind: string) =>
    (await who.agent.get('/api/notifications').expect(200)).body.items.filter((n: { kind: string; meetingId: string }) => n.kind === kind && n.meetingId === meetingId);

  it('lets only the invited body answer for itself', async () => {
    await thanhSen.agent.post(`/api/meetings/${meetingId}/rsvp`).send({ response: 'accept' }).expect(403);
    await convener.agent.post(`/api/meetings/${meetingId}/rsvp`).send({ response: 'accept' }).expect(403);
    const ok = await thachHa.agent.post(`/api/meetings/${meetingId}/rsvp`).send({ response: 'accept' }).expect(200);
    expect(ok.body).toMatchObject({ bodyId: thachHa.user.body.id, rsvp: 'accepted', declineReason: null, substituteName: null });
    const mine = await thachHa.agent.get(`/api/meetings/${meetingId}`).expect(200);
    expect(mine.body.myInvitation).toMatchObject({ rsvp: 'accepted' });
    expect(mine.body.rsvpSummary).toEqual({ total: 2, pending: 1, accepted: 1, declined: 0, substitute: 0 });
  });

  it('requires a reason to decline and tells the organisers', async () => {
    const bare = await canLoc.agent.post(`/api/meetings/${meetingId}/rsvp`).send({ response: 'decline' }).expect(400);
    expect(bare.body.error.message).toMatch(/lý do/);
    await canLoc.agent.post(`/api/meetings/${meetingId}/rsvp`).send({ response: 'maybe' }).expect(400);
    const res = await canLoc.agent.post(`/api/meetings/${meetingId}/rsvp`).send({ response: 'decline', reason: 'Trùng lịch tiếp công dân định kỳ' }).expect(200);
    expect(res.body).toMatchObject({ rsvp: 'declined', declineReason: 'Trùng lịch tiếp công dân định kỳ' });
    const told = await inbox(convener, 'rsvp');
    // The chủ trì works in the convening body, so its inbox is told once, not twice.
    expect(told).toHaveLength(1);
    expect(told[0].body).toContain('Trùng lịch tiếp công dân định kỳ');
  });

  it('takes a substitute proposal that the chủ trì approves, keeping "X for Y" clean', async () => {
    const noName = await canLoc.agent.post(`/api/meetings/${meetingId}/rsvp`).send({ response: 'substitute' }).expect(400);
    expect(noName.body.error.message).toMatch(/người dự thay/);
    const proposed = await canLoc.agent.post(`/api/meetings/${meetingId}/rsvp`)
      .send({ response: 'substitute', substitute: { name: 'Trần Văn Bình', position: 'Phó Chủ tịch UBND xã' } }).expect(200);
    expect(proposed.body).toMatchObject({ rsvp: 'substitute', declineReason: null, substituteName: 'Trần Văn Bình', substitutePosition: 'Phó Chủ tịch UBND xã', substituteStatus: 'pending' });
    expect(await inbox(convener, 'substitute_request')).toHaveLength(1);

    const path = `/api/meetings/${meetingId}/invitees/${canLoc.user.body.id}/substitute`;
    await canLoc.agent.post(path).send({ decision: 'approve' }).expect(403);
    await thachHa.agent.post(path).send({ decision: 'approve' }).expect(403);
    await secretary.agent.post(path).send({ decision: 'approve' }).expect(403);
    const approved = await convener.agent.post(path).send({ decision: 'approve', note: 'Đồng ý' }).expect(200);
    expect(approved.body).toMatchObject({ substituteStatus: 'approved', substituteNote: 'Đồng ý', substituteName: 'Trần Văn Bình' });
    const [row] = await t.app.db.select().from(meetingInvitees).where(eq(meetingInvitees.bodyId, canLoc.user.body.id));
    expect(row).toMatchObject({ substituteDecidedBy: convener.user.id, respondedBy: canLoc.user.id });
    const decision = await inbox(canLoc, 'substitute_decision');
    expect(decision[0].title).toMatch(/đồng ý người dự thay/);
    await convener.agent.post(path).send({ decision: 'reject' }).expect(409);
  });

  it('rejects a new proposal and clears substitute data when the body then accepts', async () => {
    const path = `/api/meetings/${meetingId}/invitees/${canLoc.user.body.id}/substitute`;
    await canLoc.agent.post(`/api/meetings/${meetingId}/rsvp`)
      .send({ response: 'substitute', substitute: { name: 'Lê Thị Cúc', position: 'Công chức Văn phòng - Thống kê' } }).expect(200);
    const rejected = await convener.agent.post(path).send({ decision: 'reject', note: 'Nội dung cần lãnh đạo xã trực tiếp dự' }).expect(200);
    expect(rejected.body).toMatchObject({ substituteStatus: 'rejected', substituteName: 'Lê Thị Cúc' });
    const told = await inbox(canLoc, 'substitute_decision');
    expect(told[0].title).toMatch(/không đồng ý/);
    expect(told[0].body).toContain('Nội dung cần lãnh đạo xã trực tiếp dự');
    const accepted = await canLoc.agent.post(`/api/meetings/${meetingId}/rsvp`).send({ response: 'accept' }).expect(200);
    expect(accepted.body).toMatchObject({ rsvp: 'accepted', substituteName: null, substitutePosition: null, substituteStatus: null, substituteNote: null });
    await convener.agent.post(path).send({ decision: 'approve' }).expect(409);
    await convener.agent.post(`/api/meetings/${meetingId}/invitees/00000:ubnd/substitute`).send({ decision: 'approve' }).expect(404);
  });

  it("tells a chủ trì from another body in their own inbox", async () => {
    const admin = await signIn(t.app, 'admin.hatinh');
    const d = day();
    const created = await convener.agent.post('/api/meetings').send({
      kind: 'chuyen_mon', form: 'truc_tuyen', title: 'Họp do Chủ tịch UBND tỉnh chủ trì', chairName: 'Lê Minh Tuấn',
      chairUserId: admin.user.id, startsAt: `${d}T08:00`, endsAt: `${d}T09:00`, invitees: { communes: [thachHa.user.unit.code] },
    }).expect(201);
    await convener.agent.post(`/api/meetings/${created.body.id}/invitations/issue`).send({}).expect(200);
    await thachHa.agent.post(`/api/meetings/${created.body.id}/rsvp`).send({ response: 'decline', reason: 'Đi công tác tỉnh ngoài' }).expect(200);
    const chairInbox = (await admin.agent.get('/api/notifications').expect(200)).body.items
      .filter((n: { meetingId: string }) => n.meetingId === created.body.id);
    expect(chairInbox).toEqual([expect.objectContaining({ kind: 'rsvp', userId: admin.user.id, bodyId: null })]);
    // The chủ trì decides on substitutes even outside the convening body.
    await thachHa.agent.post(`/api/meetings/${created.body.id}/rsvp`).send({ response: 'substitute', substitute: { name: 'Ngô Văn Dũng', position: 'Phó Chủ tịch UBND xã' } }).expect(200);
    await admin.agent.post(`/api/meetings/${created.body.id}/invitees/${thachHa.user.body.id}/substitute`).send({ decision: 'approve' }).expect(200);
  });

  it('stops taking answers once the meeting is cancelled', async () => {
    await convener.agent.post(`/api/meetings/${meetingId}/cancel`).send({ reason: 'Điều chỉnh kế hoạch' }).expect(200);
    const late = await thachHa.agent.post(`/api/meetings/${meetingId}/rsvp`).send({ response: 'decline', reason: 'Bận' }).expect(409);
    expect(late.body.error.message).toMatch(/không còn nhận trả lời/);
  });
});
