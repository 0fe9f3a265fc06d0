import fs from 'node:fs';
import { and, eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { meetings, meetingStatusChanges } from '../../server/meetings/schema.ts';
import { meetingRecords } from '../../server/minutes/schema.ts';
import type { MinutesContent } from '../../server/minutes/schemas.ts';
import { signIn, startTestApp, type TestServer } from '../helpers/app.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { describeEachDb } from '../helpers/db.ts';
import { connectAs, insertMeeting, userIds, type LiveClient } from '../helpers/live.ts';
import { DESK, openAs, overflowX, PHONE, type Person } from '../helpers/pages.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * During a live meeting the secretary drafts the biên bản in Chromium (saved as typed), the
 * meeting ends, the chủ tọa reviews it, both sign, it is published; the thông báo kết luận is
 * drafted from its conclusions, signed and published; a commune account reads both. Screens
 * at 1366×768 and 412×915 go to /tmp/shots-minutes. Needs `npx vite build client` first.
 */
const SHOTS = '/tmp/shots-minutes';

describeEachDb('minutes and conclusion notice in Chromium', (kind) => {
  let server: TestServer;
  let browser: Browser;
  const people: Person[] = [];
  const clients: LiveClient[] = [];
  let meetingId = '';

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    server = await startTestApp({ kind, listen: true, mediaWorkers: 1, config: { LOGIN_RATE_LIMIT: 100 } });
    browser = await launchBrowser();
    const ids = await userIds(server.db, ['vp.hatinh', 'thuky.hatinh', 'xa.thachha']);
    const meeting = await insertMeeting(server.db, {
      startsAt: new Date(Date.now() - 60_000), title: 'Giao ban trực tuyến phòng chống thiên tai',
      agenda: ['Tình hình mưa lũ', 'Ý kiến các xã'], invitees: [{ bodyId: ids['xa.thachha']!.bodyId }],
    });
    meetingId = meeting.id;
    await server.db.update(meetings).set({ chairUserId: ids['vp.hatinh']!.id, secretaryUserId: ids['thuky.hatinh']!.id, hostRoom: 'Phòng họp trực tuyến UBND tỉnh' }).where(eq(meetings.id, meetingId));
  }, 120_000);

  afterAll(async () => {
    for (const c of clients) c.close();
    for (const p of people) expect(p.errors).toEqual([]);
    await browser?.close();
    await server?.close();
  });

  const open = async (username: string, size: typeof DESK | typeof PHONE = DESK) => {
    const person = await openAs(browser, server.url, username, size);
    people.push(person);
    return person;
  };
  const shot = async (page: Page, name: string) => {
    expect(await overflowX(page), name).toBeNull();
    await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: false });
  };
  const recordsUrl = (k: string) => `${server.url}/#/meetings/${meetingId}/records/${k}`;
  const state = (page: Page) => page.locator('[data-testid="record-state"]');
  const stepIn = async (page: Page, k: string, step: string, expected: string) => {
    await page.goto(recordsUrl(k));
    await page.locator(`[data-step="${step}"]`).click();
    await eventually(async () => (await state(page).textContent()) === expected, 20_000, `${step} → ${expected}`);
  };

  test('the secretary drafts during the meeting, the chủ tọa signs, both documents are published and a commune reads them', async () => {
    // The meeting is live: the chair and the commune are in the room.
    const chairSite = await connectAs(server, 'vp.hatinh');
    clients.push(chairSite);
    await chairSite.join(meetingId);
    const commune = await connectAs(server, 'xa.thachha');
    clients.push(commune);
    await commune.join(meetingId);
    const [row] = await server.db.select({ status: meetings.status }).from(meetings).where(eq(meetings.id, meetingId));
    expect(row!.status).toBe('live');

    const secretary = await open('thuky.hatinh');
    await secretary.page.goto(recordsUrl('minutes'));
    await secretary.page.locator('.rec-lock--mine').waitFor();
    await secretary.page.locator('textarea[name="presented-0"]').fill('Văn phòng báo cáo tình hình mưa lũ trên địa bàn tỉnh');
    await secretary.page.getByRole('button', { name: 'Thêm kết luận' }).click();
    await secretary.page.locator('textarea[name="conclusion-0"]').fill('Các xã rà soát phương án sơ tán dân');
    await eventually(async () => (await secretary.page.locator('[data-testid="save-status"]').textContent())?.startsWith('Đã lưu') ?? false, 10_000, 'autosaved');
    const [saved] = await server.db.select().from(meetingRecords).where(and(eq(meetingRecords.meetingId, meetingId), eq(meetingRecords.kind, 'minutes')));
    const content = saved!.content as MinutesContent;
    expect(content.items[0]!.presented).toBe('Văn phòng báo cáo tình hình mưa lũ trên địa bàn tỉnh');
    expect(content.conclusions).toEqual([{ text: 'Các xã rà soát phương án sơ tán dân', assignees: 'all-invited', deadline: null, expectedResult: '' }]);
    await shot(secretary.page, 'minutes-editor-desk');
    const secretaryPhone = await open('thuky.hatinh', PHONE);
    await secretaryPhone.page.goto(recordsUrl('minutes'));
    await secretaryPhone.page.locator('textarea[name="presented-0"]').waitFor();
    await shot(secretaryPhone.page, 'minutes-editor-phone');

    // The chair ends the meeting.
    const { agent } = await signIn(server.app, 'vp.hatinh');
    expect((await agent.post(`/api/meetings/${meetingId}/status`).send({ to: 'ended' })).status).toBe(200);
    await eventually(async () => (await server.db.select().from(meetingStatusChanges).where(and(eq(meetingStatusChanges.meetingId, meetingId), eq(meetingStatusChanges.toStatus, 'ended')))).length > 0, 10_000, 'ended');

    await stepIn(secretary.page, 'minutes', 'submit', 'Đã trình duyệt');
    const chair = await open('vp.hatinh');
    await stepIn(chair.page, 'minutes', 'approve', 'Đã duyệt');
    await stepIn(secretary.page, 'minutes', 'sign_secretary', 'Thư ký đã ký');
    await expect.poll(() => secretary.page.locator('[data-testid="record-number"]').textContent()).toMatch(/^Số: \d{2}\/BB-VP$/);
    await chair.page.goto(recordsUrl('minutes'));
    await chair.page.locator('[data-step="sign_chair"]').waitFor();
    await shot(chair.page, 'sign-page-desk');
    const chairPhone = await open('vp.hatinh', PHONE);
    await chairPhone.page.goto(recordsUrl('minutes'));
    await chairPhone.page.locator('[data-step="sign_chair"]').waitFor();
    await shot(chairPhone.page, 'sign-page-phone');
    await stepIn(chair.page, 'minutes', 'sign_chair', 'Đã ký');
    await stepIn(chair.page, 'minutes', 'publish', 'Đã ban hành');

    // The notice, drafted from the conclusions.
    await secretary.page.goto(recordsUrl('notice'));
    await secretary.page.locator('.rec-lock--mine').waitFor();
    expect(await secretary.page.locator('textarea[name="conclusion-0"]').inputValue()).toBe('Các xã rà soát phương án sơ tán dân');
    await expect.poll(() => secretary.page.getByText('Hạn ban hành thông báo kết luận').count()).toBe(1);
    await stepIn(secretary.page, 'notice', 'submit', 'Đã trình duyệt');
    await stepIn(chair.page, 'notice', 'approve', 'Đã duyệt');
    await stepIn(chair.page, 'notice', 'sign_chair', 'Đã ký');
    await stepIn(chair.page, 'notice', 'publish', 'Đã ban hành');

    // The commune reads both from the meeting page.
    for (const size of [DESK, PHONE] as const) {
      const reader = await open('xa.thachha', size);
      await reader.page.goto(`${server.url}/#/meetings/${meetingId}`);
      const card = reader.page.locator('[data-testid="meeting-records"]');
      await expect.poll(() => card.locator('.rec-state--published').count(), { timeout: 15_000 }).toBe(2);
      const text = (await card.textContent()) ?? '';
      expect(text).toMatch(/Số: \d{2}\/BB-VP/);
      expect(text).toMatch(/Số: \d{2}\/TB-VP/);
      await card.scrollIntoViewIfNeeded();
      await shot(reader.page, `meeting-documents-${size === DESK ? 'desk' : 'phone'}`);
      if (size === DESK) {
        for (const k of ['minutes', 'notice']) {
          await reader.page.goto(recordsUrl(k));
          await expect.poll(() => state(reader.page).textContent()).toBe('Đã ban hành');
          const href = await reader.page.locator('[data-action="pdf"]').getAttribute('href');
          const pdf = await reader.context.request.get(`${server.url}${href}`);
          expect(pdf.status()).toBe(200);
          expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
        }
      }
    }
  }, 240_000);
});
