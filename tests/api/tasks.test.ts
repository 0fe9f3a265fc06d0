import { afterAll, beforeAll, expect, it } from 'vitest';
import { addWorkingDays, isWorkingDay, vietnamDate } from '../../server/calendar/working-days.ts';
import { sendDueTaskReminders } from '../../server/tasks/reminders.ts';
import { startTestApp, signIn, type TestApp } from '../helpers/app.ts';
import { describeEachDb } from '../helpers/db.ts';
import { rows } from '../helpers/sessions.ts';

type Signed = Awaited<ReturnType<typeof signIn>>;
interface Assignment { id: string; bodyId: string; status: string; deadline: string; overdue: boolean; lastNote: string }

describeEachDb('tasks from conclusions', (kind) => {
  let t: TestApp;
  let convener: Signed;
  let secretary: Signed;
  let thachHa: Signed;
  let canLoc: Signed;
  let thanhSen: Signed;
  let meetingId: string;
  const today = vietnamDate(new Date());
  const deadline = addWorkingDays(today, 10);

  beforeAll(async () => {
    t = await startTestApp({ kind });
    [convener, secretary, thachHa, canLoc, thanhSen] = await Promise.all(
      ['vp.hatinh', 'thuky.hatinh', 'xa.thachha', 'xa.canloc', 'p.thanhsen'].map((u) => signIn(t.app, u)),
    ) as [Signed, Signed, Signed, Signed, Signed];
    const d = addWorkingDays(today, 5);
    const created = await convener.agent.post('/api/meetings').send({
      kind: 'giao_ban', form: 'truc_tuyen', title: 'Giao ban chuyển đổi số', chairName: 'Nguyễn Văn An', startsAt: `${d}T08:00`, endsAt: `${d}T10:00`,
      secretaryUserId: secretary.user.id, invitees: { communes: [thachHa.user.unit.code, canLoc.user.unit.code] },
    }).expect(201);
    meetingId = created.body.id;
    await convener.agent.post(`/api/meetings/${meetingId}/invitations/issue`).send({}).expect(200);
  });
  afterAll(() => t.close());

  const mine = async (who: Signed) => (await who.agent.get(`/api/meetings/${meetingId}/tasks`).expect(200)).body.items as { id: string; assignments: Assignment[]; completion: Record<string, number> }[];
  const step = (who: Signed, id: string, body: object) => who.agent.post(`/api/task-assignments/${id}/steps`).send(body);

  it('assigns a conclusion to every invited body; only the convening side may, on a working day', async () => {
    const body = { text: 'Rà soát thủ tục hành chính trực tuyến toàn trình', expectedResult: 'Báo cáo danh mục thủ tục', deadline, assignees: 'all-invited' };
    await thachHa.agent.post(`/api/meetings/${meetingId}/tasks`).send(body).expect(403);
    let saturday = '';
    for (let d = new Date(`${today}T00:00:00Z`); !saturday; d.setUTCDate(d.getUTCDate() + 1)) {
      const iso = d.toISOString().slice(0, 10);
      if (!isWorkingDay(iso)) saturday = iso;
    }
    const refused = await secretary.agent.post(`/api/meetings/${meetingId}/tasks`).send({ ...body, deadline: saturday }).expect(400);
    expect(refused.body.error.message).toMatch(/không phải ngày làm việc/);
    const res = await secretary.agent.post(`/api/meetings/${meetingId}/tasks`).send(body).expect(201);
    expect(res.body.assignments.map((a: Assignment) => a.bodyId).sort()).toEqual([thachHa.user.body.id, canLoc.user.body.id].sort());
    expect(res.body.completion).toEqual({ assigned: 2, done: 0, accepted: 0, overdue: 0 });
    // Each commune reads only its own share; the convener reads both.
    expect((await mine(thachHa))[0]!.assignments.map((a) => a.bodyId)).toEqual([thachHa.user.body.id]);
    expect((await mine(convener))[0]!.assignments).toHaveLength(2);
    await thanhSen.agent.get(`/api/meetings/${meetingId}/tasks`).expect(403);
    const inbox = (await thachHa.agent.get('/api/notifications').expect(200)).body.items.filter((n: { kind: string }) => n.kind === 'task');
    expect(inbox[0].title).toContain('Rà soát thủ tục');
  });

  it('moves received → in progress → done → accepted, and refuses steps out of turn with the reason', async () => {
    const [task] = await mine(thachHa);
    const a = task!.assignments[0]!;
    // Not its task; not its step; not from this state.
    await step(canLoc, a.id, { action: 'receive' }).expect(403);
    await step(thachHa, a.id, { action: 'accept' }).expect(403);
    const early = await step(convener, a.id, { action: 'accept' }).expect(409);
    expect(early.body.error.message).toContain('mới giao');
    await step(thachHa, a.id, { action: 'receive' }).expect(200);
    await step(thachHa, a.id, { action: 'receive' }).expect(409);
    await step(thachHa, a.id, { action: 'start', note: 'Đã phân công công chức' }).expect(200);
    await step(thachHa, a.id, { action: 'note' }).expect(400);
    await step(thachHa, a.id, { action: 'note', note: 'Đã rà soát 40/120 thủ tục' }).expect(200);
    const done = await step(thachHa, a.id, { action: 'complete', note: 'Hoàn thành, gửi kèm danh mục' }).expect(200);
    expect(done.body).toMatchObject({ status: 'done', lastNote: 'Hoàn thành, gửi kèm danh mục', mayWork: true, mayDecide: false });
    await step(convener, a.id, { action: 'return' }).expect(400);
    await step(convener, a.id, { action: 'return', note: 'Thiếu danh mục cấp xã' }).expect(200);
    await step(thachHa, a.id, { action: 'complete', note: 'Đã bổ sung' }).expect(200);
    const accepted = await step(secretary, a.id, { action: 'accept' }).expect(200);
    expect(accepted.body.history.map((h: { action: string }) => h.action)).toEqual(['receive', 'start', 'note', 'complete', 'return', 'complete', 'accept']);
    await step(thachHa, a.id, { action: 'note', note: 'thêm' }).expect(409);
    const [after] = await mine(convener);
    expect(after!.completion).toMatchObject({ assigned: 2, done: 1, accepted: 1 });
  });

  it('asks for an extension with a reason and a later working day; the convening body decides', async () => {
    const a = (await mine(canLoc))[0]!.assignments[0]!;
    await step(canLoc, a.id, { action: 'request_extension', deadline: addWorkingDays(deadline, 5) }).expect(400);
    await step(canLoc, a.id, { action: 'request_extension', note: 'Chờ số liệu của tỉnh', deadline: addWorkingDays(deadline, -1) }).expect(400);
    await step(canLoc, a.id, { action: 'request_extension', note: 'Chờ số liệu của tỉnh', deadline: addWorkingDays(deadline, 5) }).expect(200);
    await step(canLoc, a.id, { action: 'grant_extension' }).expect(403);
    const granted = await step(convener, a.id, { action: 'grant_extension', note: 'Đồng ý' }).expect(200);
    expect(granted.body).toMatchObject({ status: 'in_progress', deadline: addWorkingDays(deadline, 5), requestedDeadline: null });
    await step(convener, a.id, { action: 'refuse_extension', note: 'x' }).expect(409);
  });

  it('computes overdue against the Vietnam date and reminds once, the working day before', async () => {
    const a = (await mine(canLoc))[0]!.assignments[0]!;
    const past = addWorkingDays(today, -2);
    await rows(t.app, `update task_assignments set deadline = '${past}', remind_at = now() - interval '1 day', reminded_at = null where id = '${a.id}'`);
    const overdue = (await mine(convener))[0]!;
    expect(overdue.assignments.find((x) => x.id === a.id)!.overdue).toBe(true);
    // The accepted one is not overdue, whatever its deadline.
    await rows(t.app, `update task_assignments set deadline = '${past}' where status = 'accepted'`);
    expect((await mine(convener))[0]!.completion.overdue).toBe(1);
    const first = await sendDueTaskReminders(t.app, new Date());
    expect(first.notifications).toBe(1);
    expect((await sendDueTaskReminders(t.app, new Date())).reminders).toBe(0);
    const inbox = (await canLoc.agent.get('/api/notifications').expect(200)).body.items.map((n: { title: string }) => n.title);
    expect(inbox.some((title: string) => title.startsWith('Nhắc hạn nhiệm vụ'))).toBe(true);
    const [reminder] = await rows<{ remind_at: Date | string }>(t.app, `select remind_at from task_assignments where id <> '${a.id}'`);
    // Created with a deadline 10 working days ahead: its reminder is 08:00 on the 9th.
    expect(new Date(reminder!.remind_at).toISOString()).toBe(new Date(`${addWorkingDays(deadline, -1)}T08:00:00+07:00`).toISOString());
  });
});
