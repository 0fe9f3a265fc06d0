/**
 * npm run bench:join [-- --bursts 1,5,10 --rounds 1 --timeout 60 --site-cameras on|off]
 *
 * Real Chromium pages (fake camera and microphone) joining one started meeting: the chủ trì's
 * page joins first with its camera; then bursts of 1, 5 and 10 site pages (one browser, one
 * context per site, each a distinct site account) press "Vào phòng họp" together. Per page:
 * from the press to the first decoded frame of a remote video (getStats framesDecoded > 0,
 * polled every 20 ms) and to the first presented one (requestVideoFrameCallback), both on the
 * page's own clock. Each burst's pages leave before the next burst. p50/p95 per burst size.
 * `--site-cameras off`: the burst's pages untick "Bật camera khi vào" and join with the
 * microphone only (the chủ trì still sends video): on this one machine each page's own 720p
 * simulcast encoder competes with the server for the same two cores, which real sites (each on
 * its own computer) never do; without it the figure is the server's join path.
 * Baseline in the same run, per burst size: as many pages each sending a fake camera through a
 * loopback RTCPeerConnection pair to their first presented frame (what WebRTC alone costs here).
 * The built client is served (client/dist: `npx vite build client` first; built here if missing)
 * by the app started in this process on port 3142 (PGlite, one media worker).
 * Last line: RESULT join b1_p50_ms=… b1_p95_ms=… b5_… b10_… b10_p95_ratio=… load=…
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { benchDatabase } from './lib/databases.ts';
import { within } from './lib/live-socket.ts';
import { load1, machineLine, option, percentile } from './lib/machine.ts';
import { createBenchMeeting } from './lib/meeting-sites.ts';
import { joinTimingScript, loopbackScript } from './lib/page-timing.ts';

const BURSTS = option('bursts', '1,5,10').split(',').map(Number);
const ROUNDS = Number(option('rounds', '1'));
const TIMEOUT_MS = Number(option('timeout', '60')) * 1000;
const SITE_CAMERAS = option('site-cameras', 'on') !== 'off';
const PORT = 3142;
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
];

const clientDist = path.resolve('client/dist');
if (!fs.existsSync(path.join(clientDist, 'index.html'))) {
  console.log('client/dist missing: building the client (npx vite build client)');
  execFileSync('npx', ['vite', 'build', 'client'], { stdio: 'inherit' });
}

interface Timing { pressedAt: number | null; presentedAt: number | null; decodedAt: number | null }

async function sitePage(browser: Browser, url: string, cookie: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const [name, value] = cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url }]);
  await context.addInitScript(joinTimingScript);
  return { context, page: await context.newPage() };
}

/** Opens the room page and waits until its devices are open (the join button enabled). */
async function ready(page: Page, url: string, meetingId: string): Promise<void> {
  await page.goto(`${url}/#/live/${meetingId}`);
  const join = page.getByRole('button', { name: 'Vào phòng họp' });
  await join.waitFor({ timeout: TIMEOUT_MS });
  const deadline = Date.now() + TIMEOUT_MS;
  while (!(await join.isEnabled())) {
    if (Date.now() > deadline) throw new Error('devices never opened');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const press = (page: Page) => page.getByRole('button', { name: 'Vào phòng họp' }).click();
const cameraOff = (page: Page) => page.getByLabel('Bật camera khi vào').uncheck();

/** The page's press-to-first-frame, once it has one (null when not within the step's time). */
async function firstFrame(page: Page): Promise<{ decoded: number | null; presented: number | null }> {
  let deadline = Date.now() + TIMEOUT_MS;
  let decodedSeen = false;
  while (Date.now() < deadline) {
    const t = await page.evaluate<Timing | null>('window.__benchTiming ?? null');
    if (t?.pressedAt != null && t.decodedAt !== null && t.presentedAt !== null) return { decoded: t.decodedAt - t.pressedAt, presented: t.presentedAt - t.pressedAt };
    // Decoded: the frame is shown within a few frame times, or this page never calls back (then only the decode counts).
    if (t?.decodedAt != null && !decodedSeen) {
      decodedSeen = true;
      deadline = Math.min(deadline, Date.now() + 3_000);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const t = await page.evaluate<Timing | null>('window.__benchTiming ?? null');
  const since = (at: number | null | undefined) => (t?.pressedAt != null && at != null ? at - t.pressedAt : null);
  return { decoded: since(t?.decodedAt), presented: since(t?.presentedAt) };
}

async function loopback(browser: Browser, url: string, n: number): Promise<(number | null)[]> {
  const contexts = await Promise.all(Array.from({ length: n }, () => browser.newContext()));
  try {
    const pages = await Promise.all(contexts.map(async (c) => {
      const page = await c.newPage();
      await page.goto(`${url}/health`);
      return page;
    }));
    return await Promise.all(pages.map((p) => within(p.evaluate<number>(loopbackScript), TIMEOUT_MS, null).catch(() => null)));
  } finally {
    await Promise.all(contexts.map((c) => c.close()));
  }
}

const stat = (values: (number | null)[]) => {
  const got = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  return { p50: percentile(got, 50), p95: percentile(got, 95), missing: values.length - got.length };
};
const fmt = (v: number) => (Number.isNaN(v) ? 'not reached' : `${v.toFixed(0)} ms`);

console.log(machineLine());
const scratch = await benchDatabase('pglite');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hopso-bench-join-'));
const app = await buildApp(loadConfig({}, {
  LOG_LEVEL: 'error', MEDIA_WORKERS: 1, RTC_PORT: 0, RTC_LISTEN_IP: '127.0.0.1', DATA_DIR: dataDir, COOKIE_SECURE: false, CLIENT_DIST: clientDist,
}), { database: scratch.database });
const browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
const fields: string[] = [];
try {
  await app.ready();
  const needed = BURSTS.reduce((s, b) => s + b, 0) * ROUNDS;
  const meeting = await createBenchMeeting(app.db, needed + 1, 'join');
  await app.listen({ port: PORT, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${PORT}`;
  console.log(`${meeting.title}; ${BURSTS.join(', ')} pages per burst × ${ROUNDS} round(s); ${TIMEOUT_MS / 1000} s per page; ` +
    `site cameras ${SITE_CAMERAS ? 'on (each page encodes its own camera)' : 'off (sites join with the microphone)'}`);

  const chair = await sitePage(browser, url, meeting.chair.cookie);
  await ready(chair.page, url, meeting.meetingId);
  await press(chair.page);
  const chairLive = async () => {
    for (const deadline = Date.now() + TIMEOUT_MS; Date.now() < deadline; await new Promise((r) => setTimeout(r, 200))) {
      const s = await chair.page.evaluate<{ phase: string; started: boolean; ownProducers: { source: string }[] } | null>('window.__hopso ? window.__hopso.state() : null');
      if (s?.phase === 'live' && s.started && s.ownProducers.some((p) => p.source === 'camera')) return;
    }
    throw new Error('the chủ trì never went live with a camera');
  };
  await chairLive();

  let next = 0;
  for (const n of BURSTS) {
    const decoded: (number | null)[] = [], presented: (number | null)[] = [], base: (number | null)[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      base.push(...(await loopback(browser, url, n)));
      const sites = await Promise.all(meeting.sites.slice(next, next + n).map((s) => sitePage(browser, url, s.cookie)));
      next += n;
      try {
        await Promise.all(sites.map((s) => ready(s.page, url, meeting.meetingId)));
        if (!SITE_CAMERAS) await Promise.all(sites.map((s) => cameraOff(s.page)));
        await Promise.all(sites.map((s) => press(s.page)));
        const frames = await Promise.all(sites.map((s) => firstFrame(s.page)));
        decoded.push(...frames.map((f) => f.decoded));
        presented.push(...frames.map((f) => f.presented));
      } finally {
        await Promise.all(sites.map((s) => s.context.close()));
      }
    }
    const d = stat(decoded), p = stat(presented), b = stat(base);
    console.log(`  burst of ${String(n).padStart(2)}: first decoded p50 ${fmt(d.p50)} p95 ${fmt(d.p95)}; first presented p50 ${fmt(p.p50)} p95 ${fmt(p.p95)}` +
      `${d.missing ? ` (${d.missing} not reached)` : ''}; loopback WebRTC alone p50 ${fmt(b.p50)} p95 ${fmt(b.p95)}; ` +
      `p95 ÷ loopback p95 = ${(d.p95 / b.p95).toFixed(1)}  load ${load1()}`);
    const v = (x: number) => (Number.isNaN(x) ? 'na' : x.toFixed(0));
    fields.push(`b${n}_p50_ms=${v(d.p50)}`, `b${n}_p95_ms=${v(d.p95)}`, `b${n}_loopback_p95_ms=${v(b.p95)}`, `b${n}_p95_ratio=${Number.isNaN(d.p95 / b.p95) ? 'na' : (d.p95 / b.p95).toFixed(1)}`);
  }
  await chair.context.close();
} finally {
  await browser.close();
  await app.close();
  await scratch.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
console.log(`RESULT join ${fields.join(' ')} site_cameras=${SITE_CAMERAS ? 'on' : 'off'} load=${load1()}`);
