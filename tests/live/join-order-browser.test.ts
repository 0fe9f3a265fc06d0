import type { types } from 'mediasoup';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestApp, type TestServer } from '../helpers/app.ts';
import { createLiveMeeting, launchBrowser, openLivePage, type LivePage, type OpenedPages } from '../helpers/browser.ts';
import { describeEachDb } from '../helpers/db.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * What a joining site does first, in real Chromium against the real server (issue #12: from
 * "Vào phòng họp" to the first picture): its pre-join page has already connected and asked for
 * the router's capabilities (the device is loaded before the press); its join's answer carries its
 * transports and what it receives on the page it asked for (no createTransport or showPage round
 * trip), and it consumes before it has sent its own media, so receiving does not wait for its
 * offers and answers; it consumes the
 * stage's camera alone first, so the other consume calls do not queue ahead of that camera's
 * resume; and the server starts that camera at the lowest simulcast layer (the one a sender
 * never drops), raising it to the layer the tile wants once the first picture is out. The
 * order of calls comes from the dispatcher's debug timing lines. Needs `npx vite build client`.
 */
describeEachDb('the first picture of a joining site', (kind) => {
  let server: TestServer;
  let browser: Browser;
  const opened: OpenedPages = { contexts: [], errors: [] };
  let chair: LivePage;
  let commune: LivePage;
  let meetingId: string;
  const calls: { socketId: string; method: string }[] = [];
  /** Every consumer the worker makes, with the layers it was created with. */
  const consumers: { consumer: types.Consumer; createdWith: types.ConsumerLayers | undefined }[] = [];

  beforeAll(async () => {
    server = await startTestApp({
      kind, listen: true, mediaWorkers: 1, config: { LOG_LEVEL: 'debug' },
      logStream: {
        write(line) {
          const entry = JSON.parse(line) as { msg?: string; socketId?: string; method?: string };
          if (entry.msg === 'live call' && entry.socketId && entry.method) calls.push({ socketId: entry.socketId, method: entry.method });
        },
      },
    });
    for (const slot of server.app.media!.workers) {
      slot.worker.observer.on('newrouter', (router) => router.observer.on('newtransport', (transport) => transport.observer.on('newconsumer', (consumer) => {
        consumers.push({ consumer, createdWith: consumer.preferredLayers && { ...consumer.preferredLayers } });
      })));
    }
    // Started (its time has come): the commune is let in at once.
    const meeting = await createLiveMeeting(server.app, {
      title: 'Giao ban nhanh', chair: 'vp.hatinh', invited: ['xa.thachha'], startsAt: new Date(Date.now() - 60_000),
    });
    meetingId = meeting.id;
    browser = await launchBrowser();
    const open = (username: string) => openLivePage(browser, server.url, username, false, opened);
    [chair, commune] = await Promise.all([open('vp.hatinh'), open('xa.thachha')]);
  }, 120_000);

  afterAll(async () => {
    for (const context of opened.contexts) await context.close().catch(() => {});
    await browser?.close();
    await server?.close();
  });

  test('receives before it sends, the stage camera first, from the lowest layer up', { timeout: 90_000 }, async () => {
    await chair.join(meetingId);
    const chairId = (await chair.waitForPhase('live')).self!.peerId;
    const live = server.app.live.get(meetingId)!;
    const chairCamera = await eventually(
      () => [...live.peers.get(chairId)?.localMedia?.producers.values() ?? []].find((p) => p.appData.source === 'camera'), 20_000, 'the chủ trì camera',
    );

    await commune.join(meetingId);
    const communeId = (await commune.waitForPhase('live')).self!.peerId;
    const socketId = live.peers.get(communeId)!.socket.id;
    // Its picture of the chủ trì: decoded, and on the layers the big tile wants.
    await eventually(async () => (await commune.stats()).some((s) => s.peerId === chairId && s.source === 'camera' && s.framesDecoded > 0), 30_000, 'the chủ trì camera decoded');
    const mine = calls.filter((c) => c.socketId === socketId).map((c) => c.method);
    // The pre-join page opened this very connection and asked what to load its device with, before the press.
    expect(mine.slice(0, 2)).toEqual(['capabilities', 'join']);
    expect(mine.filter((m) => m === 'capabilities')).toHaveLength(1);
    // Its transports came with the join's answer.
    expect(mine).not.toContain('createTransport');
    // And the page it shows was answered with the join (what it receives): its next call is the stage camera's consume, before any produce.
    expect(mine.slice(0, 3)).toEqual(['capabilities', 'join', 'consume']);
    expect(mine.indexOf('consume')).toBeLessThan(mine.indexOf('produce'));
    // The first consume (the stage's camera) is resumed before any other consume is asked.
    const firstConsume = mine.indexOf('consume');
    expect(mine.indexOf('resumeConsumer')).toBeLessThan(mine.indexOf('consume', firstConsume + 1));

    const atCommune = live.peers.get(communeId)!.localMedia!;
    const cameraConsumer = [...atCommune.consumers.values()].find((c) => c.producerId === chairCamera.id);
    expect(cameraConsumer?.type).toBe('simulcast');
    const created = consumers.find((c) => c.consumer === cameraConsumer);
    expect(created?.createdWith?.spatialLayer).toBe(0);
    // Then the layers its tile asked for (the stage's, or the middle one of a small grid).
    await eventually(() => (cameraConsumer!.preferredLayers?.spatialLayer ?? 0) > 0, 10_000, 'the wanted layer once the first picture is out');
    expect(cameraConsumer!.currentLayers).toBeDefined();
    // Its big tile wants the layers the server started it towards (consume's spatialLayer): no call to ask for them again.
    expect(calls.filter((c) => c.socketId === socketId).map((c) => c.method)).not.toContain('setPreferredLayers');
    expect(opened.errors).toEqual([]);
  });
});
