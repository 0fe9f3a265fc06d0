/**
 * npm run bench:join [-- --bursts 1,5,10 --rounds 1 --timeout 60 --site-cameras on|off --chair-browser own|shared --calls-log file]
 *
 * Real Chromium pages (fake camera and microphone) joining one started meeting: the chủ trì's
 * page (in its own Chromium unless --chair-browser shared) joins first with its camera; then bursts of 1, 5 and 10 site pages (one browser, one
 * context per site, each a distinct site account) press "Vào phòng họp" together, once each page's
 * devices are open and its pre-join screen has prepared the join (connection open, media device
 * loaded: what a person looking at the preview for a moment finds; the time it took is printed). Per page:
 * from the press to the first decoded frame of a remote video (the receive transport's getStats
 * framesDecoded > 0, polled every 20 ms) and to the first presented one (requestVideoFrameCallback), both on the
 * page's own clock. Each burst's pages leave before the next burst. p50/p95 per burst size.
 * Per burst, where the time went: each join step of the page (window.__hopso.timeline(): join
 * answered, device loaded, transports, produced, view answered, video consumed, receive
 * transport connected, resumed; then, from getStats, the first video packet and the first
 * decoded frame) as p50/p95 of its time since the press and of its gap from the step before;
 * the server's time per signalling method (waiting behind the socket's earlier calls, and
 * running: the dispatcher's debug timing); the key frames the chủ trì's encoder sent; the CPU
 * seconds the Chromiums, the media worker and the server used from the press to the last first
 * frame; and how many simulcast layers the sites' cameras encode then (encodeLayers). Just before
 * each press, the cores the machine is already using over 2 s (the prepared pages' previews and
 * microphone meters, the chủ trì's camera): what the burst starts from.
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
import { BurstCost, cameraLayers, coresNow } from './lib/burst-cost.ts';
import { load1, machineLine, option, percentile } from './lib/machine.ts';
import { createBenchMeeting } from './lib/meeting-sites.ts';
import { joinTimingScript, loopbackScript } from './lib/page-timing.ts';

const BURSTS = option('bursts', '1,5,10').split(',').map(Number);
const ROUNDS = Number(option('rounds', '1'));
const TIMEOUT_MS = Number(option('timeout', '60')) * 1000;
const SITE_CAMERAS = option('site-cameras', 'on') !== 'off';
/**
 * `--chair-browser own|shared`: the chủ trì's page in a Chromium of its own (default), as on its
 * own computer. In the sites' Chromium, the burst's pages stalled its sending (one browser
 * process and network service carry every page's RTP): its camera's layers all fell silent
 * for 1 to 2 s as a burst of five arrived, which no real site does to the chủ trì.
 */
const CHAIR_BROWSER = option('chair-browser', 'own');
/** `--calls-log file`: every signalling call the server answered, one JSON line each (the dispatcher's debug timing). */
const CALLS_LOG = option('calls-log', '');
const PORT = 3142;
/** How long a page may take on its pre-join screen to prepare the join before the bench presses anyway. */
const PREPARE_MS = 10_000;
/** How long the machine's load is sampled just before each press: what the waiting pages already use. */
const PRESS_SAMPLE_MS = 2_000;
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
];

const clientDist = path.resolve('client/dist');
if (!fs.existsSync(path.join(clientDist, 'index.html'))) {
  console.log('client/dist missing: building the client (npx vite build client)');
  execFileSync('npx', ['vite', 'build', 'client'], { stdio: 'inherit' });
}

interface Timing {
  pressedAt: number | null; presentedAt: number | null; decodedAt: number | null; packetAt: number | null;
  pliCount: number | null; firCount: number | null;
}
/** One page's join: its timing and its session's steps (page clock). */
interface PageRun { decoded: number | null; presented: number | null; timing: Timing | null; steps: Record<string, number> }

/** The steps of a join in order, each with the step its gap is measured from. */
const STEPS: [step: string, from: string[]][] = [
  ['connected', ['pressed']],
  ['joined', ['connected']],
  ['deviceLoaded', ['joined']],
  ['transports', ['deviceLoaded']],
  ['produced', ['transports']],
  ['viewAnswered', ['produced']],
  ['videoConsumeAnswered', ['viewAnswered']],
  ['videoConsumer', ['videoConsumeAnswered']],
  ['recvConnected', ['videoConsumer']],
  ['videoResumed', ['videoConsumer']],
  ['packet', ['videoResumed', 'recvConnected']],
  ['decoded', ['packet']],
];

/** The server's time per signalling method: the dispatcher's 'live call' debug lines. */
const calls: { method: string; waitedMs: number; ranMs: number }[] = [];
const logStream = {
  write(line: string) {
    let entry: { msg?: string; level?: number; method?: string; waitedMs?: number; ranMs?: number };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      return;
    }
    if (entry.msg === 'live call' && entry.method) {
      calls.push({ method: entry.method, waitedMs: entry.waitedMs ?? 0, ranMs: entry.ranMs ?? 0 });
      if (CALLS_LOG) fs.appendFileSync(CALLS_LOG, line.endsWith('\n') ? line : `${line}\n`);
    }
    else if ((entry.level ?? 0) >= 50) process.stdout.write(line);
  },
};

async function sitePage(browser: Browser, url: string, cookie: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const [name, value] = cookie.split('=') as [string, string];
  await context.addCookies([{ name, value, url }]);
  await context.addInitScript(joinTimingScript);
  return { context, page: await context.newPage() };
}

/**
 * Opens the room page and waits until its devices are open (the join button enabled) and the
 * page has prepared the join (its connection open and its media device loaded: the
 * `data-prepared` mark, within PREPARE_MS), as a person who looks at the camera preview for a
 * moment finds it. Answers how long the page took to get there since it was opened, or null
 * when it was not prepared in time (the press then comes anyway and waits for the rest).
 */
async function ready(page: Page, url: string, meetingId: string): Promise<number | null> {
  const opened = Date.now();
  await page.goto(`${url}/#/live/${meetingId}`);
  const join = page.getByRole('button', { name: 'Vào phòng họp' });
  await join.waitFor({ timeout: TIMEOUT_MS });
  const deadline = Date.now() + TIMEOUT_MS;
  while (!(await join.isEnabled())) {
    if (Date.now() > deadline) throw new Error('devices never opened');
    await new Promise((r) => setTimeout(r, 100));
  }
  const prepared = await page.locator('.prejoin-page[data-prepared]').waitFor({ timeout: PREPARE_MS }).then(() => true, () => false);
  return prepared ? Date.now() - opened : null;
}

const press = (page: Page) => page.getByRole('button', { name: 'Vào phòng họp' }).click();
const cameraOff = (page: Page) => page.getByLabel('Bật camera khi vào').uncheck();

/** The page's press-to-first-frame, once it has one (null when not within the step's time). */
async function firstFrame(page: Page): Promise<PageRun> {
  const frame = await frameTimes(page);
  const timing = await page.evaluate<Timing | null>('window.__benchTiming ?? null');
  const steps = await page.evaluate<Record<string, number>>('window.__hopso ? window.__hopso.timeline() : {}');
  return { ...frame, timing, steps };
}

async function frameTimes(page: Page): Promise<{ decoded: number | null; presented: number | null }> {
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
const ms = (v: number) => (Number.isNaN(v) ? '—' : v.toFixed(0));

/** Each step's time since the press and its gap from the step(s) before, p50/p95 over the burst's pages. */
function printPhases(runs: PageRun[]): void {
  const at = (run: PageRun, step: string): number | null => {
    const t = run.timing;
    if (!t || t.pressedAt === null) return null;
    const value = step === 'pressed' ? t.pressedAt : step === 'packet' ? t.packetAt : step === 'decoded' ? t.decodedAt : run.steps[step];
    return value == null ? null : value - t.pressedAt;
  };
  console.log(`    ${'step'.padEnd(22)} ${'since press p50/p95'.padStart(20)} ${'gap p50/p95 (ms)'.padStart(18)}  gap from`);
  for (const [step, from] of STEPS) {
    const since = stat(runs.map((r) => at(r, step)));
    const gap = stat(runs.map((r) => {
      const here = at(r, step);
      const before = from.map((f) => at(r, f)).filter((v): v is number => v !== null);
      return here === null || before.length === 0 ? null : here - Math.max(...before);
    }));
    console.log(`    ${step.padEnd(22)} ${`${ms(since.p50)} / ${ms(since.p95)}`.padStart(20)} ${`${ms(gap.p50)} / ${ms(gap.p95)}`.padStart(18)}  ${from.join(', ')}` +
      `${since.missing ? `  (${since.missing} not reached)` : ''}`);
  }
  const plis = runs.map((r) => r.timing?.pliCount ?? null).filter((v): v is number => v !== null);
  const firs = runs.map((r) => r.timing?.firCount ?? null).filter((v): v is number => v !== null);
  console.log(`    key frame requests sent by the pages before their first decoded frame: PLI ${plis.join(',') || '—'}; FIR ${firs.join(',') || '—'}`);
}

/** The server's time per method during the burst: waiting behind the socket's earlier calls, and running. */
function printCalls(from: number): void {
  const byMethod = new Map<string, { waited: number[]; ran: number[] }>();
  for (const c of calls.slice(from)) {
    const m = byMethod.get(c.method) ?? { waited: [], ran: [] };
    m.waited.push(c.waitedMs);
    m.ran.push(c.ranMs);
    byMethod.set(c.method, m);
  }
  const parts = [...byMethod].map(([method, m]) => {
    const w = stat(m.waited), r = stat(m.ran);
    return `${method}×${m.ran.length} ran ${ms(r.p50)}/${ms(r.p95)}${w.p95 > 0 ? ` waited ${ms(w.p50)}/${ms(w.p95)}` : ''}`;
  });
  console.log(`    server ms p50/p95: ${parts.join('; ')}`);
}

interface Outbound { source: string; rid: string | null; keyFramesEncoded: number | null; pliCount: number | null; firCount: number | null; framesPerSecond: number | null; qualityLimitationReason: string | null; frameWidth: number | null }
const outbound = (page: Page) => page.evaluate<Outbound[]>('window.__hopso ? window.__hopso.outbound() : []');

/** The chủ trì's camera during the burst: key frames asked of it and sent, per simulcast layer. */
function printChair(before: Outbound[], after: Outbound[]): void {
  const cams = after.filter((o) => o.source === 'camera');
  const parts = cams.map((o) => {
    const b = before.find((x) => x.source === 'camera' && x.rid === o.rid);
    const d = (k: 'keyFramesEncoded' | 'pliCount' | 'firCount') => (o[k] ?? 0) - (b?.[k] ?? 0);
    return `${o.rid ?? '-'}: ${d('pliCount')} PLI ${d('firCount')} FIR → ${d('keyFramesEncoded')} key frames, ${o.frameWidth ?? '—'} px ${o.framesPerSecond ?? '—'} fps (${o.qualityLimitationReason ?? '—'})`;
  });
  console.log(`    chủ trì camera during the burst: ${parts.join('; ') || '—'}`);
}

console.log(machineLine());
const scratch = await benchDatabase('pglite');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hopso-bench-join-'));
const app = await buildApp(loadConfig({}, {
  LOG_LEVEL: 'debug', MEDIA_WORKERS: 1, RTC_PORT: 0, RTC_LISTEN_IP: '127.0.0.1', DATA_DIR: dataDir, COOKIE_SECURE: false, CLIENT_DIST: clientDist,
}), { database: scratch.database, logStream });
const launch = () => chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
const browser = await launch();
const chairBrowser = CHAIR_BROWSER === 'own' ? await launch() : browser;
const fields: string[] = [];
try {
  await app.ready();
  const needed = BURSTS.reduce((s, b) => s + b, 0) * ROUNDS;
  const meeting = await createBenchMeeting(app.db, needed + 1, 'join');
  await app.listen({ port: PORT, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${PORT}`;
  console.log(`${meeting.title}; ${BURSTS.join(', ')} pages per burst × ${ROUNDS} round(s); ${TIMEOUT_MS / 1000} s per page; ` +
    `site cameras ${SITE_CAMERAS ? 'on (each page encodes its own camera)' : 'off (sites join with the microphone)'}; chủ trì in ${CHAIR_BROWSER === 'own' ? 'its own Chromium' : 'the sites\' Chromium'}`);

  const chair = await sitePage(chairBrowser, url, meeting.chair.cookie);
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
    const decoded: (number | null)[] = [], presented: (number | null)[] = [], base: (number | null)[] = [], prepared: (number | null)[] = [];
    const runs: PageRun[] = [];
    const callsFrom = calls.length;
    let chairBefore: Outbound[] = [], chairAfter: Outbound[] = [];
    const cost = new BurstCost();
    let layers = '—';
    const waiting: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      base.push(...(await loopback(browser, url, n)));
      const sites = await Promise.all(meeting.sites.slice(next, next + n).map((s) => sitePage(browser, url, s.cookie)));
      next += n;
      try {
        prepared.push(...(await Promise.all(sites.map((s) => ready(s.page, url, meeting.meetingId)))));
        if (!SITE_CAMERAS) await Promise.all(sites.map((s) => cameraOff(s.page)));
        chairBefore = await outbound(chair.page);
        waiting.push(await coresNow(PRESS_SAMPLE_MS));
        cost.start();
        await Promise.all(sites.map((s) => press(s.page)));
        const frames = await Promise.all(sites.map((s) => firstFrame(s.page)));
        cost.stop();
        chairAfter = await outbound(chair.page);
        layers = await cameraLayers(sites.map((s) => s.page));
        decoded.push(...frames.map((f) => f.decoded));
        presented.push(...frames.map((f) => f.presented));
        runs.push(...frames);
      } finally {
        await Promise.all(sites.map((s) => s.context.close()));
      }
    }
    const d = stat(decoded), p = stat(presented), b = stat(base);
    console.log(`  burst of ${String(n).padStart(2)}: first decoded p50 ${fmt(d.p50)} p95 ${fmt(d.p95)}; first presented p50 ${fmt(p.p50)} p95 ${fmt(p.p95)}` +
      `${d.missing ? ` (${d.missing} not reached)` : ''}; loopback WebRTC alone p50 ${fmt(b.p50)} p95 ${fmt(b.p95)}; ` +
      `p95 ÷ loopback p95 = ${(d.p95 / b.p95).toFixed(1)}  load ${load1()}`);
    const prep = stat(prepared);
    console.log(`    pre-join page prepared (connected, device loaded) p50 ${fmt(prep.p50)} p95 ${fmt(prep.p95)} after it was opened` +
      `${prep.missing ? `; ${prep.missing} pressed before it was (not within ${PREPARE_MS / 1000} s)` : ''}`);
    console.log(`    before the press (${PRESS_SAMPLE_MS / 1000} s, the pages prepared, the chủ trì live): ${waiting.join('; ')}`);
    printPhases(runs);
    printCalls(callsFrom);
    printChair(chairBefore, chairAfter);
    console.log(`    ${cost.line()}; site cameras then encoding: ${layers}`);
    const v = (x: number) => (Number.isNaN(x) ? 'na' : x.toFixed(0));
    fields.push(`b${n}_p50_ms=${v(d.p50)}`, `b${n}_p95_ms=${v(d.p95)}`, `b${n}_loopback_p95_ms=${v(b.p95)}`, `b${n}_p95_ratio=${Number.isNaN(d.p95 / b.p95) ? 'na' : (d.p95 / b.p95).toFixed(1)}`);
  }
  await chair.context.close();
} finally {
  if (chairBrowser !== browser) await chairBrowser.close();
  await browser.close();
  await app.close();
  await scratch.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
console.log(`RESULT join ${fields.join(' ')} site_cameras=${SITE_CAMERAS ? 'on' : 'off'} chair_browser=${CHAIR_BROWSER} load=${load1()}`);
