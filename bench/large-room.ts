/**
 * npm run bench:room [-- --sites 1000,3356 --senders 8 --timeout 300 --window 64]
 *
 * A large meeting as its people see it (issue #13): the chủ trì's page (full roster) and one
 * commune's page (summary roster) open in Chromium while K−2 sites join over socket.io — the real
 * app in its own process, the sites in another (bench/lib/signal-sites.ts), `senders` of them
 * from here with a camera and a microphone producer (no browser: RTP parameters only). Per page:
 *   received — socket.io events by name from the first arrival until both pages show K sites;
 *   long tasks — count, total and longest (PerformanceObserver 'longtask');
 *   paints — the room's repaints, their total and longest time (window.__hopso.paints());
 *   click — a real click on the chủ trì's layout button every half second meanwhile, timed to
 *     the button's new label (Playwright's own round trip included: ~150 ms on a quiet page);
 *   search / page — the chủ trì's list of sites: a name typed to its row shown, a page turned.
 *   repaint — the chủ trì's room repainted on a quiet page for one site more and one fewer (mean of 20 each).
 * Profile the chủ trì's page during the arrivals: --profile <dir> (a .cpuprofile, for Chromium's DevTools).
 * Last line: RESULT room k<K>_in_ms=… k<K>_chair_events=… k<K>_commune_events=… k<K>_chair_long_ms=…
 *   k<K>_chair_long_max_ms=… k<K>_chair_paint_max_ms=… k<K>_click_max_ms=… k<K>_search_ms=… load=…
 * Needs the built client (npx vite build client) and the mediasoup worker.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { call, connectSocket, now } from './lib/live-socket.ts';
import { load1, machineLine, option } from './lib/machine.ts';
import type { BenchMeeting } from './lib/meeting-sites.ts';
import { clearPageFigures, describeFigures, pageFigures, pageObserverScript, Received } from './lib/room-pages.ts';
import { Child } from './lib/signal-child.ts';
import type { SitesReport } from './lib/signal-sites.ts';

const SIZES = option('sites', '1000,3356').split(',').map(Number);
const SENDERS = Number(option('senders', '8'));
const TIMEOUT_MS = Number(option('timeout', '300')) * 1000;
const WINDOW = Number(option('window', '64'));
const PROFILE = option('profile', '');
const PORT = 3143;
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
];

/** A send-only Opus or VP8 stream's RTP parameters: enough for the server to make a producer. */
function rtpParameters(kind: 'audio' | 'video', ssrc: number) {
  const codec = kind === 'audio'
    ? { mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2, parameters: {}, rtcpFeedback: [] }
    : { mimeType: 'video/VP8', payloadType: 96, clockRate: 90000, parameters: {}, rtcpFeedback: [{ type: 'nack' }] };
  return { mid: kind === 'audio' ? '0' : '1', codecs: [codec], headerExtensions: [], encodings: [{ ssrc }], rtcp: { cname: `room-${ssrc}`, reducedSize: true } };
}

async function sender(url: string, meetingId: string, cookie: string, i: number): Promise<Socket> {
  const socket = await connectSocket(url, cookie);
  await call(socket, 'join', { meetingId, siteSessionId: `bench-room-sender-${i}` });
  const send = await call(socket, 'createTransport', { direction: 'send' });
  for (const kind of ['audio', 'video'] as const) {
    await call(socket, 'produce', { transportId: send.id, kind, source: kind === 'audio' ? 'mic' : 'camera', rtpParameters: rtpParameters(kind, 5000 + 2 * i + (kind === 'audio' ? 0 : 1)) });
  }
  return socket;
}

async function openRoom(browser: Browser, url: string, meetingId: string, cookie: string): Promise<{ page: Page; received: Received }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const [name, value] = cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url }]);
  await context.addInitScript(pageObserverScript);
  const page = await context.newPage();
  const received = new Received();
  received.watch(page);
  await page.goto(`${url}/#/live/${meetingId}`);
  const join = page.getByRole('button', { name: 'Vào phòng họp' });
  await join.waitFor({ timeout: 60_000 });
  while (!(await join.isEnabled())) await new Promise((r) => setTimeout(r, 100));
  await join.click();
  if (!await until(() => page.evaluate<boolean>('!!window.__hopso && window.__hopso.state().phase === "live"'), 60_000)) throw new Error('the page did not enter the room');
  return { page, received };
}

/** In the page: a copy of a site comes and goes 20 times, each change painted at once; the mean time of a change. */
const REPAINT = `(() => {
  const session = window.__hopso.session;
  const peers = session.state.peers;
  const model = [...peers.values()].find((p) => p.role !== 'chair');
  const t0 = performance.now();
  for (let i = 0; i < 20; i++) {
    const peerId = 'bench-repaint-' + i;
    peers.set(peerId, { ...model, peerId, siteName: model.siteName + ' ' + i });
    session.mark('peers');
    session.changes.flush();
    peers.delete(peerId);
    session.mark('peers');
    session.changes.flush();
  }
  return (performance.now() - t0) / 40;
})()`;

const shows = (page: Page, k: number) => page.locator('.people-summary').filter({ hasText: new RegExp(`^${k.toLocaleString('vi-VN')} điểm cầu`) }).count().then((n) => n > 0);

async function until(probe: () => Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await probe()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

async function run(browser: Browser, k: number): Promise<string[]> {
  const server = new Child('signal-server.ts', TIMEOUT_MS);
  const sites = new Child('signal-sites.ts', TIMEOUT_MS);
  const senders: Socket[] = [];
  try {
    const { url, meeting } = await server.ask<{ url: string; meeting: BenchMeeting }>({ op: 'start', kind: 'hopso', db: 'pglite', port: PORT, sites: k });
    const chair = await openRoom(browser, url, meeting.meetingId, meeting.chair.cookie);
    const commune = await openRoom(browser, url, meeting.meetingId, meeting.sites[0]!.cookie);
    await chair.page.locator('[data-chip="live"]').waitFor({ timeout: 60_000 });
    for (const p of [chair, commune]) {
      p.received.reset();
      await clearPageFigures(p.page);
    }
    const cdp = PROFILE ? await chair.page.context().newCDPSession(chair.page) : null;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.start');
    }
    const t0 = now();
    let joining = true;
    const clickMs: number[] = [];
    const clicks = (async () => {
      const layout = chair.page.locator('[data-control="layout"]');
      while (joining) {
        const before = await layout.textContent();
        const start = Date.now();
        // A page too busy to take the click within 30 s is a figure, not the bench's failure.
        const answered = await layout.click({ timeout: 30_000 }).then(() => until(async () => (await layout.textContent()) !== before, 30_000), () => false);
        clickMs.push(answered ? Date.now() - start : NaN);
        await new Promise((r) => setTimeout(r, 500));
      }
    })();
    const others = meeting.sites.slice(1);
    for (const [i, site] of others.slice(0, SENDERS).entries()) senders.push(await sender(url, meeting.meetingId, site.cookie, i));
    const report = await sites.ask<SitesReport>({ op: 'connect', kind: 'hopso', url, meetingId: meeting.meetingId, cookies: others.slice(SENDERS).map((s) => s.cookie), window: WINDOW, cameras: false });
    const shown = await until(async () => (await shows(chair.page, k)) && (await shows(commune.page, k)), TIMEOUT_MS);
    const inMs = shown ? Math.round(now() - t0) : null;
    joining = false;
    await clicks;
    if (cdp) {
      const { profile } = await cdp.send('Profiler.stop');
      fs.mkdirSync(PROFILE, { recursive: true });
      fs.writeFileSync(path.join(PROFILE, `room-chair-${k}.cpuprofile`), JSON.stringify(profile));
    }
    const chairFigures = await pageFigures(chair.page);
    const communeFigures = await pageFigures(commune.page);
    console.log(`K=${k}: ${report.joined} socket.io sites + ${SENDERS} senders joined (${report.errors} errors${report.firstErrors.length ? `: ${report.firstErrors.join('; ')}` : ''}); both pages show ${k} sites after ${inMs ?? 'not reached'} ms`);
    console.log(`  chủ trì: received ${chair.received.summary()}; ${describeFigures(chairFigures)}`);
    console.log(`  commune: received ${commune.received.summary()}; ${describeFigures(communeFigures)}`);
    console.log(`  clicks on the chủ trì's page meanwhile: ${clickMs.map((ms) => (Number.isNaN(ms) ? 'not answered in 30 s' : ms)).join(', ')} ms`);

    // The chủ trì looks for one site by name, and turns a page of the list.
    const search = chair.page.getByRole('searchbox', { name: 'Tìm điểm cầu' });
    const s0 = Date.now();
    await search.fill('dien bien');
    await chair.page.locator('.people-row').filter({ hasText: 'Điện Biên' }).first().waitFor();
    const searchMs = Date.now() - s0;
    await search.fill('');
    const range = chair.page.locator('.people-range');
    const before = await range.textContent();
    const p0 = Date.now();
    await chair.page.locator('[data-people-page="next"]').click();
    await until(async () => (await range.textContent()) !== before, 30_000);
    const pageMs = Date.now() - p0;
    console.log(`  the chủ trì's list: a search shown in ${searchMs} ms, the next page in ${pageMs} ms`);
    const repaintMs = await chair.page.evaluate<number>(REPAINT);
    console.log(`  the chủ trì's room repainted for one site more or fewer in ${repaintMs.toFixed(1)} ms (quiet page)`);
    await chair.page.context().close();
    await commune.page.context().close();
    const f = (name: string, v: number | null) => `k${k}_${name}=${v ?? 'not_reached'}`;
    return [
      f('in_ms', inMs), f('chair_events', chair.received.total), f('commune_events', commune.received.total),
      f('chair_long_ms', chairFigures.longTotalMs), f('chair_long_max_ms', chairFigures.longMaxMs), f('chair_paint_max_ms', chairFigures.paintMaxMs),
      f('commune_long_ms', communeFigures.longTotalMs), f('click_max_ms', clickMs.some(Number.isNaN) ? null : Math.max(0, ...clickMs)), f('search_ms', searchMs),
      f('repaint_ms', Number(repaintMs.toFixed(1))),
    ];
  } finally {
    for (const s of senders) s.disconnect();
    await sites.exit();
    await server.exit();
  }
}

console.log(machineLine());
const browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
const fields: string[] = [];
try {
  for (const k of SIZES) fields.push(...await run(browser, k));
} finally {
  await browser.close();
}
console.log(`RESULT room ${fields.join(' ')} load=${load1()}`);
