import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestApp, type TestServer } from '../helpers/app.ts';
import { CHROMIUM_ARGS } from '../helpers/browser.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * The security headers as Chromium enforces them. Launched without the helper's CSP guard:
 * these tests provoke violations on purpose. Needs `npx vite build client` first.
 */

let server: TestServer;
let foreign: Server;
let foreignUrl: string;
let browser: Browser;

beforeAll(async () => {
  server = await startTestApp({ listen: true });
  // Another site that tries to frame the app (clickjacking the chair's controls).
  foreign = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html');
    res.end(`<!doctype html><iframe id="app" src="${server.url}/#/login" width="800" height="600"></iframe>`);
  });
  await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.2', resolve));
  foreignUrl = `http://127.0.0.2:${(foreign.address() as AddressInfo).port}/`;
  browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  foreign?.close();
  await server?.close();
});

describe('security headers in a real browser', { timeout: 60_000 }, () => {
  test('another site cannot frame the app', async () => {
    const page = await browser.newPage();
    const refusals: string[] = [];
    page.on('console', (m) => {
      if (/frame-ancestors/.test(m.text())) refusals.push(m.text());
    });
    await page.goto(foreignUrl, { waitUntil: 'load' });
    await eventually(() => refusals.length > 0, 10_000, 'the frame refused');
    // Chromium shows its own error page in the frame instead of the app.
    const frame = page.frames().find((f) => f !== page.mainFrame());
    expect(frame).toBeDefined();
    expect(await frame!.evaluate(() => document.querySelector('#app') !== null)).toBe(false);
    await page.close();
  });

  test('an injected inline script does not run, the app does', async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/.test(m.text())) violations.push(m.text());
    });
    await page.goto(`${server.url}/#/login`);
    await page.getByLabel('Tên đăng nhập').waitFor();
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.injected = true';
      document.body.append(script);
    });
    await eventually(() => violations.length > 0, 5000, 'a CSP violation report');
    expect(await page.evaluate(() => (window as unknown as { injected?: boolean }).injected)).toBeUndefined();
    await page.close();
  });
});
