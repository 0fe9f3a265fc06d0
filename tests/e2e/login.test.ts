import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestApp, type TestServer } from '../helpers/app.ts';
import { launchBrowser } from '../helpers/browser.ts';

/**
 * The client shell in a real Chromium against the real server (PGlite, demo data, the
 * built client): redirect to login, a refused and an accepted sign-in, the shell and its
 * navigation, the language switch, the public unit picker, and sign-out.
 * Needs `npx vite build client` first.
 */

const DEMO_USER = 'vp.hatinh';
const DEMO_PASSWORD = 'hopso-demo';
const NAV_VI = ['Lịch họp', 'Giấy mời', 'Họp trực tuyến', 'Thông báo', 'Đơn vị hành chính', 'Xác thực văn bản'];
const NAV_EN = ['Meetings', 'Invitations', 'Live meetings', 'Notifications', 'Administrative units', 'Verify a document'];

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  server = await startTestApp({ listen: true });
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('login and shell', { timeout: 120_000 }, () => {
  test('a protected page sends a guest to a Vietnamese login page', async () => {
    await page.goto(`${server.url}/#/meetings`);
    await page.waitForURL(/#\/login$/);
    // Vietnamese even though the browser asks for English: it is the service's first language.
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
    await page.getByLabel('Tên đăng nhập').waitFor();
    await page.getByLabel('Mật khẩu').waitFor();
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).waitFor();
    expect(await page.title()).toContain('Họp số');
  });

  test('a wrong password shows the server message', async () => {
    await page.getByLabel('Tên đăng nhập').fill(DEMO_USER);
    await page.getByLabel('Mật khẩu').fill('not-the-password');
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/auth/login')),
      page.getByRole('button', { name: 'Đăng nhập', exact: true }).click(),
    ]);
    expect(response.status()).toBe(401);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('unauthenticated');

    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect((await alert.textContent())?.trim()).toBe(body.error.message);
    expect(page.url()).toMatch(/#\/login$/);
    await page.screenshot({ path: '/tmp/hopso-login.png', fullPage: true });
  });

  test('the right password opens the shell with the user and the navigation', async () => {
    await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/auth/login')),
      page.getByRole('button', { name: 'Đăng nhập', exact: true }).click(),
    ]);
    expect(response.status()).toBe(200);
    const { user } = (await response.json()) as { user: { fullName: string; body: { name: string } } };

    // Back where the guest was going before being sent to sign in.
    await page.waitForURL(/#\/meetings$/);
    const header = page.locator('header.app-header');
    await header.getByText(user.fullName).waitFor();
    await header.getByText(user.body.name, { exact: false }).waitFor();
    await header.getByText('Người triệu tập').waitFor();
    await page.getByRole('heading', { name: 'Lịch họp' }).waitFor();
    await page.getByRole('button', { name: 'Hôm nay' }).waitFor();

    const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
    for (const label of NAV_VI) await nav.getByRole('link', { name: label, exact: true }).waitFor();
    expect(await nav.getByRole('link', { name: 'Lịch họp' }).getAttribute('aria-current')).toBe('page');

    await nav.getByRole('link', { name: 'Trang chủ' }).click();
    await page.waitForURL(/#\/$/);
    await page.getByRole('heading', { name: `Xin chào, ${user.fullName}` }).waitFor();

    // The Vietnamese subset of Be Vietnam Pro (ạ, ệ, ở… live in U+1EA0–1EF9) is what renders.
    const vietnameseFace = await page.evaluate(
      `document.fonts.ready.then(() => [...document.fonts].some((f) =>
         f.family.includes('Be Vietnam Pro') && f.status === 'loaded' && f.unicodeRange.includes('1EA0')))`,
    );
    expect(vietnameseFace).toBe(true);
    await page.screenshot({ path: '/tmp/hopso-shell.png', fullPage: true });
  });

  test('switching to English relabels the shell and survives a reload', async () => {
    await page.getByRole('button', { name: 'EN', exact: true }).click();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    for (const label of NAV_EN) await nav.getByRole('link', { name: label, exact: true }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.locator('header.app-header').getByText('Convener').waitFor();

    await nav.getByRole('link', { name: 'Meetings', exact: true }).click();
    await page.getByRole('heading', { name: 'Meetings' }).waitFor();
    await page.getByRole('button', { name: 'Today' }).waitFor();

    await page.reload();
    await page.getByRole('heading', { name: 'Meetings' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
  });

  test('the unit picker browses the tree and finds "Thạch Hà" from "thach ha"', async () => {
    await page.goto(`${server.url}/#/units`);
    await page.getByRole('heading', { name: 'Administrative units' }).waitFor();

    // The tree opens on the central level with the provinces; Hà Tĩnh has 69 communes.
    const haTinh = page.locator('li[data-unit="42"]');
    await haTinh.locator('> .unit-row').getByText('Commune-level units: 69').waitFor();
    await haTinh.getByRole('button', { name: 'Show units under Tỉnh Hà Tĩnh' }).click();
    await haTinh.locator('li[data-unit]').nth(68).waitFor();
    expect(await haTinh.locator('li[data-unit]').count()).toBe(69);

    await page.getByLabel('Search units').fill('thach ha');
    const hit = page.locator('.unit-results li', { hasText: 'Xã Thạch Hà' }).first();
    await hit.waitFor();
    expect(await hit.textContent()).toContain('Hà Tĩnh');

    // Picking from the results shows up as a chip and in the tree as the same selection.
    await hit.getByRole('checkbox').check();
    await page.locator('.unit-chip', { hasText: 'Xã Thạch Hà' }).waitFor();
    await page.getByText('Selected: 1').waitFor();
  });

  test('an unknown address shows the not-found page', async () => {
    await page.goto(`${server.url}/#/no-such-page`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  });

  test('signing out sends the CSRF token and returns to login', async () => {
    await page.goto(`${server.url}/#/`);
    const [request] = await Promise.all([
      page.waitForRequest((r) => r.url().endsWith('/api/auth/logout')),
      page.getByRole('button', { name: 'Sign out' }).click(),
    ]);
    expect(request.method()).toBe('POST');
    expect(request.headers()['x-csrf-token']).toBeTruthy();
    expect((await request.response())?.status()).toBe(204);

    await page.waitForURL(/#\/login$/);
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    await page.getByLabel('Username').waitFor();

    // The session is gone on the server too: a reload of a protected page lands on login.
    await page.goto(`${server.url}/#/notifications`);
    await page.waitForURL(/#\/login$/);

    await page.getByRole('button', { name: 'VI', exact: true }).click();
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
