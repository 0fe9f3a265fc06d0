import fs from 'node:fs';
import type { Browser, BrowserContext, Locator } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestApp, type TestServer } from '../helpers/app.ts';
import { createLiveMeeting, launchBrowser, LivePage, signInContext } from '../helpers/browser.ts';
import { describeEachDb } from '../helpers/db.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * The live room as people see it, in real Chromium: a chair at 1366×768, a commune at
 * 1366×768 and a commune on a phone (412×915, touch, no screen capture as on Android).
 * Roll call never blocks the chair and stays right across a rejoin; the phone has one
 * compact control bar; ending leaves everyone on a clear "meeting ended" screen.
 * Screenshots go to /tmp/shots-room/ (SHOTS_DIR). Needs `npx vite build client` and the mediasoup worker.
 */

const SHOTS = process.env['SHOTS_DIR'] ?? '/tmp/shots-room';
const PHONE = { viewport: { width: 412, height: 915 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 };

describeEachDb('the live room on a desktop and a phone', (kind) => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let chair: LivePage;
  let thachHa: LivePage;
  let phone: LivePage;
  let meetingId: string;
  const pageErrors: string[] = [];
  const ids = { chair: '', thachHa: '', phone: '' };

  const shot = async (page: LivePage, name: string) => {
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.page.screenshot({ path: `${SHOTS}/${kind}-${name}.png` });
  };
  const row = (page: LivePage, peerId: string) => page.page.locator(`.people-row[data-peer-id="${peerId}"]`);
  const rollCallCard = (page: LivePage) => page.page.locator('[data-roll-call]');
  /** Whether a click on `target` would reach it (nothing modal or overlapping in front). */
  const clickable = (target: Locator) => target.click({ trial: true, timeout: 5_000 }).then(() => true, () => false);

  beforeAll(async () => {
    server = await startTestApp({ kind, listen: true, mediaWorkers: 1 });
    const meeting = await createLiveMeeting(server.app, {
      title: 'Giao ban trực tuyến công tác chuyển đổi số',
      chair: 'vp.hatinh',
      invited: ['xa.thachha', 'xa.canloc'],
      startsAt: new Date(Date.now() - 5 * 60_000),
    });
    meetingId = meeting.id;
    browser = await launchBrowser({ args: ['--autoplay-policy=no-user-gesture-required'] });
    const open = async (username: string, options: Parameters<Browser['newContext']>[0]) => {
      const context = await browser.newContext(options);
      contexts.push(context);
      await signInContext(context, server.url, username);
      const page = await context.newPage();
      page.on('pageerror', (err) => pageErrors.push(`${username}: ${err.message}`));
      page.on('dialog', (dialog) => void dialog.accept());
      return { context, page: new LivePage(page, server.url) };
    };
    const desktop = { viewport: { width: 1366, height: 768 } };
    chair = (await open('vp.hatinh', desktop)).page;
    thachHa = (await open('xa.thachha', desktop)).page;
    const mobile = await open('xa.canloc', PHONE);
    // As on Android: the browser cannot capture a screen.
    await mobile.context.addInitScript('delete MediaDevices.prototype.getDisplayMedia');
    phone = mobile.page;
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await server?.close();
  });

  test('the chair and two communes are in the room', { timeout: 90_000 }, async () => {
    await chair.join(meetingId);
    ids.chair = (await chair.waitForPhase('live')).self!.peerId;
    await thachHa.join(meetingId, { headcount: 12 });
    await phone.join(meetingId, { headcount: 7 });
    ids.thachHa = (await thachHa.waitForPhase('live')).self!.peerId;
    ids.phone = (await phone.waitForPhase('live')).self!.peerId;
    await chair.page.getByText('3 điểm cầu · 19 người dự').waitFor();
    await phone.page.locator('.stage-main .tile-video:not([hidden])').waitFor({ timeout: 30_000 });
    await shot(chair, 'room-chair-1366');
    await shot(thachHa, 'room-site-1366');
    await shot(phone, 'room-site-412');
  });

  test('on a phone: one compact bar of large targets, no screen sharing, sites in a panel, video not cropped', { timeout: 60_000 }, async () => {
    const bar = phone.page.locator('.live-controls');
    const box = (await bar.boundingBox())!;
    expect(box.height).toBeLessThanOrEqual(80);
    expect(box.y + box.height).toBeLessThanOrEqual(915);
    const buttons = bar.locator('button:visible');
    const sizes = await buttons.evaluateAll((nodes) => nodes.map((n) => ({ name: n.getAttribute('aria-label') ?? n.textContent, w: n.getBoundingClientRect().width, h: n.getBoundingClientRect().height })));
    expect(sizes.length).toBeGreaterThanOrEqual(4);
    for (const size of sizes) {
      expect(size.w, `${size.name} wide enough`).toBeGreaterThanOrEqual(44);
      expect(size.h, `${size.name} tall enough`).toBeGreaterThanOrEqual(44);
    }
    // The main speaker is shown whole, not cropped to the tile.
    expect(await phone.page.locator('.stage-main .tile-video').first().evaluate((v) => getComputedStyle(v).objectFit)).toBe('contain');

    // Rarer actions are in the overflow menu; screen sharing is not offered where it cannot work.
    await phone.page.getByRole('button', { name: 'Thêm' }).tap();
    const menu = phone.page.locator('.live-controls-more');
    await menu.getByRole('button', { name: 'Chỉ âm thanh' }).waitFor();
    expect(await phone.page.locator('[data-control="screen"]').isVisible()).toBe(false);
    await shot(phone, 'menu-site-412');
    await phone.page.keyboard.press('Escape');
    await menu.getByRole('button', { name: 'Chỉ âm thanh' }).waitFor({ state: 'hidden' });

    // The sites list is a panel a tap away.
    const people = phone.page.locator('.live-side');
    expect(await people.isVisible()).toBe(false);
    await phone.page.getByRole('button', { name: /Điểm cầu/ }).tap();
    await people.getByText('3 điểm cầu · 19 người dự').waitFor();
    await shot(phone, 'people-site-412');
    await people.getByRole('button', { name: 'Đóng' }).tap();
    await people.waitFor({ state: 'hidden' });

    // The microphone is tapped like any other control.
    await phone.page.getByRole('button', { name: 'Tắt micrô' }).tap();
    await phone.page.getByRole('button', { name: 'Bật micrô' }).tap();
    await phone.page.getByRole('button', { name: 'Tắt micrô' }).waitFor();

    // On the desktop, screen sharing is offered and the bar stays at most two rows.
    await thachHa.page.locator('[data-control="screen"]').waitFor();
    expect((await chair.page.locator('.live-controls').boundingBox())!.height).toBeLessThanOrEqual(130);
  });

  test('roll call: the sites are asked, the chair is never blocked and follows the answers', { timeout: 90_000 }, async () => {
    await chair.page.getByRole('button', { name: 'Điểm danh' }).click();
    await rollCallCard(thachHa).getByLabel('Số người dự tại điểm cầu').waitFor();
    await rollCallCard(phone).getByLabel('Số người dự tại điểm cầu').waitFor();
    await rollCallCard(chair).getByText('Đã xác nhận 0/3 điểm cầu').waitFor();
    // The chair is not asked in a dialog, and its controls stay usable.
    expect(await chair.page.locator('dialog[open]').count()).toBe(0);
    expect(await clickable(chair.page.getByRole('button', { name: 'Kết thúc cuộc họp' }))).toBe(true);
    await shot(chair, 'rollcall-chair-1366');
    await shot(phone, 'rollcall-site-412');

    // A site may put the question aside (Escape) and answer later.
    const input = rollCallCard(thachHa).getByLabel('Số người dự tại điểm cầu');
    await input.focus();
    await thachHa.page.keyboard.press('Escape');
    await rollCallCard(thachHa).waitFor({ state: 'hidden' });
    await thachHa.page.getByRole('button', { name: 'Điểm danh: chưa xác nhận' }).click();
    await input.fill('10');
    await rollCallCard(thachHa).getByRole('button', { name: 'Xác nhận' }).click();
    await rollCallCard(thachHa).waitFor({ state: 'hidden' });

    expect(await rollCallCard(phone).getByLabel('Số người dự tại điểm cầu').inputValue()).toBe('7');
    await rollCallCard(phone).getByRole('button', { name: 'Xác nhận' }).tap();
    await rollCallCard(phone).waitFor({ state: 'hidden' });

    await rollCallCard(chair).getByText('Đã xác nhận 2/3 điểm cầu · 17 người').waitFor();
    // The chair's own site answers in the same panel, if it wants to.
    await rollCallCard(chair).getByLabel('Số người tại điểm cầu của bạn').fill('3');
    await rollCallCard(chair).getByRole('button', { name: 'Xác nhận' }).click();
    await rollCallCard(chair).getByText('Đã xác nhận 3/3 điểm cầu · 20 người').waitFor();
    await row(chair, ids.thachHa).getByText('Đã điểm danh: 10 người').waitFor();
  });

  test('after a rejoin the roll call and the sites list count the same sites', { timeout: 90_000 }, async () => {
    // A dropped link: the site comes back as a new peer of the same site session.
    await thachHa.page.evaluate('window.__hopso.dropConnection(500)');
    const back = await eventually(async () => {
      const state = await thachHa.state();
      return state?.phase === 'live' && state.self?.peerId !== ids.thachHa ? state : null;
    }, 30_000, 'Thạch Hà back as a new peer');
    ids.thachHa = back.self!.peerId;
    await row(chair, ids.thachHa).getByText('Đã điểm danh: 10 người').waitFor();
    await chair.page.locator('.people-summary', { hasText: '3 điểm cầu' }).waitFor();
    await rollCallCard(chair).getByText('Đã xác nhận 3/3 điểm cầu · 20 người').waitFor();
    expect(await rollCallCard(thachHa).isVisible()).toBe(false);

    // The chair reloads its page: the open roll call and its answers come back with the join.
    await chair.page.reload();
    await chair.join(meetingId);
    ids.chair = (await chair.waitForPhase('live')).self!.peerId;
    await chair.page.locator('.people-summary', { hasText: '3 điểm cầu' }).waitFor();
    await rollCallCard(chair).getByText('Đã xác nhận 3/3 điểm cầu · 20 người').waitFor();

    // The chair closes the roll call; a second one is closed before a site answers it.
    await rollCallCard(chair).getByRole('button', { name: 'Kết thúc điểm danh' }).click();
    await rollCallCard(chair).waitFor({ state: 'hidden' });
    await chair.page.getByRole('button', { name: 'Điểm danh' }).click();
    await rollCallCard(thachHa).getByLabel('Số người dự tại điểm cầu').waitFor();
    await rollCallCard(chair).getByText('Đã xác nhận 0/3 điểm cầu').waitFor();
    await rollCallCard(chair).getByRole('button', { name: 'Kết thúc điểm danh' }).click();
    await rollCallCard(thachHa).waitFor({ state: 'hidden' });
    await rollCallCard(phone).waitFor({ state: 'hidden' });
  });

  test('after the end everyone sees that the meeting ended, with its page, and nothing stale', { timeout: 90_000 }, async () => {
    // Thạch Hà holds the floor when the meeting ends.
    await thachHa.page.getByRole('button', { name: 'Xin phát biểu' }).click();
    const entry = chair.page.locator(`.floor-entry[data-peer-id="${ids.thachHa}"]`);
    await entry.getByRole('button', { name: 'Cho phát biểu' }).click();
    await chair.page.locator('dialog[data-dialog="grant"]').getByRole('button', { name: 'Cho phát biểu' }).click();
    await thachHa.page.locator('[data-chip="floor"]').waitFor();

    await chair.page.getByRole('button', { name: 'Kết thúc cuộc họp' }).click();
    for (const page of [chair, thachHa, phone]) {
      await page.page.getByRole('heading', { name: 'Cuộc họp đã kết thúc' }).waitFor();
      await page.waitForPhase('ended');
    }
    await eventually(() => !server.app.live.get(meetingId), 10_000, 'live meeting closed');
    await shot(chair, 'ended-chair-1366');
    await shot(phone, 'ended-site-412');
    // Late answers (an ack lost with the closed socket) must not show as errors.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    for (const page of [chair, thachHa, phone]) {
      expect(await page.page.getByRole('button', { name: 'Vào lại' }).count()).toBe(0);
      expect(await page.page.locator('[data-chip]').count()).toBe(0);
      expect(await page.page.getByText('không phản hồi').count()).toBe(0);
      expect((await page.state())?.message ?? null).toBeNull();
      const link = page.page.getByRole('link', { name: 'Về trang cuộc họp' });
      expect(await link.getAttribute('href')).toBe(`#/meetings/${meetingId}`);
    }
    await phone.page.getByRole('link', { name: 'Về trang cuộc họp' }).tap();
    await phone.page.getByRole('heading', { name: 'Giao ban trực tuyến công tác chuyển đổi số' }).waitFor();

    // Opening the room of an ended meeting says so at once (no device picker, no join).
    await thachHa.page.goto(`${server.url}/#/live/${meetingId}`);
    await thachHa.page.getByRole('heading', { name: 'Cuộc họp đã kết thúc' }).waitFor();
    expect(await thachHa.page.getByRole('button', { name: 'Vào phòng họp' }).count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
