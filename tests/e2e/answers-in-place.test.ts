import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createUser } from '../../server/auth/users.ts';
import { addWorkingDays, vietnamDate } from '../../server/calendar/working-days.ts';
import { startTestApp, type TestServer } from '../helpers/app.ts';
import { launchBrowser, signInContext } from '../helpers/browser.ts';
import { describeEachDb } from '../helpers/db.ts';

/**
 * What a press does stays on screen (issue #9, item 6): Thạch Hà accepts an invitation and
 * it moves from "Chờ trả lời" to "Đã trả lời" with the counts and the notification badge
 * following, without a reload; the chủ trì approves a substitute and the row changes where
 * it is, with a confirmation above the list. Also the holiday warning after creating a
 * meeting on 2 September. Needs `npx vite build client` first.
 */

const SHOTS = '/tmp/shots-docs';

describeEachDb('answers update in place, in Chromium', (kind) => {
  let server: TestServer;
  let browser: Browser;
  const pageErrors: string[] = [];
  const meetingIds: string[] = [];

  async function open(username: string, mobile = false): Promise<{ context: BrowserContext; page: Page; csrf: string }> {
    // The phone is 412 px wide with touch; not isMobile, whose zoom-out to the shell's 718 px
    // navigation row makes taps land on the wrong card (reported to the lead as a shell issue).
    const context = await browser.newContext(mobile
      ? { viewport: { width: 412, height: 915 }, hasTouch: true, deviceScaleFactor: 1, locale: 'vi-VN' }
      : { viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
    const login = await signInContext(context, server.url, username);
    const page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(`${username}: ${err.message}`));
    return { context, page, csrf: login.csrfToken };
  }

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    server = await startTestApp({ kind, listen: true });
    browser = await launchBrowser();
    // Two issued meetings inviting Thạch Hà and Can Lộc, as the convener would set them up.
    const convener = await open('vp.hatinh');
    const communes = await convener.context.request.get(`${server.url}/api/units?parent=42&q=${encodeURIComponent('Thạch Hà')}`);
    const canLoc = await convener.context.request.get(`${server.url}/api/units?parent=42&q=${encodeURIComponent('Can Lộc')}`);
    const codes = [((await communes.json()) as { items: { code: string }[] }).items[0]!.code, ((await canLoc.json()) as { items: { code: string }[] }).items[0]!.code];
    const day = addWorkingDays(vietnamDate(new Date()), 8);
    for (const title of ['Giao ban chuyển đổi số tháng này', 'Họp rà soát hồ sơ đất đai']) {
      const created = await convener.context.request.post(`${server.url}/api/meetings`, {
        headers: { 'x-csrf-token': convener.csrf },
        data: { kind: 'giao_ban', form: 'truc_tuyen', title, chairName: 'Nguyễn Văn Hùng', chairPosition: 'Chánh Văn phòng', startsAt: `${day}T08:00`, endsAt: `${day}T10:00`, invitees: { communes: codes } },
      });
      expect(created.status()).toBe(201);
      const id = ((await created.json()) as { id: string }).id;
      const issued = await convener.context.request.post(`${server.url}/api/meetings/${id}/invitations/issue`, { headers: { 'x-csrf-token': convener.csrf }, data: {} });
      expect(issued.status(), await issued.text()).toBe(200);
      meetingIds.push(id);
    }
    await convener.context.close();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  test('accepting moves the invitation to "Đã trả lời" and the badge down at once, on desktop and phone', { timeout: 120_000 }, async () => {
    for (const mobile of [false, true]) {
      const { context, page } = await open(mobile ? 'xa.canloc' : 'xa.thachha', mobile);
      await page.goto(`${server.url}/#/invitations`);
      const pendingGroup = page.locator('section.rsvp-group', { has: page.getByRole('heading', { name: /^Chờ trả lời/ }) });
      await pendingGroup.getByRole('heading', { name: 'Chờ trả lời (2)' }).waitFor();
      const badge = page.locator('[data-notification-badge]').first();
      if (!mobile) await expect.poll(() => badge.textContent()).toContain('2');
      const card = page.locator('article.rsvp-item', { has: page.getByRole('link', { name: 'Giao ban chuyển đổi số tháng này' }) });
      const accept = card.getByRole('button', { name: 'Tham dự' });
      // A phone answers with a tap (touch emulation), a desktop with a click.
      if (mobile) await accept.tap();
      else await accept.click();

      // No reload: the confirmation is focused, the card sits under "Đã trả lời", the counts and badge follow.
      const note = page.locator('.rsvp-notice [data-confirmation]');
      await note.waitFor();
      expect(await note.textContent()).toBe('Đã gửi trả lời «Tham dự» cho cuộc họp “Giao ban chuyển đổi số tháng này”. Giấy mời đã chuyển sang mục Đã trả lời.');
      expect(await note.evaluate((el) => el === document.activeElement)).toBe(true);
      await page.getByRole('heading', { name: 'Chờ trả lời (1)' }).waitFor();
      const answered = page.locator('section.rsvp-group', { has: page.getByRole('heading', { name: 'Đã trả lời (1)' }) });
      await answered.getByRole('link', { name: 'Giao ban chuyển đổi số tháng này' }).waitFor();
      expect(await pendingGroup.getByRole('link', { name: 'Giao ban chuyển đổi số tháng này' }).count()).toBe(0);
      if (!mobile) await expect.poll(() => badge.textContent(), { timeout: 5000 }).toContain('1');
      await page.screenshot({ path: `${SHOTS}/invitations-answered-${mobile ? '412' : '1366'}.png`, fullPage: true });
      // The server agrees: a reload shows the same.
      await page.reload();
      await page.getByRole('heading', { name: 'Chờ trả lời (1)' }).waitFor();
      await context.close();
    }
  });

  test('approving a substitute changes its row in place, keeps the filter and confirms above the list', { timeout: 120_000 }, async () => {
    const commune = await open('xa.thachha');
    const meetingId = meetingIds[1]!;
    const proposed = await commune.context.request.post(`${server.url}/api/meetings/${meetingId}/rsvp`, {
      headers: { 'x-csrf-token': commune.csrf }, data: { response: 'substitute', substitute: { name: 'Trần Văn Bình', position: 'Phó Chủ tịch UBND xã' } },
    });
    expect(proposed.status()).toBe(200);
    await commune.context.close();

    const { page } = await open('vp.hatinh');
    await page.goto(`${server.url}/#/meetings/${meetingId}`);
    const list = page.locator('section.card', { has: page.getByRole('heading', { name: 'Cơ quan được mời' }) });
    await list.locator('tr[data-body]').first().waitFor();
    await list.locator('button[data-filter="substitute"]').click();
    expect(await list.locator('tr[data-body]').count()).toBe(1);
    const marker = await page.evaluate(() => {
      (window as unknown as { marker: number }).marker = 42;
      return true;
    });
    expect(marker).toBe(true);
    await list.getByRole('button', { name: /^Đồng ý người dự thay của/ }).click();

    const note = list.locator('.invitee-status [data-confirmation]');
    await note.waitFor();
    expect(await note.textContent()).toMatch(/^Đã đồng ý để Trần Văn Bình dự thay cho Ủy ban nhân dân xã Thạch Hà/);
    expect(await note.evaluate((el) => el === document.activeElement)).toBe(true);
    // Same page (no reload), same filter, the row now says "approved" and offers no more buttons.
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    expect(await list.locator('button[data-filter="substitute"]').getAttribute('aria-pressed')).toBe('true');
    const row = list.locator('tr[data-body]');
    expect(await row.count()).toBe(1);
    expect(await row.textContent()).toContain('chủ trì đã đồng ý');
    expect(await row.getByRole('button').count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}/substitute-approved-1366.png`, fullPage: true });
  });

  test('creating a meeting on 2 September warns that it is a public holiday', { timeout: 120_000 }, async () => {
    const { page } = await open('vp.hatinh');
    const year = Number(vietnamDate(new Date()).slice(0, 4)) + 1;
    await page.goto(`${server.url}/#/meetings/new`);
    await page.getByRole('heading', { name: 'Tạo cuộc họp' }).waitFor();
    await page.getByLabel('Tên cuộc họp').fill('Họp thử ngày lễ');
    await page.getByLabel(/^Chủ trì/).fill('Nguyễn Văn Hùng');
    await page.getByLabel('Ngày bắt đầu').fill(`${year}-09-02`);
    await page.getByLabel('Giờ bắt đầu').fill('08:00');
    await page.getByLabel('Ngày kết thúc').fill(`${year}-09-02`);
    await page.getByLabel('Giờ kết thúc').fill('10:00');
    await page.getByRole('button', { name: 'Lưu dự thảo' }).click();
    const warning = page.locator('.mtg-message--warning');
    await warning.waitFor();
    expect(await warning.textContent()).toBe(`Ngày 02/09/${year} là ngày lễ – Quốc khánh (2/9). Hãy kiểm tra lại ngày họp.`);
    expect(await page.locator('.mtg-message--success').textContent()).toBe('Đã lưu dự thảo cuộc họp.');
    await page.screenshot({ path: `${SHOTS}/holiday-warning-1366.png`, fullPage: true });
  });

  test('a specialist must name a signer with authority before the Giấy mời is issued', { timeout: 120_000 }, async () => {
    await createUser(server.app.db, { username: 'cv.vp', password: 'mat-khau-chuyen-vien', fullName: 'Đào Thị Chuyên', position: 'Chuyên viên', bodyId: '42:vp_ubnd', role: 'convener' });
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN' });
    const login = await signInContext(context, server.url, 'cv.vp', 'mat-khau-chuyen-vien');
    const page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(`cv.vp: ${err.message}`));
    const day = addWorkingDays(vietnamDate(new Date()), 8);
    const created = await context.request.post(`${server.url}/api/meetings`, {
      headers: { 'x-csrf-token': login.csrfToken },
      data: { kind: 'chuyen_mon', form: 'truc_tiep', title: 'Họp chuyên môn văn thư', chairName: 'Nguyễn Văn Hùng', startsAt: `${day}T14:00`, endsAt: `${day}T16:00`, invitees: { bodies: ['42:so_yt'] } },
    });
    const id = ((await created.json()) as { id: string }).id;
    await page.goto(`${server.url}/#/meetings/${id}`);
    await page.getByRole('button', { name: 'Phát hành giấy mời' }).click();
    await page.getByRole('alert').filter({ hasText: 'Chưa chọn người ký giấy mời' }).waitFor();
    // The refusal opens "Người ký giấy mời"; the head of VP signs without a capacity line.
    expect(await page.locator('details.signer-fields').getAttribute('open')).not.toBeNull();
    await page.getByLabel('Chức vụ người ký').fill('Chánh Văn phòng');
    await page.getByLabel('Họ tên người ký').fill('Nguyễn Văn Hùng');
    await page.screenshot({ path: `${SHOTS}/issue-signer-1366.png`, fullPage: true });
    await page.getByRole('button', { name: 'Phát hành giấy mời' }).click();
    await page.getByTestId('invitation-number').waitFor();
    expect(await page.getByTestId('invitation-number').textContent()).toMatch(/\d{2}\/GM-VP/);
    await context.close();
  });

  test('threw no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
