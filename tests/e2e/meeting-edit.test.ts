import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { DateTime } from 'luxon';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addWorkingDays } from '../../server/calendar/working-days.ts';
import { startTestApp, type TestServer } from '../helpers/app.ts';
import { launchBrowser, signInContext } from '../helpers/browser.ts';
import { describeEachDb } from '../helpers/db.ts';

/**
 * Editing in a real Chromium: a draft whose start has passed is refused at issue with a way
 * to the edit page, which warns and saves the new time; after issue, the same page sends a
 * formal change with a reason, and the meeting page shows the change history and both
 * Giấy mời. Also the edit page on a 412×915 phone. Needs `npx vite build client` first.
 */

const VN = 'Asia/Ho_Chi_Minh';
const SHOTS = '/tmp/shots-edit';
const TITLE = 'Họp rà soát tiến độ giải ngân vốn đầu tư công';

describeEachDb('editing meetings in Chromium', (kind) => {
  let server: TestServer;
  let browser: Browser;
  let convener: { context: BrowserContext; page: Page; csrf: string };
  const pageErrors: string[] = [];
  let meetingId = '';
  const start = addWorkingDays(DateTime.now().setZone(VN).toISODate()!, 6);

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    server = await startTestApp({ kind, listen: true });
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'vi-VN', timezoneId: 'UTC' });
    const login = await signInContext(context, server.url, 'vp.hatinh');
    const page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    convener = { context, page, csrf: login.csrfToken };
    const thachHa = await signInContext(await browser.newContext(), server.url, 'xa.thachha');
    const created = await context.request.post(`${server.url}/api/meetings`, {
      headers: { 'x-csrf-token': login.csrfToken },
      data: {
        kind: 'giai_quyet_cong_viec', form: 'truc_tuyen', title: TITLE, chairName: 'Trần Báu Hà', chairPosition: 'Phó Chủ tịch UBND tỉnh',
        hostRoom: 'Phòng họp số 1, UBND tỉnh', startsAt: '2020-03-02T08:00', endsAt: '2020-03-02T10:00',
        agenda: [{ title: 'Báo cáo tiến độ giải ngân', presenter: 'Sở Tài chính' }], invitees: { bodies: [thachHa.user.body.id] },
      },
    });
    expect(created.status()).toBe(201);
    meetingId = ((await created.json()) as { id: string }).id;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  describe('edit, issue, change', { timeout: 180_000 }, () => {
    test('a draft whose start has passed: issuing leads to the edit page, which warns and saves the new time', async () => {
      const page = convener.page;
      await page.goto(`${server.url}/#/meetings/${meetingId}`);
      await page.getByRole('button', { name: 'Phát hành giấy mời' }).click();
      await page.getByText('Thời gian họp đã qua').waitFor();
      await page.getByRole('link', { name: 'Sửa thời gian' }).click();
      await page.getByRole('heading', { name: 'Sửa cuộc họp' }).waitFor();
      expect(await page.getByLabel('Tên cuộc họp').inputValue()).toBe(TITLE);
      expect(await page.getByLabel('Ngày bắt đầu').inputValue()).toBe('2020-03-02');
      expect(await page.getByLabel('Người trình bày').inputValue()).toBe('Sở Tài chính');
      await page.getByTestId('past-start-warning').waitFor({ state: 'visible' });
      await page.screenshot({ path: `${SHOTS}/edit-draft-1366.png`, fullPage: true });

      await page.getByLabel('Ngày bắt đầu').fill(start);
      await page.getByLabel('Ngày kết thúc').fill(start);
      await page.getByTestId('past-start-warning').waitFor({ state: 'hidden' });
      await page.getByLabel('Tên cuộc họp').fill(`${TITLE} quý II`);
      await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
      await page.getByText('Đã lưu thay đổi.').waitFor();
      await page.getByRole('heading', { name: `${TITLE} quý II` }).waitFor();
      await page.getByRole('button', { name: 'Phát hành giấy mời' }).click();
      await page.getByTestId('invitation-number').waitFor();
    });

    test('after issue the edit page sends a formal change; the meeting page shows its history and both Giấy mời', async () => {
      const page = convener.page;
      const firstNumber = (await page.getByTestId('invitation-number').textContent())!.replace('Số: ', '').trim();
      await page.getByRole('link', { name: 'Sửa cuộc họp' }).click();
      await page.getByRole('heading', { name: 'Sửa cuộc họp' }).waitFor();
      await page.getByText('Danh sách mời đã chốt').waitFor();
      await page.getByLabel('Địa điểm, điểm cầu chính').fill('Hội trường lớn, UBND tỉnh');
      await page.getByRole('button', { name: 'Gửi thông báo thay đổi' }).click();
      // No reason, nothing sent.
      await page.locator('.error-summary').getByText('Nêu lý do thay đổi (ít nhất 3 ký tự).').waitFor();
      await page.getByRole('textbox', { name: /^Lý do thay đổi/ }).fill('Phòng họp số 1 đang sửa chữa');
      await page.screenshot({ path: `${SHOTS}/edit-issued-1366.png`, fullPage: true });
      await page.getByRole('button', { name: 'Gửi thông báo thay đổi' }).click();
      await page.getByText(/Đã phát hành Giấy mời thay thế số \d+\/GM-/).waitFor();

      const history = page.getByTestId('change-history');
      await history.getByText('Phòng họp số 1 đang sửa chữa').waitFor();
      expect(await history.locator('del').first().textContent()).toBe('Phòng họp số 1, UBND tỉnh');
      expect(await history.locator('ins').first().textContent()).toBe('Hội trường lớn, UBND tỉnh');
      const documents = page.getByTestId('issued-documents');
      await documents.locator('.document-item').nth(1).waitFor();
      expect(await documents.locator('.document-item').first().textContent()).toContain(firstNumber);
      await history.screenshot({ path: `${SHOTS}/change-history.png` });
      await documents.screenshot({ path: `${SHOTS}/issued-documents.png` });
      await page.screenshot({ path: `${SHOTS}/meeting-after-change-1366.png`, fullPage: true });

      const href = await documents.locator('.document-item').nth(1).getByRole('link', { name: 'Tải PDF' }).getAttribute('href');
      const pdf = await convener.context.request.get(`${server.url}${href}`);
      expect(pdf.headers()['content-type']).toBe('application/pdf');
      fs.writeFileSync(`${SHOTS}/replacing-giay-moi.pdf`, await pdf.body());
      execFileSync('pdftoppm', ['-r', '80', '-png', `${SHOTS}/replacing-giay-moi.pdf`, `${SHOTS}/replacing-giay-moi`]);
    });

    test('the edit page fits a 412×915 phone', async () => {
      const context = await browser.newContext({ viewport: { width: 412, height: 915 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2, locale: 'vi-VN' });
      await signInContext(context, server.url, 'vp.hatinh');
      const page = await context.newPage();
      page.on('pageerror', (err) => pageErrors.push(err.message));
      await page.goto(`${server.url}/#/meetings/${meetingId}/edit`);
      await page.getByRole('heading', { name: 'Sửa cuộc họp' }).waitFor();
      const reason = page.getByRole('textbox', { name: /^Lý do thay đổi/ });
      await reason.scrollIntoViewIfNeeded();
      const box = (await reason.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(412);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(412);
      await page.screenshot({ path: `${SHOTS}/edit-issued-412.png`, fullPage: true });
      await page.goto(`${server.url}/#/meetings/${meetingId}`);
      await page.getByTestId('change-history').getByText('Phòng họp số 1 đang sửa chữa').waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(412);
      await page.getByTestId('change-history').screenshot({ path: `${SHOTS}/change-history-412.png` });
      await context.close();
      expect(pageErrors).toEqual([]);
    });
  });
});
