import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { and, eq } from 'drizzle-orm';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attendanceEvents } from '../../server/attendance/schema.ts';
import { seedDemo } from '../../server/demo/seed.ts';
import { importRegistry } from '../../server/units/import.ts';
import { startBalancer, type Balancer } from '../helpers/balancer.ts';
import { createLiveMeeting, launchBrowser, LivePage, signInContext } from '../helpers/browser.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { metricValue } from '../helpers/hopso-host.ts';
import { createTestNet, type TestNet } from '../helpers/netns.ts';
import { ServerProcess } from '../helpers/server-process.ts';
import { eventually } from '../helpers/wait.ts';
import { writeToneWav } from '../helpers/wav.ts';

const HTTP_PORT = 3190;
const LINK_PORT = 3191;
const RTC_PORT = 3192;
const CHAIR_ENTRY = 3194;
const SITE_ENTRY = 3195;
const SHOTS = '/tmp/shots-multinode';
const METRICS_TOKEN = 'test-only-metrics-token-0123456789abcdef';

/**
 * One meeting over two nodes on separate hosts: two hopso processes (server/main.ts) in two
 * network namespaces with their own addresses, one PostgreSQL (the machine's, forwarded into
 * the namespaces), and real Chromium in a third namespace. Each browser reaches the nodes
 * through a small TCP balancer on the machine standing in for the one public address: the
 * chủ trì's entry sends to node A, the commune's to node B and, when B refuses, to A. The
 * commune on B sees and hears the chủ trì on A; node B is killed (SIGKILL): the commune
 * reconnects by itself, lands on A, sees the chủ trì again, and its attendance is one
 * presence with a gap. Run in both media modes (NODE_MEDIA): with `site` the commune's
 * WebRTC transports are on B (its browser's ICE path goes to B's address) and the chủ trì's
 * producers reach it through A's PipeTransport to B; with `owner` its media is on A. Needs root
 * (ip netns), PostgreSQL (TEST_DATABASE_URL), the built client and the mediasoup worker.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL).each(['site', 'owner'] as const)('one meeting over two nodes on separate hosts, NODE_MEDIA=%s [postgres]', (mode) => {
  let net: TestNet;
  let database: TestDatabase;
  const nodes: ServerProcess[] = [];
  const balancers: Balancer[] = [];
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  let toneFile = '';

  beforeAll(async () => {
    net = await createTestNet(3);
    await net.forward(5432);
    database = await createTestDatabase('postgres');
    await importRegistry(database.db);
    await seedDemo(database.db);
    const dbUrl = new URL(database.url!);
    dbUrl.hostname = net.gateway;
    for (const [i, host] of net.hosts.slice(0, 2).entries()) {
      nodes.push(new ServerProcess({
        DATABASE_URL: dbUrl.toString(), HOST: '0.0.0.0', PORT: String(HTTP_PORT), LOG_LEVEL: 'warn', COOKIE_SECURE: 'false',
        DEMO_DATA: 'true', DEMO_HISTORY: 'false', SIGNING_KEY_SECRET: 'test-only-signing-key-secret-0123456789',
        MEDIA_WORKERS: '1', RTC_LISTEN_IP: host.address, RTC_ANNOUNCED_ADDRESS: host.address, RTC_PORT: String(RTC_PORT),
        NODE_ID: `node-${'ab'[i]}`, NODE_URL: `http://${host.address}:${LINK_PORT}`, NODE_PORT: String(LINK_PORT),
        NODE_SECRET: 'test-only-node-secret-0123456789abcdef', NODE_DEAD_SECONDS: '3',
        PIPE_LISTEN_IP: host.address, PIPE_ANNOUNCED_ADDRESS: host.address, LIVE_MEDIA_GRACE_SECONDS: '0',
        NODE_MEDIA: mode, METRICS_TOKEN,
      }, (command, args, options) => host.spawn(command, args, options)));
    }
    // One after the other: the first start writes what the demo needs; the second finds it.
    for (const node of nodes) await node.start();
    const [a, b] = net.hosts.map((h) => ({ host: h.address, port: HTTP_PORT }));
    balancers.push(await startBalancer({ host: net.gateway, port: CHAIR_ENTRY }, [a!]));
    balancers.push(await startBalancer({ host: net.gateway, port: SITE_ENTRY }, [b!, a!]));
    toneFile = writeToneWav();
    browser = await launchBrowser({
      executablePath: net.hosts[2]!.chromium(),
      fakeAudioFile: toneFile,
      // Plain http on an address that is not localhost: Chromium opens the camera only in a secure context.
      args: ['--autoplay-policy=no-user-gesture-required', `--unsafely-treat-insecure-origin-as-secure=${balancers.map((x) => x.url).join(',')}`],
    });
  }, 240_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close().catch(() => {});
    for (const balancer of balancers) await balancer.close();
    for (const node of nodes) await node.kill();
    await database?.destroy();
    await net?.close();
    if (toneFile) rmSync(dirname(toneFile), { recursive: true, force: true });
  });

  const open = async (baseUrl: string, username: string) => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    contexts.push(context);
    await signInContext(context, baseUrl, username);
    const page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(`${username}: ${err.message}`));
    return new LivePage(page, baseUrl);
  };

  /** A node's Prometheus metrics, read from the machine as a scraper would. */
  const metricsOf = async (node: 0 | 1) => {
    const answer = await fetch(`http://${net.hosts[node]!.address}:${HTTP_PORT}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(answer.status).toBe(200);
    const text = await answer.text();
    return (name: string, labels: Record<string, string>) => metricValue(text, name, labels);
  };
  /** Where the commune's browser sends and receives its media: the remote address of each transport's selected ICE pair. */
  const mediaAddresses = (page: LivePage) => eventually(async () => {
    const paths = await page.paths();
    return paths.length === 2 && paths.every((p) => p.state === 'connected' && p.remoteAddress) ? paths.map((p) => p.remoteAddress) : null;
  }, 30_000, 'both transports connected');

  it('a commune on node B sees and hears the chủ trì on node A; node B killed, it comes back through A with one presence and a gap', { timeout: 240_000 }, async () => {
    const meeting = await createLiveMeeting({ db: database.db }, {
      title: 'Giao ban trên hai máy chủ', chair: 'vp.hatinh', invited: ['xa.thachha'], startsAt: new Date(Date.now() - 60_000),
    });
    const chair = await open(balancers[0]!.url, 'vp.hatinh');
    const commune = await open(balancers[1]!.url, 'xa.thachha');
    await chair.join(meeting.id);
    const chairState = await chair.waitForPhase('live', 60_000);
    const chairPeer = chairState.self!.peerId;
    // Its start time has passed: the meeting starts as the chủ trì arrives.
    await chair.page.locator('[data-chip="live"]', { hasText: 'Đang họp' }).waitFor();
    await commune.join(meeting.id);
    await commune.waitForPhase('live', 60_000);
    expect(balancers[1]!.handed[0]).toBeGreaterThan(0); // the commune went to node B
    expect(balancers[1]!.handed[1]).toBe(0);

    const before = await commune.growth(chairPeer, ['mic', 'camera']);
    expect(before['mic']!.bytes).toBeGreaterThan(0);
    expect(before['camera']!.frames).toBeGreaterThan(0);
    await commune.page.screenshot({ path: `${SHOTS}-${mode}-on-b-1366.png` });

    const [a, b] = net.hosts as [typeof net.hosts[0], typeof net.hosts[0]];
    if (mode === 'site') {
      // The commune's media is on B: its browser's ICE paths end at B's address, and B's workers hold its transports.
      expect(await mediaAddresses(commune)).toEqual([b.address, b.address]);
      const [onA, onB] = [await metricsOf(0), await metricsOf(1)];
      expect(onB('hopso_media_objects', { kind: 'transports' })).toBe(2);
      expect(onB('hopso_media_objects', { kind: 'consumers' })).toBeGreaterThanOrEqual(2);
      // One PipeTransport between A and B for the meeting. The only producers on A are the chủ
      // trì's: what A pipes out to B is its microphone and camera, piped into B's room.
      expect(onA('hopso_media_pipes', { kind: 'transports' })).toBe(1);
      expect(onB('hopso_media_pipes', { kind: 'transports' })).toBe(1);
      expect(onA('hopso_media_pipes', { kind: 'consumers_out' })).toBe(2);
      expect(onB('hopso_media_pipes', { kind: 'producers_in' })).toBe(2);
    } else {
      expect(await mediaAddresses(commune)).toEqual([a.address, a.address]);
      const onB = await metricsOf(1);
      expect(onB('hopso_media_objects', { kind: 'transports' })).toBe(0);
      expect(onB('hopso_media_pipes', { kind: 'transports' })).toBe(0);
    }

    await nodes[1]!.kill();
    await commune.waitForPhase('reconnecting', 30_000);
    const back = await eventually(async () => {
      const state = await commune.state();
      return state?.phase === 'live' && state.reconnects > 0 ? state : null;
    }, 90_000, 'the commune back in the room through node A');
    expect(balancers[1]!.handed[1]).toBeGreaterThan(0); // its reconnect landed on node A
    // Straight back in: one reconnect, not a resume of media left on the dead B and then a rejoin.
    expect(back.reconnects).toBe(1);
    expect(back.peers.some((p) => p.peerId === chairPeer)).toBe(true);
    const after = await commune.growth(chairPeer, ['mic', 'camera']);
    expect(after['mic']!.bytes).toBeGreaterThan(0);
    expect(after['camera']!.frames).toBeGreaterThan(0);
    await commune.page.screenshot({ path: `${SHOTS}-${mode}-back-on-a-1366.png` });
    // Its media is on A now, whatever the mode; in site mode A's pipe to the dead B is gone.
    expect(await mediaAddresses(commune)).toEqual([a.address, a.address]);
    const onA = await metricsOf(0);
    expect(onA('hopso_media_objects', { kind: 'transports' })).toBe(4);
    await eventually(async () => (await metricsOf(0))('hopso_media_pipes', { kind: 'transports' }) === 0, 20_000, 'A\'s pipe to B closed');

    const siteId = meeting.sites['xa.thachha']!.bodyId;
    const kinds = await eventually(async () => {
      const rows = await database.db.select({ kind: attendanceEvents.kind }).from(attendanceEvents)
        .where(and(eq(attendanceEvents.meetingId, meeting.id), eq(attendanceEvents.siteId, siteId)));
      const found = rows.map((r) => r.kind);
      return found.includes('reconnect') ? found : null;
    }, 30_000, 'the reconnect recorded');
    expect(kinds.filter((k) => k === 'join')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'reconnect')).toHaveLength(1);
    expect(kinds).not.toContain('leave');
    expect(pageErrors).toEqual([]);
  });
});
