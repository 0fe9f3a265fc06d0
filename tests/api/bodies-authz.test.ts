import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/passwords.ts';
import { users } from '../../server/auth/schema.ts';
import { addWorkingDays, vietnamDate } from '../../server/calendar/working-days.ts';
import { meetings } from '../../server/meetings/schema.ts';
import { DEMO_PASSWORD, startTestApp, signIn, type TestApp } from '../helpers/app.ts';
import { describeEachDb } from '../helpers/db.ts';

type Signed = Awaited<ReturnType<typeof signIn>>;
const day = () => addWorkingDays(vietnamDate(new Date()), 8);

function draft(overrides: Record<string, unknown> = {}) {
  const d = day();
  return {
    kind: 'chuyen_mon', form: 'truc_tuyen', title: 'Họp chuyên đề', chairName: 'Nguyễn Văn An', chairPosition: 'Phó Chủ tịch UBND tỉnh',
    startsAt: `${d}T08:00`, endsAt: `${d}T10:00`, ...overrides,
  };
}

/**
 * Issue 8, authorization 1–2: a user acts for their own body and, by a delegation kept as
 * data, for its principal (VP UBND for UBND); a sibling body of the same unit has no say; an
 * invited body reads only its own rows of the meeting's reports.
 */
describeEachDb('authorization by body', (kind) => {
  let t: TestApp;
  let vp: Signed;
  let health: Signed;
  let thachHa: Signed;
  let canLoc: Signed;
  let vpMeeting: string;
  beforeAll(async () => {
    t = await startTestApp({ kind });
    await t.db.insert(users).values({
      username: 'syt.hatinh', passwordHash: await hashPassword(DEMO_PASSWORD), fullName: 'Đặng Văn Y', position: 'Chánh Văn phòng Sở',
      bodyId: '42:so_yt', role: 'convener',
    });
    [vp, health, thachHa, canLoc] = await Promise.all(['vp.hatinh', 'syt.hatinh', 'xa.thachha', 'xa.canloc'].map((u) => signIn(t.app, u))) as
      [Signed, Signed, Signed, Signed];
    const created = await vp.agent.post('/api/meetings').send(draft({
      invitees: { communes: [thachHa.user.unit.code, canLoc.user.unit.code] },
    })).expect(201);
    vpMeeting = created.body.id;
    await vp.agent.post(`/api/meetings/${vpMeeting}/invitations/issue`).send({}).expect(200);
    await canLoc.agent.post(`/api/meetings/${vpMeeting}/rsvp`).send({ response: 'decline', reason: 'Trùng lịch tiếp công dân' }).expect(200);
    await thachHa.agent.post(`/api/meetings/${vpMeeting}/rsvp`).send({ response: 'accept' }).expect(200);
  });
  afterAll(() => t.close());

  it('refuses to convene for a body of the same unit the user does not act for', async () => {
    const res = await vp.agent.post('/api/meetings').send(draft({ convenerBodyId: '42:dang_uy' })).expect(403);
    expect(res.body.error.code).toBe('forbidden');
    await health.agent.post('/api/meetings').send(draft({ convenerBodyId: '42:vp_ubnd' })).expect(403);
    await health.agent.post('/api/meetings').send(draft({ convenerBodyId: '42:ubnd' })).expect(403);
    const own = await health.agent.post('/api/meetings').send(draft({ convenerBodyId: '42:so_yt' })).expect(201);
    expect(own.body.convenerBodyId).toBe('42:so_yt');
  });

  it('lets VP UBND convene for UBND by delegation, numbering in UBND’s register and signing TL. Chủ tịch', async () => {
    const created = await vp.agent.post('/api/meetings').send(draft({ convenerBodyId: '42:ubnd', invitees: { communes: [thachHa.user.unit.code] } })).expect(201);
    expect(created.body).toMatchObject({ convenerBodyId: '42:ubnd', permissions: { manage: true, chair: true } });
    const issued = await vp.agent.post(`/api/meetings/${created.body.id}/invitations/issue`).send({}).expect(200);
    expect(issued.body.number).toMatch(/^\d{2}\/GM-UBND$/);
    const [row] = await t.db.select({ signer: meetings.invitationSigner }).from(meetings).where(eq(meetings.id, created.body.id));
    // Drafted by VP, so VP is the drafting unit of "Lưu: VT, VP.".
    expect(row!.signer).toEqual({ authority: [{ prefix: 'TL.', of: 'Chủ tịch' }], position: 'Chánh Văn phòng', fullName: 'Nguyễn Văn Hùng', draftingUnit: 'VP' });
    // Acting for its own body, VP UBND's head signs without any authority line; its own office drafts.
    const own = await vp.agent.post('/api/meetings').send(draft({ invitees: { communes: [thachHa.user.unit.code] } })).expect(201);
    await vp.agent.post(`/api/meetings/${own.body.id}/invitations/issue`).send({}).expect(200);
    const [ownRow] = await t.db.select({ signer: meetings.invitationSigner }).from(meetings).where(eq(meetings.id, own.body.id));
    expect(ownRow!.signer).toEqual({ position: 'Chánh Văn phòng', fullName: 'Nguyễn Văn Hùng', draftingUnit: 'HCTC' });
  });

  it('gives a sibling body’s convener no chủ trì or managing power over the meeting', async () => {
    const other = await vp.agent.post('/api/meetings').send(draft({ title: 'Dự thảo của Văn phòng' })).expect(201);
    await health.agent.patch(`/api/meetings/${other.body.id}`).send({ title: 'Sửa trộm' }).expect(403);
    await health.agent.post(`/api/meetings/${other.body.id}/invitations/issue`).send({}).expect(403);
    await health.agent.post(`/api/meetings/${vpMeeting}/cancel`).send({ reason: 'Hủy trộm' }).expect(403);
    await health.agent.post(`/api/meetings/${vpMeeting}/postpone`).send({ reason: 'Hoãn trộm', startsAt: `${day()}T14:00`, endsAt: `${day()}T15:00` }).expect(403);
    await health.agent.post(`/api/meetings/${vpMeeting}/status`).send({ to: 'live' }).expect(403);
    // It may still read the meeting (same unit), but sees no permissions to act.
    const read = await health.agent.get(`/api/meetings/${vpMeeting}`).expect(200);
    expect(read.body.permissions).toEqual({ manage: false, chair: false, rsvp: false, report: false });
    const [row] = await t.db.select({ status: meetings.status, title: meetings.title }).from(meetings).where(eq(meetings.id, other.body.id));
    expect(row).toEqual({ status: 'draft', title: 'Dự thảo của Văn phòng' });
  });

  it('shows an invited commune only its own invitee row, with the convener seeing every site and reason', async () => {
    const all = await vp.agent.get(`/api/meetings/${vpMeeting}/invitees`).expect(200);
    expect(all.body.total).toBe(2);
    expect(all.body.items.map((i: { declineReason: string | null }) => i.declineReason)).toContain('Trùng lịch tiếp công dân');
    const mine = await thachHa.agent.get(`/api/meetings/${vpMeeting}/invitees`).expect(200);
    expect(mine.body.items.map((i: { bodyId: string }) => i.bodyId)).toEqual([thachHa.user.body.id]);
    expect(JSON.stringify(mine.body)).not.toContain('Trùng lịch');
    const sibling = await health.agent.get(`/api/meetings/${vpMeeting}/invitees`).expect(200);
    expect(sibling.body.items).toEqual([]);
  });

  it('shows an invited commune only its own attendance row, in JSON and CSV', async () => {
    const all = await vp.agent.get(`/api/meetings/${vpMeeting}/attendance`).expect(200);
    expect(all.body.sites.map((s: { siteId: string }) => s.siteId).sort()).toEqual([thachHa.user.body.id, canLoc.user.body.id].sort());
    expect(all.body.totals.invited).toBe(2);
    const mine = await thachHa.agent.get(`/api/meetings/${vpMeeting}/attendance`).expect(200);
    expect(mine.body.sites.map((s: { siteId: string }) => s.siteId)).toEqual([thachHa.user.body.id]);
    expect(mine.body.totals).toMatchObject({ invited: 1, absent: 1 });
    const csv = await thachHa.agent.get(`/api/meetings/${vpMeeting}/attendance.csv`).expect(200);
    expect(csv.text).not.toContain('Can Lộc');
    expect(csv.text).not.toContain('Trùng lịch');
    const fullCsv = await vp.agent.get(`/api/meetings/${vpMeeting}/attendance.csv`).expect(200);
    expect(fullCsv.text).toContain('Can Lộc');
  });
});
