import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessLog } from '../../server/access-log/schema.ts';
import { attendanceEvents } from '../../server/attendance/schema.ts';
import { documentFiles } from '../../server/documents/schema.ts';
import { speakerLog } from '../../server/live/schema.ts';
import { meetings, meetingStatusChanges } from '../../server/meetings/schema.ts';
import type { RecordEvent } from '../../server/minutes/events.ts';
import { scheduleEndedMeetings } from '../../server/minutes/plugin.ts';
import { meetingRecords } from '../../server/minutes/schema.ts';
import type { MinutesContent, NoticeContent, RecordsResponse, RecordView } from '../../server/minutes/schemas.ts';
import { noticeDueDate, noticeReminderTimes } from '../../server/notifications/reminders.ts';
import { notifications, reminders } from '../../server/notifications/schema.ts';
import { meetingInvitees } from '../../server/invitations/schema.ts';
import { taskAssignments, tasks } from '../../server/tasks/schema.ts';
import type { VerifyNumberView } from '../../server/signing/schemas.ts';
import { signIn, startTestApp, type TestApp } from '../helpers/app.ts';
import { describeEachDb } from '../helpers/db.ts';
import { insertMeeting, userIds } from '../helpers/live.ts';

const vn = (local: string) => new Date(`${local}+07:00`);

describe('the conclusion notice is due 5 working days after the meeting ends', () => {
  it('counts across Tết 2026, a nghỉ bù day, a make-up Saturday and the Vietnamese date of a late end', () => {
    // Thu 12/02/2026: Fri 13 is the 1st working day, Tết runs 14–22/02, then 23, 24, 25, 26.
    expect(noticeDueDate(vn('2026-02-12T16:00'))).toBe('2026-02-26');
    // 01:30 on the 13th in Vietnam (18:30 UTC on the 12th): counting starts after the 13th.
    expect(noticeDueDate(new Date('2026-02-12T18:30:00Z'))).toBe('2026-02-27');
    // Thu 23/04/2026: Fri 24; Giỗ Tổ on Sun 26 gives Mon 27 off (nghỉ bù); Tue 28, Wed 29; 30/4 and 1/5; Mon 4, Tue 5.
    expect(noticeDueDate(vn('2026-04-23T10:00'))).toBe('2026-05-05');
    // Thu 08/01/2026: Fri 9, the make-up Saturday 10, Mon 12, Tue 13, Wed 14.
    expect(noticeDueDate(vn('2026-01-08T10:00'))).toBe('2026-01-14');
    // Reminders at 08:00 on the working day before the due date and on the working day after it.
    expect(noticeReminderTimes('2026-02-26').map((r) => [r.kind, r.dueAt.toISOString()])).toEqual([
      ['notice_due', '2026-02-25T01:00:00.000Z'],
      ['notice_overdue', '2026-02-27T01:00:00.000Z'],
    ]);
    expect(noticeReminderTimes('2026-05-05')[0]!.dueAt.toISOString()).toBe('2026-05-04T01:00:00.000Z');
  });
});

describeEachDb('minutes and conclusion notice workflow', (kind) => {
  let t: TestApp;
  let dir: string;
  let meetingId: string;
  let ids: Record<string, { id: string; bodyId: string }>;
  let secretary: supertest.Agent;
  let chair: supertest.Agent;
  let commune: supertest.Agent;
  const events: RecordEvent[] = [];

  beforeAll(async () => {
    t = await startTestApp({ kind });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'minutes-'));
    t.app.recordEvents.listen(async (_tx, e) => void events.push(e));
    ids = await userIds(t.db, ['vp.hatinh', 'thuky.hatinh', 'xa.thachha', 'xa.canloc', 'p.thanhsen']);
    const startsAt = new Date(Date.now() - 3 * 3600_000);
    const meeting = await insertMeeting(t.db, {
      startsAt, endsAt: new Date(startsAt.getTime() + 2 * 3600_000), status: 'invited', title: 'Giao ban công tác tháng 01/2026',
      agenda: ['Báo cáo tình hình kinh tế - xã hội', 'Ý kiến các xã, phường'],
      invitees: [
        { bodyId: ids['xa.thachha']!.bodyId },
        { bodyId: ids['xa.canloc']!.bodyId, rsvp: 'declined', declineReason: 'Trùng lịch tiếp công dân' },
        { bodyId: ids['p.thanhsen']!.bodyId, rsvp: 'substitute', substitute: { name: 'Lê Văn Cường', position: 'Phó Chủ tịch UBND phường', status: 'approved' } },
      ],
    });
    meetingId = meeting.id;
    await t.db.update(meetings).set({ chairUserId: ids['vp.hatinh']!.id, secretaryUserId: ids['thuky.hatinh']!.id, hostRoom: 'Phòng họp số 1, UBND tỉnh' }).where(eq(meetings.id, meetingId));
    await t.db.insert(meetingStatusChanges).values({ meetingId, fromStatus: 'invited', toStatus: 'live', changedAt: startsAt });
    // Thạch Hà on time; Thành Sen through its approved substitute, 40 minutes late.
    await t.db.insert(attendanceEvents).values([
      { meetingId, siteId: ids['xa.thachha']!.bodyId, userId: ids['xa.thachha']!.id, sessionId: 's1', kind: 'join', at: startsAt, data: { siteName: 'Ủy ban nhân dân xã Thạch Hà' } },
      { meetingId, siteId: ids['p.thanhsen']!.bodyId, userId: ids['p.thanhsen']!.id, sessionId: 's2', kind: 'join', at: new Date(startsAt.getTime() + 40 * 60_000), data: { siteName: 'Ủy ban nhân dân phường Thành Sen' } },
    ]);
    await t.db.insert(speakerLog).values({
      meetingId, siteId: ids['xa.thachha']!.bodyId, siteName: 'Ủy ban nhân dân xã Thạch Hà', userId: ids['xa.thachha']!.id, speakerName: 'Phạm Văn Đức',
      grantedAt: new Date(startsAt.getTime() + 30 * 60_000), agendaIndex: 1, agendaTitle: 'Ý kiến các xã, phường',
    });
    secretary = (await signIn(t.app, 'thuky.hatinh')).agent;
    chair = (await signIn(t.app, 'vp.hatinh')).agent;
    commune = (await signIn(t.app, 'xa.thachha')).agent;
  });
  afterAll(async () => {
    await t?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const base = () => `/api/meetings/${meetingId}/records`;
  const step = (agent: supertest.Agent, action: string, note?: string, k = 'minutes') => agent.post(`${base()}/${k}/steps`).send({ action, ...(note ? { note } : {}) });
  const expect409 = async (res: supertest.Response, reason: RegExp) => {
    expect(res.status, JSON.stringify(res.body)).toBe(409);
    expect((res.body as { error: { message: string } }).error.message).toMatch(reason);
  };

  it('opens the biên bản pre-filled from attendance and the speaker log, while the meeting is on', async () => {
    const res = await secretary.post(`${base()}/minutes`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const c = (res.body as RecordView).content as MinutesContent;
    expect(c.chair).toBe('Đồng chí Nguyễn Văn Hùng, Chánh Văn phòng');
    expect(c.secretary).toBe('Trần Thị Mai, Chuyên viên Văn phòng');
    expect(c.attendees.find((a) => a.status === 'absent_excused')).toMatchObject({ note: 'Trùng lịch tiếp công dân' });
    expect(c.attendees.find((a) => a.status === 'substitute')).toMatchObject({ name: 'Ủy ban nhân dân phường Thành Sen', note: 'Lê Văn Cường, Phó Chủ tịch UBND phường' });
    expect(c.attendees.find((a) => a.name === 'Ủy ban nhân dân xã Thạch Hà')).toMatchObject({ status: 'present' });
    expect(c.endedAt).toBeNull();
    expect(c.items.map((i) => i.title)).toEqual(['Báo cáo tình hình kinh tế - xã hội', 'Ý kiến các xã, phường']);
    expect(c.items[1]!.speakers).toEqual([expect.objectContaining({ name: 'Phạm Văn Đức', site: 'Ủy ban nhân dân xã Thạch Hà', at: expect.stringMatching(/\+07:00$/) })]);
    // Submitting waits for the end of the meeting.
    await secretary.post(`${base()}/minutes/lock`).send({});
    await expect409(await step(secretary, 'submit'), /chưa kết thúc/);
  });

  it('one editor at a time: a save needs the lock, another writer is told who holds it and may take over', async () => {
    const content = ((await secretary.post(`${base()}/minutes`)).body as RecordView).content as MinutesContent;
    await secretary.delete(`${base()}/minutes/lock`).expect(204);
    await expect409(await secretary.put(`${base()}/minutes/content`).send({ content }), /quyền soạn thảo/);
    expect((await secretary.post(`${base()}/minutes/lock`).send({})).status).toBe(200);
    await expect409(await chair.post(`${base()}/minutes/lock`).send({}), /Trần Thị Mai đang soạn/);
    expect((await chair.post(`${base()}/minutes/lock`).send({ takeover: true })).status).toBe(200);
    await expect409(await secretary.put(`${base()}/minutes/content`).send({ content }), /Nguyễn Văn Hùng đã tiếp quản/);
    const view = (await secretary.get(base())).body as RecordsResponse;
    expect(view.minutes!.lock).toMatchObject({ holderName: 'Nguyễn Văn Hùng', mine: false });
    expect((await secretary.post(`${base()}/minutes/lock`).send({ takeover: true })).status).toBe(200);
    const edited: MinutesContent = {
      ...content,
      items: content.items.map((i, n) => ({ ...i, presented: n === 0 ? 'Văn phòng báo cáo tình hình tháng 01' : '', votes: n === 1 ? [{ subject: 'thông qua kế hoạch', for: 25, against: 1, abstain: 2 }] : [] })),
      conclusions: [
        { text: 'Các xã hoàn thành báo cáo chuyển đổi số', assignees: 'all-invited', deadline: '2026-03-15', expectedResult: 'Báo cáo gửi Văn phòng' },
        { text: 'Xã Thạch Hà rà soát hồ sơ đất đai', assignees: [ids['xa.thachha']!.bodyId], deadline: null, expectedResult: '' },
      ],
    };
    const saved = await secretary.put(`${base()}/minutes/content`).send({ content: edited });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const [row] = await t.db.select().from(meetingRecords).where(and(eq(meetingRecords.meetingId, meetingId), eq(meetingRecords.kind, 'minutes')));
    expect((row!.content as MinutesContent).conclusions).toHaveLength(2);
    expect(row!.revision).toBe((saved.body as { revision: number }).revision);
  });

  it('every workflow step, in order, and each refusal with its reason (409)', async () => {
    await t.db.update(meetings).set({ status: 'ended' }).where(eq(meetings.id, meetingId));
    await t.db.insert(meetingStatusChanges).values({ meetingId, fromStatus: 'live', toStatus: 'ended', changedAt: new Date(Date.now() - 3600_000) });

    await expect409(await step(chair, 'approve'), /Không thể duyệt biên bản đang ở trạng thái "Dự thảo"/);
    await expect409(await step(secretary, 'sign_secretary'), /trạng thái "Dự thảo"/);
    await expect409(await step(chair, 'publish'), /chỉ được khi "Đã ký"/);
    expect((await step(secretary, 'approve')).status).toBe(403);
    expect((await step(commune, 'submit')).status).toBe(403);
    expect((await step(secretary, 'submit')).body).toMatchObject({ state: 'submitted', canEdit: false });
    await expect409(await secretary.put(`${base()}/minutes/content`).send({ content: ((await secretary.get(base())).body as RecordsResponse).minutes!.content }), /Không thể sửa khi ở trạng thái "Đã trình"/);
    expect((await step(chair, 'request_changes')).status).toBe(400);
    expect((await step(chair, 'request_changes', 'Bổ sung ý kiến của phường Thành Sen')).body).toMatchObject({ state: 'changes_requested' });
    const content = ((await secretary.get(base())).body as RecordsResponse).minutes!.content as MinutesContent;
    content.items[1]!.speakers.push({ name: 'Lê Văn Cường', site: 'Ủy ban nhân dân phường Thành Sen', at: '', view: 'Đề nghị hỗ trợ kinh phí' });
    expect((await secretary.put(`${base()}/minutes/content`).send({ content })).status).toBe(200);
    expect((await step(secretary, 'revise')).body).toMatchObject({ state: 'revised' });
    await expect409(await step(secretary, 'revise'), /chỉ được khi "Yêu cầu chỉnh sửa"/);
    expect((await step(chair, 'approve')).body).toMatchObject({ state: 'approved' });
    await expect409(await step(chair, 'sign_chair'), /chỉ được khi "Thư ký đã ký"/);

    // Nothing is shown to an invited commune before publication.
    expect(((await commune.get(base())).body as RecordsResponse).minutes).toBeNull();

    // A signature is personal: the convening body's convener (who may write minutes) is not the named thư ký.
    const notTheSecretary = await step(chair, 'sign_secretary');
    expect(notTheSecretary.status).toBe(403);
    expect(JSON.stringify(notTheSecretary.body)).toMatch(/Chỉ thư ký của cuộc họp/);

    const signed1 = await step(secretary, 'sign_secretary');
    expect(signed1.status, JSON.stringify(signed1.body)).toBe(200);
    const number = (signed1.body as RecordView).number!;
    expect(number).toMatch(/^\d{2}\/BB-VP$/);
    const signed2 = await step(chair, 'sign_chair');
    expect(signed2.body).toMatchObject({ state: 'signed', number });
    expect((signed2.body as RecordView).signatures.map((s) => s.role)).toEqual(['secretary', 'chair']);
    expect((await step(chair, 'publish')).body).toMatchObject({ state: 'published' });
    await expect409(await step(chair, 'publish'), /trạng thái "Đã ban hành"/);

    // Versions: every step kept, comparable section by section.
    const versions = (await secretary.get(`${base()}/minutes/versions`)).body as { items: { version: number; action: string }[] };
    expect(versions.items.map((v) => v.action)).toEqual(['submit', 'request_changes', 'revise', 'approve', 'sign_secretary', 'sign_chair', 'publish']);
    const compared = await secretary.get(`${base()}/minutes/compare`).query({ a: 1, b: 3 });
    expect(compared.status).toBe(200);
    const changed = (compared.body as { sections: { section: string; changed: boolean; after: string }[] }).sections.filter((s) => s.changed);
    expect(changed.map((s) => s.section)).toEqual(['Nội dung 2']);
    expect(changed[0]!.after).toContain('Đề nghị hỗ trợ kinh phí');
  });

  it('the published biên bản: signed twice, valid for pdfsig and the verify endpoint, read by the commune, announced', async () => {
    const res = await commune.get(base());
    const minutes = (res.body as RecordsResponse).minutes!;
    expect(minutes).toMatchObject({ state: 'published', canEdit: false, steps: [] });
    const pdf = await commune.get(`${base()}/minutes/pdf`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(pdf.status).toBe(200);
    const file = path.join(dir, 'bien-ban.pdf');
    fs.writeFileSync(file, pdf.body as Buffer);
    const run = spawnSync('pdfsig', [file], { encoding: 'utf8' });
    const text = `${run.stdout}${run.stderr}`;
    const signatures = text.split(/^Signature #\d+:$/m).slice(1);
    expect(signatures, text).toHaveLength(2);
    expect(signatures[0]).toContain('Signer Certificate Common Name: Trần Thị Mai');
    expect(signatures[1]).toContain('Signer Certificate Common Name: Nguyễn Văn Hùng');
    for (const s of signatures) expect(s).toContain('Signature Validation: Signature is Valid.');
    const words = spawnSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).stdout;
    for (const w of ['Cuộc họp kết thúc vào', 'BIÊN BẢN', `Số: ${minutes.number}`, 'THƯ KÝ', 'CHỦ TỌA', 'Lê Văn Cường, Phó Chủ tịch UBND phường dự thay', 'tán thành 25, không tán thành 1, không biểu quyết 2']) {
      expect(words.replace(/\s+/g, ' ')).toContain(w);
    }
    expect(words).not.toContain('kết thúc vào …');
    // No place/date line in a biên bản's header.
    expect(words).not.toMatch(/Hà Tĩnh, ngày/);

    const verified = await supertest(t.app.server).get(`/api/verify/${encodeURIComponent(minutes.number!)}`);
    const found = (verified.body as VerifyNumberView).documents;
    expect(found).toHaveLength(1);
    expect(found[0]!.verification?.valid).toBe(true);
    expect(found[0]!.verification?.signatures.map((s) => s.signerName)).toEqual(['Trần Thị Mai', 'Nguyễn Văn Hùng']);
    // The body's first number this year (one sequence for every type of document).
    expect(minutes.number).toBe('01/BB-VP');

    const told = await t.db.select().from(notifications).where(and(eq(notifications.bodyId, ids['xa.thachha']!.bodyId), eq(notifications.kind, 'minutes_published')));
    expect(told).toHaveLength(1);
    expect(events.find((e) => e.kind === 'minutes.published')?.conclusions.map((c) => c.assignees)).toEqual(['all-invited', [ids['xa.thachha']!.bodyId]]);
    // The conclusion with assignees and a deadline became a task for every invited body (its
    // Sunday deadline moved to the Monday); the one without a deadline stays a conclusion.
    const made = await t.db.select().from(tasks).where(eq(tasks.meetingId, meetingId));
    expect(made.map((m) => [m.sourceKind, m.text, m.deadline, m.conclusionIndex])).toEqual([['minutes', 'Các xã hoàn thành báo cáo chuyển đổi số', '2026-03-16', 0]]);
    const invitedCount = (await t.db.select().from(meetingInvitees).where(eq(meetingInvitees.meetingId, meetingId))).length;
    expect(await t.db.select().from(taskAssignments).where(eq(taskAssignments.taskId, made[0]!.id))).toHaveLength(invitedCount);
    const logged = await t.db.select({ action: accessLog.action }).from(accessLog);
    for (const a of ['minutes.read', 'minutes.change', 'minutes.submit', 'document.sign', 'document.publish', 'document.read']) expect(logged.map((l) => l.action)).toContain(a);
  });

  it('a published biên bản never changes: a correction is a new signed version that refers to it', async () => {
    const before = (await secretary.get(base())).body as RecordsResponse;
    const old = before.minutes!;
    const [oldFile] = await t.db.select().from(documentFiles).where(eq(documentFiles.documentId, old.documentId!));
    await expect409(await secretary.put(`${base()}/minutes/content`).send({ content: old.content }), /Không thể sửa/);
    await expect409(await step(secretary, 'submit'), /trạng thái "Đã ban hành"/);

    const corr = await secretary.post(`${base()}/minutes/correction`);
    expect(corr.status, JSON.stringify(corr.body)).toBe(200);
    const correction = corr.body as RecordView;
    expect(correction).toMatchObject({ state: 'draft', corrects: { id: old.id, number: old.number }, number: null });
    expect((await secretary.post(`${base()}/minutes/correction`)).status).toBe(409);
    await secretary.post(`${base()}/minutes/lock`).send({});
    const content = correction.content as MinutesContent;
    content.conclusions[0]!.deadline = '2026-03-20';
    expect((await secretary.put(`${base()}/minutes/content`).send({ content })).status).toBe(200);
    for (const [who, action] of [[secretary, 'submit'], [chair, 'approve'], [secretary, 'sign_secretary'], [chair, 'sign_chair'], [chair, 'publish']] as const) {
      const r = await step(who, action);
      expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(200);
    }
    const after = (await commune.get(base())).body as RecordsResponse;
    expect(after.minutes!.number).not.toBe(old.number);
    expect(after.minutes!.corrects).toEqual({ id: old.id, number: old.number });
    expect(after.published.map((p) => [p.number, p.supersededById])).toEqual([[old.number, after.minutes!.id], [after.minutes!.number, null]]);
    // The old one's stored bytes and content are as they were.
    const [stillOld] = await t.db.select().from(documentFiles).where(eq(documentFiles.documentId, old.documentId!));
    expect(stillOld!.sha256).toBe(oldFile!.sha256);
    const [oldRow] = await t.db.select().from(meetingRecords).where(eq(meetingRecords.id, old.id));
    expect((oldRow!.content as MinutesContent).conclusions[0]!.deadline).toBe('2026-03-15');
    const [newFile] = await t.db.select().from(documentFiles).where(eq(documentFiles.documentId, after.minutes!.documentId!));
    const f = path.join(dir, 'dinh-chinh.pdf');
    fs.writeFileSync(f, newFile!.content);
    expect(spawnSync('pdftotext', [f, '-'], { encoding: 'utf8' }).stdout.replace(/\s+/g, ' ')).toContain(`Biên bản này đính chính Biên bản số ${old.number}`);
  });

  it('the conclusion notice: drafted from the conclusions, due date shown, TB number, signed, published to every invited body', async () => {
    const due = ((await secretary.get(base())).body as RecordsResponse).noticeDue!;
    expect(due).toMatchObject({ published: false, overdue: false });
    expect(due.date).toBe(noticeDueDate(new Date(due.endedAt)));
    expect(await scheduleEndedMeetings(t.db)).toBeGreaterThanOrEqual(1);
    expect((await t.db.select().from(reminders).where(eq(reminders.meetingId, meetingId))).map((r) => r.kind).sort()).toEqual(['notice_due', 'notice_overdue']);

    const opened = await secretary.post(`${base()}/notice`);
    const notice = opened.body as RecordView;
    const content = notice.content as NoticeContent;
    expect(content.conclusions.map((c) => c.deadline)).toEqual(['2026-03-20', null]);
    expect(content.opening).toContain('kết luận như sau');
    expect((await secretary.post(`${base()}/notice/lock`).send({})).status).toBe(200);
    expect((await secretary.put(`${base()}/notice/content`).send({ content: { ...content, closing: 'Văn phòng UBND tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện' } })).status).toBe(200);
    expect((await step(secretary, 'submit', undefined, 'notice')).status).toBe(200);
    expect((await step(chair, 'approve', undefined, 'notice')).status).toBe(200);
    await expect409(await step(secretary, 'sign_secretary', undefined, 'notice'), /không có bước/);
    const signed = await step(chair, 'sign_chair', undefined, 'notice');
    expect(signed.status, JSON.stringify(signed.body)).toBe(200);
    expect((signed.body as RecordView).number).toMatch(/^\d{2}\/TB-VP$/);
    expect((await step(chair, 'publish', undefined, 'notice')).status).toBe(200);

    const read = (await commune.get(base())).body as RecordsResponse;
    expect(read.notice).toMatchObject({ state: 'published' });
    expect(read.noticeDue).toMatchObject({ published: true, overdue: false });
    const told = await t.db.select().from(notifications).where(and(eq(notifications.bodyId, ids['xa.canloc']!.bodyId), eq(notifications.kind, 'notice_published')));
    expect(told).toHaveLength(1);
    expect(events.filter((e) => e.kind === 'notice.published')).toHaveLength(1);
    // Published: the pending reminders are dropped, and none are scheduled again.
    expect(await t.db.select().from(reminders).where(eq(reminders.meetingId, meetingId))).toEqual([]);
    expect(await scheduleEndedMeetings(t.db)).toBe(0);
  });
});
