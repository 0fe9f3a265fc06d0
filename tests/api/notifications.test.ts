import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { io as connect, type Socket } from 'socket.io-client';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays, vietnamDate } from '../../server/calendar/working-days.ts';
import pino from 'pino';
import { LogMailer } from '../../server/notifications/mailer.ts';
import { reminderTimes, sendDueReminders } from '../../server/notifications/reminders.ts';
import { notifications, reminders } from '../../server/notifications/schema.ts';
import { startTestApp, signIn, type TestApp } from '../helpers/app.ts';
import { describeEachDb } from '../helpers/db.ts';

type Signed = Awaited<ReturnType<typeof signIn>>;

describe('reminder times', () => {
  it('reminds on the previous working day at the meeting time, and 15 minutes before', () => {
    // Tuesday 12 January 2027, 08:00 in Vietnam (01:00Z): Monday 11 January 08:00, then 07:45.
    expect(reminderTimes(new Date('2027-01-12T01:00:00Z'))).toEqual([
      { kind: 'day_before', dueAt: new Date('2027-01-11T01:00:00Z') },
      { kind: 'minutes_before', dueAt: new Date('2027-01-12T00:45:00Z') },
    ]);
    // Monday 18 January 2027: the working day before is Friday the 15th.
    expect(reminderTimes(new Date('2027-01-18T07:30:00Z'))[0]!.dueAt).toEqual(new Date('2027-01-15T07:30:00Z'));
  });

  it('skips holidays: a meeting on Tuesday 4 May 2027 is announced on Thursday 29 April', () => {
    // Friday 30/4 is Reunification Day and Monday 3/5 the day off for 1/5 falling on a Saturday.
    expect(reminderTimes(new Date('2027-05-04T02:00:00Z'))[0]!.dueAt).toEqual(new Date('2027-04-29T02:00:00Z'));
  });
});

describe('mailer', () => {
  it('logs instead of sending in development, one line per notification batch', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    await new LogMailer(log).send({ to: [{ bodyId: '42:ubnd' }, { userId: 'u1' }], subject: 'Giấy mời số 01/GM-VP', text: '…' });
    expect(JSON.parse(lines[0]!)).toMatchObject({ mail: { recipients: 2, sample: ['body:42:ubnd', 'user:u1'], subject: 'Giấy mời số 01/GM-VP' } });
  });
});

function open(url: string, cookie: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(url, { transports: ['websocket'], reconnection: false, extraHeaders: { cookie } });
    socket.on('connect', () => resolve(socket));
    socket.on('connect_error', reject);
  });
}

describeEachDb('notifications and reminders', (kind) => {
  let t: TestApp;
  let url: string;
  let convener: Signed;
  let thachHa: Signed;
  let canLoc: Signed;
  const d = () => addWorkingDays(vietnamDate(new Date()), 9);
  const create = async (title: string) =>
    (await convener.agent.post('/api/meetings').send({
      kind: 'giao_ban', form: 'truc_tuyen', title, chairName: 'Nguyễn Văn An', startsAt: `${d()}T08:00`, endsAt: `${d()}T10:00`,
      invitees: { communes: [thachHa.user.unit.code, canLoc.user.unit.code] },
    }).expect(201)).body;
  beforeAll(async () => {
    t = await startTestApp({ kind });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    convener = await signIn(t.app, 'vp.hatinh');
    thachHa = await signIn(t.app, 'xa.thachha');
    canLoc = await signIn(t.app, 'xa.canloc');
  });
  afterAll(() => t.close());

  it("pushes the invitation to a commune user's socket as it is issued", async () => {
    const login = await supertest(t.app.server).post('/api/auth/login').send({ username: 'xa.thachha', password: 'hopso-demo' }).expect(200);
    const cookie = ([] as string[]).concat(login.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
    const socket = await open(url, cookie);
    try {
      const meeting = await create('Họp nhận thông báo qua socket');
      const received = new Promise<Record<string, unknown>>((resolve) => socket.on('notification', (n: Record<string, unknown>) => {
        if (n['meetingId'] === meeting.id) resolve(n);
      }));
      await convener.agent.post(`/api/meetings/${meeting.id}/invitations/issue`).send({}).expect(200);
      const pushed = await received;
      expect(pushed).toMatchObject({ kind: 'invitation', bodyId: thachHa.user.body.id, userId: null, readAt: null });
      expect(pushed['title']).toMatch(/^Giấy mời số \d{2}\/GM-VP: Họp nhận thông báo qua socket$/);
    } finally {
      socket.close();
    }
  });

  it("lists my notifications and my body's, marks them read, and hides others'", async () => {
    const meeting = await create('Họp kiểm tra hộp thư');
    await convener.agent.post(`/api/meetings/${meeting.id}/invitations/issue`).send({}).expect(200);
    const list = await thachHa.agent.get('/api/notifications').expect(200);
    const mine = list.body.items.find((n: { meetingId: string }) => n.meetingId === meeting.id);
    expect(mine).toMatchObject({ kind: 'invitation', bodyId: thachHa.user.body.id });
    expect(list.body.unread).toBeGreaterThanOrEqual(2);
    const theirs = (await canLoc.agent.get('/api/notifications').expect(200)).body.items.find((n: { meetingId: string }) => n.meetingId === meeting.id);
    await thachHa.agent.post(`/api/notifications/${theirs.id}/read`).expect(404);
    await convener.agent.post(`/api/notifications/${mine.id}/read`).expect(404);
    const read = await thachHa.agent.post(`/api/notifications/${mine.id}/read`).expect(200);
    expect(read.body.readAt).not.toBeNull();
    const unread = await thachHa.agent.get('/api/notifications').query({ unread: true }).expect(200);
    expect(unread.body.items.map((n: { id: string }) => n.id)).not.toContain(mine.id);
    const all = await thachHa.agent.post('/api/notifications/read-all').expect(200);
    expect(all.body.updated).toBe(unread.body.unread);
    expect((await thachHa.agent.get('/api/notifications').expect(200)).body.unread).toBe(0);
    // A colleague of the same body sees it read too: the body's inbox is shared.
    expect((await canLoc.agent.get('/api/notifications').expect(200)).body.unread).toBeGreaterThan(0);
    await supertest(t.app.server).get('/api/notifications').expect(401);
    await thachHa.agent.post('/api/notifications/not-a-uuid/read').expect(400);
  });

  it('counts an invitation as read once its body answers it, and ends a reason with one full stop', async () => {
    const meeting = await create('Họp trả lời là đã đọc');
    await convener.agent.post(`/api/meetings/${meeting.id}/invitations/issue`).send({}).expect(200);
    const unreadFor = async (agent: typeof thachHa.agent) =>
      (await agent.get('/api/notifications').query({ unread: true, limit: 100 }).expect(200)).body.items.filter((n: { meetingId: string }) => n.meetingId === meeting.id);
    expect(await unreadFor(thachHa.agent)).toHaveLength(1);
    await thachHa.agent.post(`/api/meetings/${meeting.id}/rsvp`).send({ response: 'accept' }).expect(200);
    expect(await unreadFor(thachHa.agent)).toEqual([]);
    // Another invited body's invitation stays unread until it answers.
    expect(await unreadFor(canLoc.agent)).toHaveLength(1);
    await canLoc.agent.post(`/api/meetings/${meeting.id}/rsvp`).send({ response: 'decline', reason: 'Trùng lịch tiếp dân.' }).expect(200);
    const told = (await convener.agent.get('/api/notifications').query({ limit: 100 }).expect(200)).body.items
      .find((n: { meetingId: string; kind: string }) => n.meetingId === meeting.id && n.kind === 'rsvp');
    expect(told.body).toBe('Lý do: Trùng lịch tiếp dân.');
  });

  it('sends each reminder once when due, skipping bodies that declined', async () => {
    const meeting = await create('Họp có nhắc lịch');
    await convener.agent.post(`/api/meetings/${meeting.id}/invitations/issue`).send({}).expect(200);
    await canLoc.agent.post(`/api/meetings/${meeting.id}/rsvp`).send({ response: 'decline', reason: 'Trùng lịch' }).expect(200);
    const due = await t.app.db.select().from(reminders).where(eq(reminders.meetingId, meeting.id));
    const [dayBefore, soon] = reminderTimes(new Date(meeting.startsAt));
    expect(due.map((r) => [r.kind, r.dueAt.toISOString(), r.sentAt])).toEqual(expect.arrayContaining([
      ['day_before', dayBefore!.dueAt.toISOString(), null], ['minutes_before', soon!.dueAt.toISOString(), null],
    ]));

    const sentFor = async () => (await t.app.db.select().from(notifications).where(eq(notifications.meetingId, meeting.id)))
      .filter((n) => n.kind === 'reminder');
    expect((await sendDueReminders(t.app, new Date(dayBefore!.dueAt.getTime() - 1000))).reminders).toBe(0);
    expect(await sentFor()).toEqual([]);
    // Earlier meetings of this suite fall due too; what matters is this meeting's reminder.
    expect((await sendDueReminders(t.app, dayBefore!.dueAt)).reminders).toBeGreaterThanOrEqual(1);
    const marked = await t.app.db.select().from(reminders).where(eq(reminders.meetingId, meeting.id));
    expect(marked.find((r) => r.kind === 'day_before')!.sentAt).toEqual(dayBefore!.dueAt);
    expect(marked.find((r) => r.kind === 'minutes_before')!.sentAt).toBeNull();
    const afterFirst = await sentFor();
    expect(afterFirst.map((n) => n.bodyId).sort()).toEqual(['42:vp_ubnd', thachHa.user.body.id].sort());
    expect(afterFirst[0]!.title).toBe('Nhắc lịch họp: Họp có nhắc lịch');
    expect((await sendDueReminders(t.app, dayBefore!.dueAt)).reminders).toBe(0);
    expect((await sendDueReminders(t.app, soon!.dueAt)).reminders).toBeGreaterThanOrEqual(1);
    expect((await sentFor()).filter((n) => n.title.startsWith('Sắp họp (còn 15 phút)'))).toHaveLength(2);
  });

  it('moves reminders with a postponement and drops them on cancellation', async () => {
    const meeting = await create('Họp bị hoãn rồi hủy');
    await convener.agent.post(`/api/meetings/${meeting.id}/invitations/issue`).send({}).expect(200);
    const later = addWorkingDays(d(), 5);
    await convener.agent.post(`/api/meetings/${meeting.id}/postpone`)
      .send({ reason: 'Chờ ý kiến của Tỉnh ủy', startsAt: `${later}T15:00`, endsAt: `${later}T17:00` }).expect(200);
    const moved = await t.app.db.select().from(reminders).where(eq(reminders.meetingId, meeting.id));
    const expected = reminderTimes(new Date(`${later}T08:00:00Z`));
    expect(moved.find((r) => r.kind === 'minutes_before')!.dueAt).toEqual(expected[1]!.dueAt);
    expect(moved).toHaveLength(2);
    await convener.agent.post(`/api/meetings/${meeting.id}/cancel`).send({ reason: 'Không còn cần thiết' }).expect(200);
    expect(await t.app.db.select().from(reminders).where(eq(reminders.meetingId, meeting.id))).toEqual([]);
    // Even a stale reminder row is not sent for a cancelled meeting.
    await t.app.db.insert(reminders).values({ meetingId: meeting.id, kind: 'day_before', dueAt: new Date('2020-01-01T00:00:00Z') });
    expect(await sendDueReminders(t.app, new Date())).toMatchObject({ notifications: 0 });
  });
});
