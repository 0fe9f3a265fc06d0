import { DateTime } from 'luxon';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addWorkingDays } from '../../server/calendar/working-days.ts';
import { startTestApp, type TestServer } from '../helpers/app.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { describeEachDb } from '../helpers/db.ts';
import { DESK, openAs, PHONE, type Person } from '../helpers/pages.ts';

/**
 * Dates and times are shown and typed as dd/mm/yyyy and 24-hour HH:mm in both languages, on a
 * browser set to English (US), where native date inputs showed 12/15/2026 and 08:00 AM; the
 * file chooser is a button in the page's language, not "Choose Files"; a field's error goes
 * away as soon as the field is fixed. Needs `npx vite build client` first.
 */

const VN = 'Asia/Ho_Chi_Minh';
const SHOTS = '/tmp/shots-screens';
const NATIVE = 'input[type="date"], input[type="time"], input[type="datetime-local"], input[type="file"]:not(.visually-hidden)';

describeEachDb('dates, times and files in Chromium', (kind) => {
  let server: TestServer;
  let browser: Browser;
  const people: Person[] = [];

  beforeAll(async () => {
    server = await startTestApp({ kind, listen: true, config: { LOGIN_RATE_LIMIT: 100 } });
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    for (const p of people) expect(p.errors).toEqual([]);
    await browser?.close();
    await server?.close();
  });

  describe('the create form', { timeout: 120_000 }, () => {
    test('shows and takes dd/mm/yyyy and HH:mm, clears errors as fields are fixed, and saves the right instant', async () => {
      const person = await openAs(browser, server.url, 'vp.hatinh', DESK);
      people.push(person);
      const { page } = person;
      await page.goto(`${server.url}/#/meetings/new`);
      await page.getByRole('heading', { name: 'Tạo cuộc họp' }).waitFor();
      expect(await page.locator(NATIVE).count()).toBe(0);

      const startDate = page.getByLabel('Ngày bắt đầu');
      const startTime = page.getByLabel('Giờ bắt đầu');
      expect(await startDate.getAttribute('inputmode')).toBe('numeric');
      expect(await startDate.inputValue()).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
      expect(await startTime.inputValue()).toBe('08:00');
      expect(await page.getByLabel('Giờ kết thúc').inputValue()).toBe('11:00');

      // A wrong date and a missing title: both marked on submit, each cleared as it is fixed.
      await startDate.fill('31/02/2027');
      await page.getByRole('button', { name: 'Lưu dự thảo' }).click();
      const dateError = page.locator('.field', { has: startDate }).locator('.field-error');
      const titleError = page.locator('.field', { has: page.getByLabel('Tên cuộc họp') }).locator('.field-error');
      expect(await dateError.textContent()).toBe('Ngày chưa đúng: nhập theo dạng ngày/tháng/năm, ví dụ 12/01/2027.');
      expect(await titleError.textContent()).toBe('Vui lòng nhập tên cuộc họp.');
      await page.screenshot({ path: `${SHOTS}/create-errors-1366.png`, fullPage: true });

      await page.getByLabel('Tên cuộc họp').fill('Họp triển khai kế hoạch phòng chống thiên tai');
      await titleError.waitFor({ state: 'hidden' });
      await startDate.pressSequentially('3', { delay: 10 });
      expect(await dateError.isVisible()).toBe(true);
      const day = addWorkingDays(DateTime.now().setZone(VN).toISODate()!, 5);
      const [y, m, d] = day.split('-');
      // Typed without leading zeros, as people do; tidied when the field is left.
      await startDate.fill(`${Number(d)}/${Number(m)}/${y}`);
      await dateError.waitFor({ state: 'hidden' });
      expect(await startDate.getAttribute('aria-invalid')).toBeNull();
      await startTime.fill('8h30');
      await page.getByLabel('Chủ trì', { exact: false }).first().focus();
      expect(await startDate.inputValue()).toBe(`${d}/${m}/${y}`);
      expect(await startTime.inputValue()).toBe('08:30');
      // The end date followed the start date.
      expect(await page.getByLabel('Ngày kết thúc').inputValue()).toBe(`${d}/${m}/${y}`);
      await page.getByLabel('Giờ kết thúc').fill('14:30');
      await page.getByLabel(/^Chủ trì/).fill('Trần Báu Hà');

      // "Choose Files" is the browser's language; the page has its own button.
      const choose = page.getByRole('button', { name: 'Chọn tệp…' });
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), choose.click()]);
      await chooser.setFiles({ name: 'ke-hoach.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') });
      await page.locator('.file-item', { hasText: 'ke-hoach.pdf' }).waitFor();
      await page.screenshot({ path: `${SHOTS}/create-1366.png`, fullPage: true });

      const [created] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/meetings') && r.request().method() === 'POST'),
        page.getByRole('button', { name: 'Lưu dự thảo' }).click(),
      ]);
      expect(created.status()).toBe(201);
      const body = (await created.json()) as { startsAtLocal: string; endsAtLocal: string; startsAt: string };
      expect(body.startsAtLocal).toBe(`${day}T08:30`);
      expect(body.endsAtLocal).toBe(`${day}T14:30`);
      expect(body.startsAt).toBe(`${day}T01:30:00.000Z`);
    });

    test('in English the same dd/mm/yyyy and 24-hour times, and on a phone a numeric keyboard', async () => {
      const person = await openAs(browser, server.url, 'vp.hatinh', PHONE);
      people.push(person);
      const { page } = person;
      await page.goto(`${server.url}/#/meetings/new`);
      await page.getByRole('button', { name: 'EN', exact: true }).tap();
      await page.getByRole('heading', { name: 'New meeting' }).waitFor();
      expect(await page.locator(NATIVE).count()).toBe(0);
      expect(await page.getByLabel('Start date').inputValue()).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
      await page.getByText('Day/month/year, e.g. 12/01/2027').first().waitFor();
      await page.getByLabel('Start time').fill('25:00');
      await page.getByRole('button', { name: 'Save draft' }).tap();
      const timeError = page.locator('.field', { has: page.getByLabel('Start time') }).locator('.field-error');
      expect(await timeError.textContent()).toBe('Not a valid time: enter 24-hour time, e.g. 08:00 or 14:30.');
      await page.getByLabel('Start time').fill('14:00');
      await timeError.waitFor({ state: 'hidden' });
      await page.getByRole('button', { name: 'Choose files…' }).waitFor();
      await page.screenshot({ path: `${SHOTS}/create-en-412.png`, fullPage: true });
      await page.getByRole('button', { name: 'VI', exact: true }).tap();
    });
  });
});
