import { DateTime } from 'luxon';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestApp, type TestServer } from '../helpers/app.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { describeEachDb } from '../helpers/db.ts';
import { DESK, issuedMeeting, openAs, PHONE, type Person } from '../helpers/pages.ts';

/**
 * The home page is each person's agenda: their meetings of today and the coming days with a
 * Join button that opens JOIN_OPENS_MINUTES (30) before the start and says when it opens
 * until then. A commune sees what it is invited to with its answer and a link to give one;
 * the convener what its body convenes; a secretary what they keep the minutes of.
 * Needs `npx vite build client` first.
 */

const VN = 'Asia/Ho_Chi_Minh';
const SHOTS = '/tmp/shots-screens';

describeEachDb('home agenda in Chromium', (kind) => {
  let server: TestServer;
  let browser: Browser;
  const people: Person[] = [];
  const ids = { soon: '', later: '' };
  let laterOpens = '';

  beforeAll(async () => {
    server = await startTestApp({ kind, listen: true, config: { LOGIN_RATE_LIMIT: 100, JOIN_OPENS_MINUTES: 30 } });
    browser = await launchBrowser();
    const now = DateTime.now().setZone(VN).startOf('minute');
    ids.soon = await issuedMeeting(server.app, { convener: 'vp.hatinh', title: 'Họp khẩn phòng chống bão số 3', start: now.plus({ minutes: 10 }), invite: ['xa.thachha'], secretary: 'thuky.hatinh' });
    const later = now.plus({ hours: 3 });
    ids.later = await issuedMeeting(server.app, { convener: 'vp.hatinh', title: 'Giao ban chuyển đổi số tháng này', start: later, invite: ['xa.thachha', 'xa.canloc'] });
    laterOpens = later.minus({ minutes: 30 }).toFormat('HH:mm');
  }, 120_000);

  afterAll(async () => {
    for (const p of people) expect(p.errors).toEqual([]);
    await browser?.close();
    await server?.close();
  });

  const open = async (username: string, size: typeof DESK | typeof PHONE = DESK) => {
    const person = await openAs(browser, server.url, username, size);
    people.push(person);
    return person;
  };

  describe('per role', { timeout: 120_000 }, () => {
    test('a commune sees its invitations with their answer, a working Join and one that says when it opens', async () => {
      const { page } = await open('xa.thachha');
      await page.clock.install();
      await page.goto(`${server.url}/#/`);
      const soon = page.locator(`.my-agenda-item[data-meeting="${ids.soon}"]`);
      const later = page.locator(`.my-agenda-item[data-meeting="${ids.later}"]`);
      await soon.waitFor();
      await later.waitFor();
      await page.getByRole('heading', { name: 'Lịch họp của tôi' }).waitFor();
      expect(await soon.locator('.tag').allTextContents()).toEqual(['Được mời']);
      await soon.locator('.rsvp-badge[data-rsvp="pending"]', { hasText: 'Chờ trả lời' }).waitFor();

      const join = soon.getByRole('link', { name: 'Vào họp: Họp khẩn phòng chống bão số 3' });
      expect(await join.getAttribute('href')).toBe(`#/live/${ids.soon}`);
      const waiting = later.getByRole('button', { name: 'Vào họp' });
      expect(await waiting.isDisabled()).toBe(true);
      expect(await later.locator('.join-note').textContent()).toMatch(new RegExp(`^Mở lúc ${laterOpens}`));
      await page.screenshot({ path: `${SHOTS}/home-commune-1366.png`, fullPage: true });

      // The button opens by itself when its time comes (the page's clock moved on, no reload).
      await page.clock.fastForward('02:35:00');
      await later.getByRole('link', { name: /^Vào họp/ }).waitFor({ timeout: 20_000 });

      // The answer link leads to the meeting page, where the invitation is answered.
      await soon.getByRole('link', { name: 'Trả lời giấy mời' }).click();
      await page.waitForURL(new RegExp(`#/meetings/${ids.soon}$`));
      await page.getByRole('button', { name: 'Tham dự', exact: true }).click();
      await page.getByText('Đã gửi trả lời: Tham dự.').waitFor();
      await page.goto(`${server.url}/#/`);
      await soon.locator('.rsvp-badge[data-rsvp="accepted"]').waitFor();
      await soon.getByRole('link', { name: 'Đổi trả lời' }).waitFor();
    });

    test('the convener sees what its body convenes; a secretary only the meeting they keep the minutes of', async () => {
      const convener = await open('vp.hatinh');
      await convener.page.goto(`${server.url}/#/`);
      const soon = convener.page.locator(`.my-agenda-item[data-meeting="${ids.soon}"]`);
      await soon.waitFor();
      await convener.page.locator(`.my-agenda-item[data-meeting="${ids.later}"]`).waitFor();
      expect(await soon.locator('.tag').allTextContents()).toEqual(['Cơ quan triệu tập', 'Chủ trì']);
      expect(await soon.locator('.rsvp-badge').count()).toBe(0);
      await convener.page.screenshot({ path: `${SHOTS}/home-convener-1366.png`, fullPage: true });

      const secretary = await open('thuky.hatinh');
      await secretary.page.goto(`${server.url}/#/`);
      await secretary.page.locator(`.my-agenda-item[data-meeting="${ids.soon}"] .tag`, { hasText: 'Thư ký' }).waitFor();
      expect(await secretary.page.locator('.my-agenda-item').count()).toBe(1);
    });

    test('on a phone the Join button is tapped into the room, and the live page lists today’s meetings', async () => {
      const { page } = await open('xa.canloc', PHONE);
      await page.goto(`${server.url}/#/`);
      const later = page.locator(`.my-agenda-item[data-meeting="${ids.later}"]`);
      await later.locator('.join-note').waitFor();
      await page.screenshot({ path: `${SHOTS}/home-commune-412.png`, fullPage: true });
      const box = await later.getByRole('button', { name: 'Vào họp' }).boundingBox();
      // Wide enough for a thumb: the full width of the item.
      expect(box!.width).toBeGreaterThan(300);
      expect(box!.height).toBeGreaterThanOrEqual(44);

      const thachHa = await open('xa.thachha', PHONE);
      await thachHa.page.goto(`${server.url}/#/live`);
      const join = thachHa.page.locator(`.my-agenda-item[data-meeting="${ids.soon}"]`).getByRole('link', { name: /^Vào họp/ });
      await join.tap();
      await thachHa.page.waitForURL(new RegExp(`#/live/${ids.soon}$`));
    });
  });
});
