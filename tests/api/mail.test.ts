import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import ICAL from 'ical.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { users } from '../../server/auth/schema.ts';
import { addWorkingDays, vietnamDate } from '../../server/calendar/working-days.ts';
import { documentFiles, documents } from '../../server/documents/schema.ts';
import { signIn, startTestApp, type TestApp } from '../helpers/app.ts';
import { describeEachDb } from '../helpers/db.ts';
import { decodeWords, fileNameOf, freePort, leaves, parseMime, startSmtpSink, type SmtpSink } from '../helpers/mail.ts';
import { eventually } from '../helpers/wait.ts';

type Agent = Awaited<ReturnType<typeof signIn>>['agent'];

describeEachDb('mail over SMTP', (kind) => {
  let t: TestApp;
  let smtp: (SmtpSink & { refuse(n: number): void }) | undefined;
  let port: number;
  let convener: Agent;
  const day = () => addWorkingDays(vietnamDate(new Date()), 8);

  beforeAll(async () => {
    // The mail server is not up yet: issuing must not wait for it, and mail must follow once it is.
    port = await freePort();
    t = await startTestApp({ kind, config: { SMTP_HOST: '127.0.0.1', SMTP_PORT: port, MAIL_FROM: 'Họp số Hà Tĩnh <hopso@hatinh.gov.vn>', MAIL_ATTEMPTS: 10, MAIL_RETRY_SECONDS: 0.2, PUBLIC_ORIGIN: 'https://hop.hatinh.gov.vn' } });
    convener = (await signIn(t.app, 'vp.hatinh')).agent;
    // Two of the invited communes have an address; a third invited commune has none and gets no mail.
    await t.db.update(users).set({ email: 'vanthu@thachha.hatinh.gov.vn' }).where(eq(users.username, 'xa.thachha'));
    await t.db.update(users).set({ email: 'vanthu@canloc.hatinh.gov.vn' }).where(eq(users.username, 'xa.canloc'));
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const mailsFor = (meetingId: string) => smtp!.received.filter((m) => m.raw.includes(meetingId));

  it('sends each invited body its Giấy mời with the .ics and the issued PDF, Vietnamese subject encoded, never holding up the request', async () => {
    const [thachHa, canLoc] = await Promise.all(['xa.thachha', 'xa.canloc'].map(async (u) => (await signIn(t.app, u)).user));
    const created = await convener.post('/api/meetings').send({
      kind: 'giao_ban', form: 'truc_tuyen', title: 'Giao ban công tác tháng Giêng', chairName: 'Nguyễn Văn An', startsAt: `${day()}T08:00`, endsAt: `${day()}T10:00`,
      invitees: { communes: [thachHa!.unit.code, canLoc!.unit.code] }, agenda: [{ title: 'Đánh giá kết quả' }],
    }).expect(201);
    const id = created.body.id as string;
    const started = Date.now();
    const issued = await convener.post(`/api/meetings/${id}/invitations/issue`).send({}).expect(200);
    expect(Date.now() - started).toBeLessThan(5000);

    smtp = await startSmtpSink(port);
    await eventually(() => mailsFor(id).length === 2, 20_000, 'mail 2');
    expect(mailsFor(id).map((m) => m.to).sort()).toEqual([['vanthu@canloc.hatinh.gov.vn'], ['vanthu@thachha.hatinh.gov.vn']]);

    const [file] = await t.db.select({ sha256: documentFiles.sha256 }).from(documentFiles).innerJoin(documents, eq(documents.id, documentFiles.documentId))
      .where(and(eq(documents.meetingId, id), eq(documents.type, 'GM')));
    for (const mail of mailsFor(id)) {
      const message = parseMime(mail.raw);
      // Non-ASCII subjects travel as RFC 2047 encoded words, and decode to the Vietnamese title.
      expect(message.headers.get('subject')).toMatch(/^=\?UTF-8\?[BQ]\?/i);
      expect(decodeWords(message.headers.get('subject')!)).toBe(`Giấy mời số ${issued.body.number}: Giao ban công tác tháng Giêng`);
      expect(decodeWords(message.headers.get('from')!)).toBe('Họp số Hà Tĩnh <hopso@hatinh.gov.vn>');
      const parts = leaves(message);
      const text = parts.find((p) => (p.headers.get('content-type') ?? '').startsWith('text/plain'))!;
      expect(text.body.toString('utf8')).toContain('trân trọng kính mời dự họp');
      expect(text.body.toString('utf8')).toContain(`https://hop.hatinh.gov.vn/meetings/${id}`);

      const ics = parts.find((p) => fileNameOf(p)?.endsWith('.ics'))!;
      expect(ics.headers.get('content-type')).toMatch(/text\/calendar.*method=REQUEST/i);
      const calendar = new ICAL.Component(ICAL.parse(ics.body.toString('utf8')));
      expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
      const event = calendar.getFirstSubcomponent('vevent')!;
      expect(event.getFirstPropertyValue('uid')).toBe(`${id}@hopso`);
      expect(event.getFirstPropertyValue('summary')).toBe('Giao ban công tác tháng Giêng');

      const pdf = parts.find((p) => fileNameOf(p)?.endsWith('.pdf'))!;
      expect(fileNameOf(pdf)).toBe(`Giay-moi-${String(issued.body.number).replace('/', '-')}.pdf`);
      expect(pdf.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      // The PDF mailed is the Giấy mời as issued: the stored bytes, not a new rendering.
      expect(createHash('sha256').update(pdf.body).digest('hex')).toBe(file!.sha256);
    }
  });

  it('tries again after a temporary refusal, and mails the cancellation with a CANCEL calendar entry', async () => {
    const thachHa = (await signIn(t.app, 'xa.thachha')).user;
    const created = await convener.post('/api/meetings').send({
      kind: 'giao_ban', form: 'truc_tuyen', title: 'Họp sẽ hủy', chairName: 'Nguyễn Văn An', startsAt: `${day()}T14:00`, endsAt: `${day()}T15:00`,
      invitees: { communes: [thachHa.unit.code] },
    }).expect(201);
    const id = created.body.id as string;
    await convener.post(`/api/meetings/${id}/invitations/issue`).send({}).expect(200);
    await eventually(() => mailsFor(id).length === 1, 20_000, 'mail 1');
    smtp!.refuse(2);
    await convener.post(`/api/meetings/${id}/cancel`).send({ reason: 'Chủ trì bận công tác đột xuất' }).expect(200);
    await eventually(() => mailsFor(id).length === 2, 20_000, 'mail 2');
    const cancel = parseMime(mailsFor(id)[1]!.raw);
    expect(decodeWords(cancel.headers.get('subject')!)).toBe('Hủy cuộc họp: Họp sẽ hủy');
    const parts = leaves(cancel);
    const ics = parts.find((p) => fileNameOf(p)?.endsWith('.ics'))!;
    expect(ics.body.toString('utf8')).toMatch(/METHOD:CANCEL/);
    expect(parts.some((p) => fileNameOf(p)?.endsWith('.pdf'))).toBe(false);
  });

  it('sends nothing to a body whose accounts have no address', async () => {
    const before = smtp!.received.length;
    await t.app.mailer.send({ to: [{ bodyId: '42:ubnd' }], subject: 'Không ai nhận', text: '…' });
    await new Promise((r) => setTimeout(r, 500));
    expect(smtp!.received.length).toBe(before);
  });
});
