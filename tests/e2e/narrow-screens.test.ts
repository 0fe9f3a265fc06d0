import { DateTime } from 'luxon';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestApp, type TestServer } from '../helpers/app.ts';
import { launchBrowser, LivePage } from '../helpers/browser.ts';
import { describeEachDb } from '../helpers/db.ts';
import { issuedMeeting, openAs, overflowX, PHONE, type Person } from '../helpers/pages.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * A commune on a phone (412×915, touch, mobile viewport): no page is wider than the screen
 * (a hidden "(n thông báo chưa đọc)" label once made every page 1,090 px wide), and the
 * live room's Join button is tapped, not only clicked. Needs `npx vite build client` first.
 */

const VN = 'Asia/Ho_Chi_Minh';

describeEachDb('narrow screens in Chromium', (kind) => {
  let server: TestServer;
  let browser: Browser;
  const people: Person[] = [];
  let meetingId = '';

  beforeAll(async () => {
    server = await startTestApp({ kind, listen: true, mediaWorkers: 1, config: { LOGIN_RATE_LIMIT: 100 } });
    browser = await launchBrowser();
    // Two invitations: the commune has unread notifications, so the badge and its label are there.
    const now = DateTime.now().setZone(VN).startOf('minute');
    meetingId = await issuedMeeting(server.app, { convener: 'vp.hatinh', title: 'Giao ban trực tuyến với các xã, phường về công tác phòng chống thiên tai', start: now.plus({ minutes: 5 }), invite: ['xa.thachha'] });
    await issuedMeeting(server.app, { convener: 'vp.hatinh', title: 'Họp chuyên đề', start: now.plus({ days: 2 }), invite: ['xa.thachha'] });
  }, 120_000);

  afterAll(async () => {
    for (const p of people) expect(p.errors).toEqual([]);
    await browser?.close();
    await server?.close();
  });

  /** Opens each page, waits for what shows it is drawn, and collects those wider than the screen. */
  const tooWide = async (page: Page, paths: [string, string][], unread: boolean) => {
    const wide: string[] = [];
    for (const [path, ready] of paths) {
      await page.goto(`${server.url}/#${path}`);
      await page.locator(ready).first().waitFor();
      // The room has no navigation; every other page shows the unread count in it.
      if (unread && !path.startsWith('/live/')) await page.locator('.nav-badge:not([hidden])').waitFor();
      const over = await overflowX(page);
      if (over) wide.push(`${path}: ${over.scrollWidth} > ${over.screen}`);
    }
    return wide;
  };

  describe('a commune on a phone', { timeout: 180_000 }, () => {
    test('no main page is wider than the screen', async () => {
      const commune = await openAs(browser, server.url, 'xa.thachha', PHONE);
      const convener = await openAs(browser, server.url, 'vp.hatinh', PHONE);
      people.push(commune, convener);
      const wide = await tooWide(commune.page, [
        ['/', '.my-agenda-item'], ['/meetings', '.cal-event, .cal-chip, .cal-empty, .calendar'], [`/meetings/${meetingId}`, '.meeting-head'],
        ['/invitations', `article[data-meeting="${meetingId}"]`], ['/live', '.my-agenda-item'], ['/notifications', '.notif'],
        ['/units', '.page-title'], [`/live/${meetingId}`, '.prejoin-join'],
      ], true);
      wide.push(...await tooWide(convener.page, [['/meetings/new', '.meeting-form'], [`/meetings/${meetingId}`, '.invitee-table, .meeting-head']], false));
      expect(wide).toEqual([]);
    });

    test('the live room’s Join button is tapped into the meeting', async () => {
      const { page } = await openAs(browser, server.url, 'xa.thachha', PHONE).then((p) => (people.push(p), p));
      await page.goto(`${server.url}/#/live/${meetingId}`);
      const join = page.getByRole('button', { name: 'Vào phòng họp' });
      await eventually(() => join.isEnabled(), 20_000, 'devices opened');
      await join.scrollIntoViewIfNeeded();
      await join.tap();
      const live = new LivePage(page, server.url);
      // Before its start a commune waits in the lobby: it got in, the chair admits it.
      await eventually(async () => ['lobby', 'live'].includes((await live.state())?.phase ?? ''), 30_000, 'in the lobby or the room');
      expect(await overflowX(page)).toBeNull();
      await page.screenshot({ path: '/tmp/shots-screens/live-room-412.png' });
    });
  });
});
