import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildApp } from '../../server/app.ts';
import type { FastifyInstance } from 'fastify';
import { startTestApp, type TestServer } from '../helpers/app.ts';
import { createLiveMeeting, launchBrowser, LivePage, signInContext } from '../helpers/browser.ts';
import { describeEachDb } from '../helpers/db.ts';

const SHOTS = '/tmp/shots-ops';

/**
 * A server restart (SIGTERM, then systemd starts it again) in real Chromium: the site is told
 * the server is restarting, shows that it is reconnecting, and is back in the room on its own
 * once the new process listens on the same port. Needs `npx vite build client`.
 */
describeEachDb('a site rides out a server restart', (kind) => {
  let server: TestServer;
  let second: FastifyInstance | undefined;
  let browser: Browser;
  let context: BrowserContext;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startTestApp({ kind, listen: true, mediaWorkers: 1 });
    browser = await launchBrowser();
    fs.mkdirSync(SHOTS, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await context?.close().catch(() => {});
    await browser?.close();
    await second?.close();
    await server?.close();
  });

  test('the room reconnects and rejoins by itself after the server comes back', { timeout: 90_000 }, async () => {
    const meeting = await createLiveMeeting(server.app, { title: 'Giao ban trong lúc nâng cấp máy chủ', chair: 'vp.hatinh', invited: ['xa.thachha'], startsAt: new Date(Date.now() + 600_000) });
    context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    await signInContext(context, server.url, 'vp.hatinh');
    const page: Page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    const room = new LivePage(page, server.url);
    await room.join(meeting.id);
    const before = await room.waitForPhase('live');

    const { port } = server.app.server.address() as AddressInfo;
    await server.closeApp();
    await room.waitForPhase('reconnecting', 10_000);
    await page.screenshot({ path: `${SHOTS}/restart-reconnecting-1366.png` });

    // The new process: same database, same port, started a moment later.
    second = await buildApp(server.app.config, { database: server.database });
    await second.listen({ port, host: '127.0.0.1' });
    // Back within the notice's 3 s + up to 7 s, and the server's own start.
    const after = await room.waitForPhase('live', 30_000).catch(async (err: unknown) => {
      await page.screenshot({ path: `${SHOTS}/restart-failed-1366.png` });
      throw err;
    });
    expect(after.reconnects + 1).toBeGreaterThan(before.reconnects);
    await page.screenshot({ path: `${SHOTS}/restart-back-1366.png` });
    expect(pageErrors).toEqual([]);
  });
});
