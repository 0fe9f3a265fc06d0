import fs from 'node:fs';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createBenchMeeting, type BenchMeeting } from '../../bench/lib/meeting-sites.ts';
import { clearPageFigures, describeFigures, pageFigures, pageObserverScript, Received } from '../../bench/lib/room-pages.ts';
import { fold } from '../../client/src/text.ts';
import { PRESENCE_TICK_MS } from '../../server/live/site-counts.ts';
import { startTestApp, type TestServer } from '../helpers/app.ts';
import { launchBrowser, LivePage } from '../helpers/browser.ts';
import { connectLive, joinWithMedia, type LiveClient } from '../helpers/live.ts';
import { eventually } from '../helpers/wait.ts';

const SHOTS = process.env['SHOTS_DIR'] ?? '/tmp/big';
/** The room: the chủ trì's site, the commune in a browser, and the simulated sites. */
const SITES = 300;
/** Rows of the list of sites at once (client/src/live/ui/people-panel.ts PEOPLE_PAGE). */
const PEOPLE_PAGE = 20;
/** Simulated sites that send a camera and a microphone (producers without a browser). */
const SENDERS = 8;
/** Sites that come once the chủ trì has locked the room: they wait in the lobby. */
const LATE = 30;

/**
 * A large meeting seen from two real pages (issue #13): the chủ trì's (full roster: every site)
 * and one commune's (summary roster: the counts and the featured sites) stay open while ~300
 * sites join over socket.io, a few of them sending a camera and a microphone. The chủ trì's
 * page must keep answering clicks, its list of sites must show and find every site, a page at a
 * time; the commune's page must show the counts and the featured sites only, and must not be
 * told of each arrival. Figures (long tasks, events received, clicks' delays) are printed;
 * screenshots go to /tmp/big/ (SHOTS_DIR). Needs `npx vite build client` and the mediasoup worker.
 */
describe('a large meeting in real pages', () => {
  let server: TestServer;
  let browser: Browser;
  let meeting: BenchMeeting;
  const contexts: BrowserContext[] = [];
  const clients: LiveClient[] = [];
  const pageErrors: string[] = [];
  let chair: LivePage;
  let commune: LivePage;
  const received = { chair: new Received(), commune: new Received() };

  const shot = async (page: LivePage, name: string) => {
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.page.screenshot({ path: `${SHOTS}/${name}.png` });
  };

  async function open(cookie: string, name: string, phone = false): Promise<LivePage> {
    const context = await browser.newContext(phone
      ? { viewport: { width: 412, height: 915 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 }
      : { viewport: { width: 1366, height: 768 } });
    contexts.push(context);
    const [cookieName, value] = cookie.split('=') as [string, string];
    await context.addCookies([{ name: cookieName, value, url: server.url }]);
    await context.addInitScript(pageObserverScript);
    const page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(`${name}: ${err.message}`));
    return new LivePage(page, server.url);
  }

  beforeAll(async () => {
    server = await startTestApp({ kind: 'pglite', listen: true, mediaWorkers: 1 });
    meeting = await createBenchMeeting(server.db, SITES + LATE, 'big');
    browser = await launchBrowser({ args: ['--autoplay-policy=no-user-gesture-required'] });
    chair = await open(meeting.chair.cookie, 'chair');
    received.chair.watch(chair.page);
    await chair.join(meeting.meetingId);
    await chair.waitForPhase('live');
    commune = await open(meeting.sites[0]!.cookie, 'commune');
    received.commune.watch(commune.page);
    await commune.join(meeting.meetingId);
    await commune.waitForPhase('live');
    await chair.page.locator('[data-chip="live"]').waitFor();
  }, 180_000);

  afterAll(async () => {
    for (const c of clients) c.close();
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await server?.close();
  });

  test('hundreds of sites join while both pages stay responsive and bounded', { timeout: 400_000 }, async () => {
    received.chair.reset();
    received.commune.reset();
    await clearPageFigures(chair.page);
    await clearPageFigures(commune.page);
    const others = meeting.sites.slice(1, SITES - 1);
    const started = Date.now();
    // The chủ trì keeps using its page while the sites arrive: a real click on the layout button
    // every half second, timed from the click to the button saying the other layout.
    let joining = true;
    const clickMs: number[] = [];
    const clicks = (async () => {
      const layout = chair.page.locator('[data-control="layout"]');
      while (joining) {
        const before = await layout.textContent();
        const t0 = Date.now();
        await layout.click();
        await eventually(async () => (await layout.textContent()) !== before, 20_000, 'the layout button answers');
        clickMs.push(Date.now() - t0);
        await new Promise((r) => setTimeout(r, 500));
      }
    })();
    let next = 0;
    await Promise.all(Array.from({ length: 16 }, async () => {
      while (next < others.length) {
        const i = next++;
        const client = await connectLive(server.url, others[i]!.cookie, others[i]!.username);
        clients.push(client);
        if (i < SENDERS) await joinWithMedia(client, meeting.meetingId, { audio: true, video: true });
        else await client.join(meeting.meetingId);
      }
    }));
    const joinedMs = Date.now() - started;
    await eventually(() => chair.page.getByText(`${SITES} điểm cầu`, { exact: false }).first().isVisible(), 30_000, 'the chủ trì sees every site');
    await eventually(() => commune.page.getByText(`${SITES} điểm cầu`, { exact: false }).first().isVisible(), 30_000, 'the commune sees the count');
    joining = false;
    await clicks;
    console.log(`[large-room] ${others.length} sites joined in ${joinedMs} ms; ${clickMs.length} clicks on the chủ trì's page answered in ${clickMs.join(', ')} ms`);
    console.log(`[large-room] chủ trì: received ${received.chair.summary()}; ${describeFigures(await pageFigures(chair.page))}`);
    console.log(`[large-room] commune: received ${received.commune.summary()}; ${describeFigures(await pageFigures(commune.page))}`);

    // What each page was sent: the chủ trì hears every arrival (its roster is the room's), and no counts it can count itself.
    expect(received.chair.of('peerJoined')).toBe(others.length);
    expect(received.chair.of('presence')).toBe(0);
    // The commune hears of the sites of its page (the senders' cameras put them first), not of each
    // arrival: a page pushed while its first page filled and the cameras came, and the counts at most once a tick.
    expect(received.commune.of('peerJoined')).toBeLessThanOrEqual(SENDERS);
    expect(received.commune.of('gridPage')).toBeLessThanOrEqual(2 * 9);
    expect(received.commune.of('presence')).toBeLessThanOrEqual(Math.ceil((Date.now() - started) / PRESENCE_TICK_MS) + 1);
    expect(received.commune.total).toBeLessThan(others.length / 2);
    const communeState = (await commune.state())!;
    const sending = new Set<string>(server.app.live.get(meeting.meetingId)!.admitted().filter((p) => p.role !== 'chair' && p.media?.producers.size).map((p) => p.peerId));
    // The chủ trì and a page of nine: the eight senders first, then one more.
    expect(communeState.peers).toHaveLength(1 + 9);
    expect(communeState.grid!.peerIds.slice(0, SENDERS).every((id) => sending.has(id))).toBe(true);

    // The chủ trì's list of sites: the whole room counted, a page of rows at a time, found by name without diacritics.
    const chairPeople = chair.page.locator('.people-panel');
    await expect.poll(() => chairPeople.locator('.people-summary').textContent()).toBe(`${SITES} điểm cầu`);
    await expect.poll(() => chairPeople.locator('.people-row').count()).toBe(PEOPLE_PAGE);
    const range = chairPeople.locator('.people-range');
    expect(await range.textContent()).toBe(`1–${PEOPLE_PAGE} / ${SITES} điểm cầu`);
    await chairPeople.locator('[data-people-page="next"]').click();
    await expect.poll(() => range.textContent()).toBe(`${PEOPLE_PAGE + 1}–${2 * PEOPLE_PAGE} / ${SITES} điểm cầu`);
    const live = server.app.live.get(meeting.meetingId)!;
    const wanted = live.admitted().find((p) => /Đ|đ|ạ|ế/.test(p.siteName) && p.role !== 'chair')!;
    const typed = fold(wanted.siteName.replace(/^(Ủy ban nhân dân|UBND)\s+/i, ''));
    await chairPeople.getByRole('searchbox', { name: 'Tìm điểm cầu' }).fill(typed);
    await expect.poll(() => chairPeople.locator(`.people-row[data-peer-id="${wanted.peerId}"]`).isVisible()).toBe(true);
    await shot(chair, 'chair-search-1366');
    await chairPeople.getByRole('searchbox', { name: 'Tìm điểm cầu' }).fill('');

    // The stage: pages of the grid, the sites that send a camera first.
    await chair.page.locator('[data-control="layout"]').filter({ hasText: 'Bố cục lưới' }).click().catch(() => {});
    const pager = chair.page.getByRole('navigation', { name: 'Các trang điểm cầu' });
    await pager.getByText(`Trang 1/${Math.ceil((others.length + 1) / 9)}`).waitFor();
    const senders = new Set<string>(live.admitted().filter((p) => p.media?.producers.size).map((p) => p.peerId));
    const firstPage = await chair.page.evaluate(() => [...document.querySelectorAll<HTMLElement>('.tile--peer[data-place="page"]')].map((t) => t.dataset['peerId'] ?? ''));
    expect(firstPage.slice(0, SENDERS).every((id) => senders.has(id))).toBe(true);
    expect(await chair.page.locator('.tile').count()).toBeLessThanOrEqual(9 + 3);

    // The commune's list: the chủ trì, the sites of its page and itself, under the room's counts.
    const communePeople = commune.page.locator('.people-panel');
    expect(await communePeople.locator('.people-summary').textContent()).toBe(`${SITES} điểm cầu`);
    expect(await communePeople.locator('.people-note').isVisible()).toBe(true);
    expect(await communePeople.locator('.people-row').count()).toBe(1 + 9 + 1);

    // The chủ trì locks the room; the late sites wait in the lobby, which shows a page of them and lets them all in with one click.
    await chair.page.locator('[data-control="lock"]').click();
    await chair.page.locator('[data-chip="locked"]').waitFor();
    const late = meeting.sites.slice(SITES - 1);
    for (const site of late) {
      const client = await connectLive(server.url, site.cookie, site.username);
      clients.push(client);
      expect((await client.join(meeting.meetingId)).state).toBe('lobby');
    }
    const lobby = chair.page.locator('.lobby-panel');
    await lobby.getByRole('heading', { name: `Phòng chờ (${LATE})` }).waitFor();
    expect(await lobby.locator('.people-row').count()).toBe(PEOPLE_PAGE);
    expect(await lobby.locator('.people-note').textContent()).toBe(`Và ${LATE - PEOPLE_PAGE} điểm cầu khác đang chờ.`);
    await shot(chair, 'chair-lobby-1366');
    await lobby.getByRole('button', { name: `Cho vào tất cả (${LATE})` }).click();
    await expect.poll(() => chairPeople.locator('.people-summary').textContent(), { timeout: 30_000 }).toBe(`${SITES + LATE} điểm cầu`);
    expect(await lobby.isHidden()).toBe(true);
    await expect.poll(() => communePeople.locator('.people-summary').textContent(), { timeout: 10_000 }).toBe(`${SITES + LATE} điểm cầu`);

    await shot(chair, 'chair-1366');
    await shot(commune, 'commune-1366');
    await chair.page.screenshot({ path: `${SHOTS}/chair-1366-full.png`, fullPage: true });
    await chair.page.setViewportSize({ width: 412, height: 915 });
    await commune.page.setViewportSize({ width: 412, height: 915 });
    await shot(chair, 'chair-412');
    await shot(commune, 'commune-412');
    await chair.page.locator('[data-control="people"]').click();
    await shot(chair, 'chair-412-sites');
    await commune.page.locator('[data-control="people"]').click();
    await shot(commune, 'commune-412-sites');
    expect(pageErrors).toEqual([]);
  });
});
