import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addWorkingDays, vietnamDate } from '../../server/calendar/working-days.ts';
import { documents } from '../../server/documents/schema.ts';
import { meetingInvitees } from '../../server/invitations/schema.ts';
import { startTestApp, signIn, type TestApp } from '../helpers/app.ts';
import { describeEachDb } from '../helpers/db.ts';

type Agent = Awaited<ReturnType<typeof signIn>>['agent'];
const workingDaysAhead = (n: number) => addWorkingDays(vietnamDate(new Date()), n);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function binary(res: NodeJS.ReadableStream, done: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

describeEachDb('changes after issue: frozen documents, replacing Giấy mời, the record', (kind) => {
  let t: TestApp;
  let convener: Agent;
  let commune: Agent;
  let communeCode = '';
  const day = workingDaysAhead(10);
  const draft = (title: string) => ({
    kind: 'giao_ban', form: 'truc_tuyen', title, chairName: 'Nguyễn Văn An', chairPosition: 'Phó Chủ tịch UBND tỉnh',
    hostRoom: 'Phòng họp số 1, UBND tỉnh', startsAt: `${day}T08:00`, endsAt: `${day}T11:00`,
    agenda: [{ title: 'Báo cáo kết quả tháng' }], preparation: 'Chuẩn bị báo cáo.', invitees: { communes: [communeCode] },
  });
  const issued = async (title: string): Promise<string> => {
    const created = await convener.post('/api/meetings').send(draft(title));
    expect(created.body).toMatchObject({ id: expect.any(String) });
    await convener.post(`/api/meetings/${created.body.id}/invitations/issue`).send({}).expect(200);
    return created.body.id as string;
  };
  const pdf = async (agent: Agent, url: string) => (await agent.get(url).buffer(true).parse(binary as never).expect(200)).body as Buffer;

  beforeAll(async () => {
    t = await startTestApp({ kind });
    convener = (await signIn(t.app, 'vp.hatinh')).agent;
    const thachHa = await signIn(t.app, 'xa.thachha');
    commune = thachHa.agent;
    communeCode = thachHa.user.unit.code;
  });
  afterAll(() => t.close());

  it('serves the issued Giấy mời byte for byte after the meeting changes, and the change gets its own number', async () => {
    const id = await issued('Giao ban tháng (văn bản đóng băng)');
    const original = await pdf(commune, `/api/meetings/${id}/invitation.pdf`);
    const first = (await commune.get(`/api/meetings/${id}/record`).expect(200)).body;
    expect(first.documents).toHaveLength(1);
    expect(first.documents[0]).toMatchObject({ kind: 'invitation', current: true, sha256: sha(original), size: original.length });

    // A change that is not printed in the header facts (what to prepare) sends no new document: the Giấy mời stays as issued.
    await convener.post(`/api/meetings/${id}/changes`).send({ preparation: 'Chuẩn bị báo cáo và số liệu quý.', reason: 'Bổ sung yêu cầu chuẩn bị' }).expect(200);
    expect(sha(await pdf(commune, `/api/meetings/${id}/invitation.pdf`))).toBe(sha(original));

    // A new place is a formal change: the next GM number, naming the one it replaces.
    const oldNumber = first.documents[0].number as string;
    const changed = await convener.post(`/api/meetings/${id}/changes`)
      .send({ hostRoom: 'Hội trường lớn, UBND tỉnh', reason: 'Phòng họp số 1 đang sửa chữa' }).expect(200);
    expect(changed.body.invitation.number).not.toBe(oldNumber);
    const record = (await commune.get(`/api/meetings/${id}/record`).expect(200)).body;
    expect(record.documents.map((d: { kind: string; current: boolean }) => [d.kind, d.current])).toEqual([['invitation', false], ['replacement', true]]);
    const [oldDoc, newDoc] = record.documents;
    const [n1, n2] = [oldNumber, newDoc.number].map((n: string) => Number(n.split('/')[0]));
    expect(n2).toBeGreaterThan(n1!);
    expect(newDoc.number).toMatch(/^\d{2,}\/GM-/);
    const registered = await t.app.db.select().from(documents).where(and(eq(documents.meetingId, id), eq(documents.type, 'GM')));
    expect(registered.map((d) => d.formatted).sort()).toEqual([oldNumber, newDoc.number].sort());

    const frozen = await pdf(commune, oldDoc.url);
    expect(frozen.equals(original)).toBe(true);
    const replacing = await pdf(commune, `/api/meetings/${id}/invitation.pdf`);
    expect(sha(replacing)).toBe(newDoc.sha256);
    const text = execFileSync('pdftotext', ['-layout', '-', '-'], { input: replacing }).toString('utf8').replace(/\s+/g, ' ');
    expect(text).toContain(`Số: ${newDoc.number}`);
    expect(text).toContain(`Thay thế Giấy mời số ${oldNumber}`);
    expect(text).toContain('Lý do: Phòng họp số 1 đang sửa chữa');
    expect(text).toContain('Hội trường lớn, UBND tỉnh');

    expect(record.changes[0]).toMatchObject({
      kind: 'change', reason: 'Phòng họp số 1 đang sửa chữa', urgent: false, rsvpReset: false, document: { id: newDoc.id, number: newDoc.number },
      fields: [{ field: 'place', from: 'Phòng họp số 1, UBND tỉnh', to: 'Hội trường lớn, UBND tỉnh' }], changedBy: expect.any(String),
    });
    expect(record.changes[1]).toMatchObject({ fields: [{ field: 'preparation' }], document: null });
    const told = (await commune.get('/api/notifications').expect(200)).body.items.filter((n: { meetingId: string }) => n.meetingId === id);
    expect(told[0]).toMatchObject({ kind: 'meeting_changed' });
    expect(told[0].body).toContain('Lý do: Phòng họp số 1 đang sửa chữa');
    expect(told[0].body).toContain(newDoc.number);
  });

  it('holds changes and postponements to the 3-working-day rule unless urgent, and requires a reason', async () => {
    const id = await issued('Giao ban tháng (đổi giờ)');
    const soon = workingDaysAhead(1);
    // The plain edit no longer moves an issued meeting.
    const patch = await convener.patch(`/api/meetings/${id}`).send({ startsAt: `${soon}T08:00`, endsAt: `${soon}T09:00` }).expect(409);
    expect(patch.body.error.details).toEqual({ issued: true });
    await convener.post(`/api/meetings/${id}/changes`).send({ startsAt: `${soon}T08:00`, endsAt: `${soon}T09:00` }).expect(400);
    const early = await convener.post(`/api/meetings/${id}/changes`).send({ startsAt: `${soon}T08:00`, endsAt: `${soon}T09:00`, reason: 'Lãnh đạo bận' }).expect(400);
    expect(early.body.error.details).toMatchObject({ required: 3 });
    const postponeEarly = await convener.post(`/api/meetings/${id}/postpone`).send({ startsAt: `${soon}T14:00`, endsAt: `${soon}T15:00`, reason: 'Lãnh đạo bận' }).expect(400);
    expect(postponeEarly.body.error.details).toMatchObject({ required: 3 });
    await convener.post(`/api/meetings/${id}/changes`).send({ hostRoom: 'Phòng 2', reason: 'Lãnh đạo bận', invitees: { communes: [communeCode] } }).expect(409);

    // Answers given for the old time are asked for again.
    await commune.post(`/api/meetings/${id}/rsvp`).send({ response: 'accept' }).expect(200);
    const urgent = await convener.post(`/api/meetings/${id}/changes`)
      .send({ startsAt: `${soon}T08:00`, endsAt: `${soon}T09:00`, reason: 'Chỉ đạo khẩn của Tỉnh ủy', urgent: true }).expect(200);
    expect(urgent.body).toMatchObject({ startsAtLocal: `${soon}T08:00`, status: 'invited', sequence: 1 });
    const answers = await t.app.db.select().from(meetingInvitees).where(eq(meetingInvitees.meetingId, id));
    expect(answers.every((a) => a.rsvp === 'pending')).toBe(true);
    const record = (await convener.get(`/api/meetings/${id}/record`).expect(200)).body;
    expect(record.changes[0]).toMatchObject({ urgent: true, rsvpReset: true, fields: [{ field: 'time', to: expect.stringContaining('08:00') }] });
    expect(record.documents).toHaveLength(2);

    const later = workingDaysAhead(12);
    const postponed = await convener.post(`/api/meetings/${id}/postpone`).send({ startsAt: `${later}T14:00`, endsAt: `${later}T16:00`, reason: 'Chờ ý kiến Tỉnh ủy' }).expect(200);
    expect(postponed.body).toMatchObject({ status: 'postponed', statusReason: 'Chờ ý kiến Tỉnh ủy' });
    const after = (await convener.get(`/api/meetings/${id}/record`).expect(200)).body;
    expect(after.changes[0]).toMatchObject({ kind: 'postponement', rsvpReset: true });
    expect(after.documents).toHaveLength(3);
    expect(postponed.body.invitation.number).toBe(after.documents[2].number);
  });

  it('refuses to issue a meeting whose start has passed, saying to edit it', async () => {
    const past = await convener.post('/api/meetings').send({ ...draft('Họp đã qua giờ'), startsAt: '2020-03-02T08:00', endsAt: '2020-03-02T09:00' }).expect(201);
    const refused = await convener.post(`/api/meetings/${past.body.id}/invitations/issue`).send({}).expect(400);
    expect(refused.body.error.details).toMatchObject({ pastStart: true });
    expect(refused.body.error.message).toContain('Sửa cuộc họp');
    // A draft changes freely, and is then issued.
    await convener.patch(`/api/meetings/${past.body.id}`).send({ startsAt: `${day}T08:00`, endsAt: `${day}T09:00` }).expect(200);
    await convener.post(`/api/meetings/${past.body.id}/invitations/issue`).send({}).expect(200);
    await convener.post(`/api/meetings/${past.body.id}/changes`).send({ reason: 'Không đổi gì' }).expect(400);
  });
});
