import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestApp, type TestServer } from '../helpers/app.ts';
import { createLiveMeeting, launchBrowser, LivePage, signInContext } from '../helpers/browser.ts';
import { describeEachDb } from '../helpers/db.ts';
import { eventually } from '../helpers/wait.ts';
import { writeToneWav } from '../helpers/wav.ts';

/**
 * Two real Chromium pages (fake camera and microphone) in one live meeting against the real
 * server with a real mediasoup worker: the lobby and admission, audio and video received both
 * ways (inbound-rtp bytes and decoded frames growing, read through getStats), the active
 * speaker highlighted, a screen share, audio-only mode (manual and automatic), a language
 * switch mid-meeting, a dropped connection and a dead media worker, after both of which the
 * site rejoins by itself as the same site. The fake microphones loop a steady tone: Chromium's
 * own fake microphone beeps briefly once a second, too little to count as speech.
 * Needs `npx vite build client` and the mediasoup worker (MEDIASOUP_WORKER_BIN).
 */

/** Screen capture in headless Chromium: pick the whole screen without a prompt. */
const EXTRA_ARGS = ['--autoplay-policy=no-user-gesture-required', '--auto-select-desktop-capture-source=Entire screen'];

describeEachDb('live meeting media in two browsers', (kind) => {
  let server: TestServer;
  let browser: Browser;
  let contexts: BrowserContext[] = [];
  let chair: LivePage;
  let commune: LivePage;
  let meetingId: string;
  let communeSite: { bodyId: string; bodyName: string };
  const pageErrors: string[] = [];
  /** How the screen share was produced: by getDisplayMedia, or by the canvas fallback of the test hook. */
  let screenVia = '';
  let toneFile = '';

  beforeAll(async () => {
    server = await startTestApp({ kind, listen: true, mediaWorkers: 1, config: { LIVE_MEDIA_GRACE_SECONDS: 15 } });
    // Starts in 30 minutes: a commune arriving now waits in the lobby until the chair admits it.
    const meeting = await createLiveMeeting(server.app, {
      title: 'Giao ban trực tuyến tháng 11',
      chair: 'vp.hatinh',
      invited: ['xa.thachha'],
      startsAt: new Date(Date.now() + 30 * 60_000),
    });
    meetingId = meeting.id;
    communeSite = meeting.sites['xa.thachha']!;
    toneFile = writeToneWav();
    browser = await launchBrowser({ args: EXTRA_ARGS, fakeAudioFile: toneFile });
    const open = async (username: string) => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      contexts.push(context);
      await signInContext(context, server.url, username);
      const page = await context.newPage();
      page.on('pageerror', (err) => pageErrors.push(`${username}: ${err.message}`));
      page.on('console', (msg) => { if (msg.type() === 'warning' || msg.type() === 'error') console.info(`[${username}] ${msg.text()}`); });
      return new LivePage(page, server.url);
    };
    chair = await open('vp.hatinh');
    commune = await open('xa.thachha');
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    contexts = [];
    await browser?.close();
    await server?.close();
    if (toneFile) rmSync(dirname(toneFile), { recursive: true, force: true });
  });

  test('the chair opens the room; a commune waits in the lobby until the chair admits it', { timeout: 60_000 }, async () => {
    await chair.join(meetingId);
    const chairState = await chair.waitForPhase('live');
    expect(chairState.self?.role).toBe('chair');
    // Before its time the room is a waiting room (issue #9): the chair starts the meeting.
    await chair.page.getByRole('button', { name: 'Bắt đầu cuộc họp' }).click();
    await chair.page.locator('[data-chip="live"]', { hasText: 'Đang họp' }).waitFor();
    await chair.page.getByRole('heading', { name: 'Giao ban trực tuyến tháng 11' }).waitFor();

    await commune.join(meetingId, { headcount: 12 });
    await commune.waitForPhase('lobby');
    await commune.page.getByText('Đang chờ chủ trì cho vào phòng').waitFor();

    const lobby = chair.page.locator('.lobby-panel');
    await lobby.getByRole('heading', { name: 'Phòng chờ (1)' }).waitFor();
    await lobby.getByText(communeSite.bodyName).waitFor();
    await lobby.getByRole('button', { name: 'Cho vào' }).click();

    const communeState = await commune.waitForPhase('live');
    expect(communeState.self?.role).toBe('participant');
    expect(communeState.self?.siteId).toBe(communeSite.bodyId);
    await lobby.waitFor({ state: 'hidden' });
    // The chair sees the site with the headcount it declared before joining.
    await chair.page.locator(`.people-row[data-peer-id="${communeState.self?.peerId}"]`).getByText('12 người').waitFor();
  });

  test("each site receives the other's audio and video", { timeout: 60_000 }, async () => {
    const chairId = (await chair.state())!.self!.peerId;
    const communeId = (await commune.state())!.self!.peerId;
    const [atCommune, atChair] = await Promise.all([commune.growth(chairId, ['mic', 'camera']), chair.growth(communeId, ['mic', 'camera'])]);
    for (const received of [atCommune, atChair]) {
      expect(received['mic']!.bytes).toBeGreaterThan(1_000);
      expect(received['camera']!.bytes).toBeGreaterThan(10_000);
      expect(received['camera']!.frames).toBeGreaterThan(10);
    }
    // Each page shows the other site's camera in a tile, playing.
    const playing = `(() => { const v = document.querySelector('.tile--peer video'); return !!v && !v.hidden && v.readyState >= 2 && v.videoWidth > 0; })()`;
    await eventually(() => commune.page.evaluate(playing), 10_000, 'video playing at the commune');
    await eventually(() => chair.page.evaluate(playing), 10_000, 'video playing at the chair');
    // Simulcast: the commune's camera arrives at the server in three layers, and the chair,
    // which shows it big (presenter layout), asks for the top one; in the grid, the middle one.
    // Layers follow the layout here, not the link: a loaded machine's loopback can lose a few
    // packets, which would make the chair's page ask for the lowest layer (link-quality.ts).
    await chair.page.evaluate('window.__hopso.setLinkThresholds({ strainLossFraction: 1 })');
    const camera = [...(server.app.live.get(meetingId)?.peers.get(communeId)?.localMedia?.producers.values() ?? [])].find((p) => p.appData.source === 'camera');
    expect(camera?.rtpParameters.encodings).toHaveLength(3);
    const chairConsumer = () =>
      [...(server.app.live.get(meetingId)?.peers.get(chairId)?.localMedia?.consumers.values() ?? [])].find((c) => c.producerId === camera?.id);
    expect(chairConsumer()?.type).toBe('simulcast');
    await eventually(() => chairConsumer()?.preferredLayers?.spatialLayer === 2, 10_000, 'top layer for the big tile');
    await chair.page.getByRole('button', { name: 'Bố cục lưới' }).click();
    await chair.page.locator('.stage.stage--grid').waitFor();
    await eventually(() => chairConsumer()?.preferredLayers?.spatialLayer === 1, 10_000, 'middle layer in the grid');
    await chair.page.getByRole('button', { name: 'Bố cục trình bày' }).click();
    await eventually(() => chairConsumer()?.preferredLayers?.spatialLayer === 2, 10_000, 'top layer again');
    await chair.page.screenshot({ path: `/tmp/hopso-live-chair-${kind}.png` });
    await commune.page.screenshot({ path: `/tmp/hopso-live-commune-${kind}.png` });
  });

  test('the site that speaks is shown as active speaker at the other site', { timeout: 60_000 }, async () => {
    const chairId = (await chair.state())!.self!.peerId;
    const communeId = (await commune.state())!.self!.peerId;
    // The server's level observer reads the level each packet carries in its RTP header.
    const mic = [...(server.app.live.get(meetingId)?.peers.get(communeId)?.localMedia?.producers.values() ?? [])].find((p) => p.appData.source === 'mic');
    expect(mic?.rtpParameters.headerExtensions?.map((e) => e.uri)).toContain('urn:ietf:params:rtp-hdrext:ssrc-audio-level');
    // Both fake microphones play the same steady tone: with one muted, the other is the speaker.
    const micButton = (page: LivePage, name: string) => page.page.getByRole('group', { name: 'Micrô, camera và phát biểu' }).getByRole('button', { name, exact: true });
    const speaks = async (speaker: LivePage, speakerId: string, listener: LivePage) => {
      await micButton(listener, 'Tắt micrô').click();
      await eventually(async () => (await listener.state())?.activeSpeaker === speakerId, 15_000, `${speakerId} as active speaker`);
      await listener.page.locator(`.tile--peer.tile--speaking[data-peer-id="${speakerId}"]`).waitFor({ timeout: 5_000 });
      await listener.page.locator(`.people-row.people-row--speaking[data-peer-id="${speakerId}"]`).waitFor({ timeout: 5_000 });
      await speaker.page.locator(`.tile--self.tile--speaking`).waitFor({ timeout: 5_000 });
      await micButton(listener, 'Bật micrô').click();
    };
    await speaks(commune, communeId, chair);
    await speaks(chair, chairId, commune);
    // Both microphones back on, at the server too, before the next test shares a screen.
    const micsOn = async () => {
      const states = await Promise.all([chair.state(), commune.state()]);
      const ids = states.flatMap((st) => (st?.local.micOn ? st.ownProducers.filter((p) => p.source === 'mic' && !p.paused).map((p) => p.producerId) : []));
      const live = server.app.live.get(meetingId);
      const serverPaused = [...(live?.peers.values() ?? [])].some((peer) => [...(peer.localMedia?.producers.values() ?? [])].some((p) => ids.includes(p.id) && p.paused));
      return ids.length === 2 && !serverPaused;
    };
    await eventually(micsOn, 10_000, 'both microphones on again');
  });

  test('a screen share from the commune is received by the chair and shown big', { timeout: 60_000 }, async () => {
    const communeId = (await commune.state())!.self!.peerId;
    await commune.page.getByRole('button', { name: 'Trình chiếu' }).click();
    const shared = await eventually(async () => (await commune.state())?.local.screenOn || null, 5_000, 'getDisplayMedia').catch(() => null);
    if (shared) {
      screenVia = 'getDisplayMedia';
    } else {
      // Headless Chromium without a display to capture: share a canvas stream as the screen instead.
      screenVia = 'canvas.captureStream (test hook)';
      expect(await commune.page.evaluate('window.__hopso.shareTestScreen()')).toBe(true);
    }
    console.info(`[live] screen share produced via ${screenVia}`);
    // Screen content is encoded for sharpness: under CPU load the encoder lowers its frame rate
    // first (a static slide may send one frame a second), so frames are counted over up to 20 s.
    let frames = 0;
    await eventually(async () => {
      frames += (await chair.growth(communeId, ['screen'], 2_000))['screen']!.frames;
      return frames > 3;
    }, 20_000, 'more than 3 screen frames decoded at the chair');
    await chair.page.locator('.stage-main .tile--screen.tile--featured').waitFor();
    await chair.page.locator('.tile--screen .tile-name', { hasText: `Trình chiếu: ${communeSite.bodyName}` }).waitFor();
    await chair.page.screenshot({ path: `/tmp/hopso-live-screen-${kind}.png` });

    await commune.page.getByRole('button', { name: 'Dừng trình chiếu' }).click();
    await chair.page.locator('.tile--screen').waitFor({ state: 'detached' });
    await eventually(async () => !(await chair.state())!.producers.some((p) => p.source === 'screen'), 10_000, 'screen producer gone');
  });

  test('audio-only mode stops camera video at the server and keeps the audio', { timeout: 60_000 }, async () => {
    const chairId = (await chair.state())!.self!.peerId;
    const communeId = (await commune.state())!.self!.peerId;
    await commune.page.getByRole('button', { name: 'Chỉ âm thanh' }).click();
    await commune.page.locator('[data-chip="audio-only"]', { hasText: 'Chế độ chỉ âm thanh' }).waitFor();
    const peer = () => server.app.live.get(meetingId)?.peers.get(communeId);
    await eventually(() => peer()?.receiveMode === 'audio-only', 10_000, 'server receive mode');
    const cameraConsumers = [...(peer()?.localMedia?.consumers.values() ?? [])].filter((c) => c.appData.source === 'camera');
    expect(cameraConsumers.length).toBe(1);
    expect(cameraConsumers.every((c) => c.paused)).toBe(true);
    // The chair's list shows the site as audio-only.
    await chair.page.locator(`.people-row[data-peer-id="${communeId}"]`).getByText('Chỉ âm thanh').waitFor();

    await commune.framesStopped(chairId, 'camera');
    const during = await commune.growth(chairId, ['mic', 'camera']);
    expect(during['mic']!.bytes).toBeGreaterThan(1_000);
    expect(during['camera']!.frames).toBe(0);

    await commune.page.getByRole('button', { name: 'Chỉ âm thanh' }).click();
    await eventually(() => peer()?.receiveMode === 'full', 10_000, 'back to full');
    await commune.page.locator('[data-chip="audio-only"]').waitFor({ state: 'detached' });
    const after = await commune.growth(chairId, ['camera']);
    expect(after['camera']!.frames).toBeGreaterThan(5);
  });

  test('a weak link switches the site to audio-only by itself, and back once it recovers', { timeout: 60_000 }, async () => {
    const communeId = (await commune.state())!.self!.peerId;
    const peer = () => server.app.live.get(meetingId)?.peers.get(communeId);
    // Loopback never loses packets; a negative loss threshold makes every real sample "bad",
    // so the whole path runs for real: getStats → the rule → setReceiveMode → the server.
    await commune.page.evaluate('window.__hopso.setLinkThresholds({ sampleIntervalMs: 1000, maxLossFraction: -1 })');
    await commune.page.locator('[data-chip="audio-only"]', { hasText: 'Đường truyền yếu: tạm dừng hình ảnh, chỉ nhận âm thanh' }).waitFor({ timeout: 20_000 });
    await eventually(() => peer()?.receiveMode === 'audio-only', 10_000, 'server receive mode (auto)');
    expect((await commune.state())!.receiveMode).toBe('audio-only');

    await commune.page.evaluate('window.__hopso.setLinkThresholds({ maxLossFraction: 0.08, recoverAfterMs: 2000 })');
    await eventually(() => peer()?.receiveMode === 'full', 30_000, 'back to full after recovery');
    await commune.page.locator('[data-chip="audio-only"]').waitFor({ state: 'detached' });
    await commune.page.evaluate('window.__hopso.setLinkThresholds({ sampleIntervalMs: 3000, recoverAfterMs: 10000 })');
  });

  test('switching the language redraws the room without leaving the meeting', { timeout: 30_000 }, async () => {
    const before = (await commune.state())!;
    await commune.page.getByRole('button', { name: 'EN', exact: true }).click();
    await commune.page.getByRole('button', { name: 'Mute', exact: true }).waitFor();
    await commune.page.getByRole('heading', { name: 'Speaking queue' }).waitFor();
    const after = (await commune.state())!;
    expect(after.phase).toBe('live');
    expect(after.self?.peerId).toBe(before.self?.peerId);
    expect(after.reconnects).toBe(before.reconnects);
    await commune.page.getByRole('button', { name: 'VI', exact: true }).click();
    await commune.page.getByRole('button', { name: 'Tắt micrô', exact: true }).waitFor();
    const chairId = (await chair.state())!.self!.peerId;
    expect((await commune.growth(chairId, ['camera'], 4_000))['camera']!.frames).toBeGreaterThan(5);
  });

  test('a dropped connection rejoins by itself as the same site, and media flows again', { timeout: 90_000 }, async () => {
    const before = (await commune.state())!;
    await commune.page.evaluate('window.__hopso.dropConnection()');
    const after = await eventually(async () => {
      const state = await commune.state();
      return state?.phase === 'live' && state.reconnects >= 1 ? state : null;
    }, 45_000, 'rejoin');
    expect(after.siteSessionId).toBe(before.siteSessionId);
    expect(after.self?.siteId).toBe(before.self?.siteId);
    // One presence for the site at the chair: the old peer is gone, the new one is there.
    await eventually(async () => {
      const peers = (await chair.state())!.peers.filter((p) => p.siteId === communeSite.bodyId);
      return peers.length === 1 && peers[0]!.peerId === after.self?.peerId;
    }, 20_000, 'one peer for the site at the chair');
    const received = await chair.growth(after.self!.peerId, ['mic', 'camera']);
    expect(received['camera']!.frames).toBeGreaterThan(5);
    expect(received['mic']!.bytes).toBeGreaterThan(1_000);
  });

  test('a link cut for 2 s resumes on the same transports (ICE restart), and media keeps flowing', { timeout: 90_000 }, async () => {
    const before = (await commune.state())!;
    const peerId = before.self!.peerId;
    const transportIds = () => [...(server.app.live.get(meetingId)?.peers.get(peerId)?.localMedia?.transports.keys() ?? [])].sort();
    const kept = transportIds();
    expect(kept).toHaveLength(2);
    await commune.page.evaluate('window.__hopso.dropConnection(2000)');
    const after = await eventually(async () => {
      const state = await commune.state();
      return state?.phase === 'live' && state.reconnects > before.reconnects ? state : null;
    }, 45_000, 'resume after the cut');
    // The same peer with the same transports on the server: no new transport was made.
    expect(after.self?.peerId).toBe(peerId);
    expect(transportIds()).toEqual(kept);
    const chairId = (await chair.state())!.self!.peerId;
    const [atChair, atCommune] = await Promise.all([chair.growth(peerId, ['mic', 'camera']), commune.growth(chairId, ['mic', 'camera'])]);
    for (const received of [atChair, atCommune]) {
      expect(received['camera']!.frames).toBeGreaterThan(5);
      expect(received['mic']!.bytes).toBeGreaterThan(1_000);
    }
    expect(transportIds()).toEqual(kept);
  });

  test('a media worker that dies is replaced and both sites rejoin by themselves', { timeout: 90_000 }, async () => {
    const [chairBefore, communeBefore] = [(await chair.state())!, (await commune.state())!];
    const dead = server.app.media!.workers[0]!.worker.pid;
    process.kill(dead, 'SIGKILL');
    const rejoined = (page: LivePage, before: number) =>
      eventually(async () => {
        const state = await page.state();
        return state?.phase === 'live' && state.reconnects > before ? state : null;
      }, 45_000, 'rejoin after the worker died');
    const [chairAfter, communeAfter] = await Promise.all([rejoined(chair, chairBefore.reconnects), rejoined(commune, communeBefore.reconnects)]);
    expect(server.app.media!.workers[0]!.worker.pid).not.toBe(dead);
    expect(communeAfter.siteSessionId).toBe(communeBefore.siteSessionId);
    const [atChair, atCommune] = await Promise.all([
      chair.growth(communeAfter.self!.peerId, ['mic', 'camera']),
      commune.growth(chairAfter.self!.peerId, ['mic', 'camera']),
    ]);
    for (const received of [atChair, atCommune]) {
      expect(received['camera']!.frames).toBeGreaterThan(5);
      expect(received['mic']!.bytes).toBeGreaterThan(1_000);
    }
  });

  test('leaving is recorded: attendance shows the site, its headcount and its reconnections', { timeout: 60_000 }, async () => {
    await commune.page.getByRole('button', { name: 'Rời phòng' }).click();
    await commune.page.getByText('Bạn đã rời phòng họp.').waitFor();
    const res = await chair.page.context().request.get(`${server.url}/api/meetings/${meetingId}/attendance`);
    expect(res.status()).toBe(200);
    const summary = (await res.json()) as { sites: { siteId: string; firstJoin: string | null; lastLeave: string | null; reconnections: number; headcount: number | null; connected: boolean }[] };
    const site = summary.sites.find((s) => s.siteId === communeSite.bodyId);
    expect(site).toBeDefined();
    expect(site!.firstJoin).not.toBeNull();
    expect(site!.lastLeave).not.toBeNull();
    expect(site!.connected).toBe(false);
    // One for the dropped socket, one for the 2 s cut (resumed), one for the worker restart: still one site, never two.
    expect(site!.reconnections).toBe(3);
    expect(summary.sites.filter((s) => s.siteId === communeSite.bodyId)).toHaveLength(1);
    expect(site!.headcount).toBe(12);
    expect(pageErrors).toEqual([]);
  });
});
