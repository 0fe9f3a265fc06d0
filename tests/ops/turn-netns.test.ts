import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_SIGNING_SECRET } from '../helpers/app.ts';
import { launchBrowser, LivePage } from '../helpers/browser.ts';
import { cliDatabase, tempDir } from '../helpers/cli.ts';
import { startCoturn } from '../helpers/coturn.ts';
import type { Started } from '../helpers/host-process.ts';
import { startedMeeting, startHopsoOn } from '../helpers/hopso-host.ts';
import { createTestNet, type TestNet } from '../helpers/netns.ts';
import { startNginx } from '../helpers/nginx.ts';
import { makeTestCa, nssHomeTrusting, type TestCa } from '../helpers/tls.ts';
import { eventually } from '../helpers/wait.ts';
import { writeToneWav } from '../helpers/wav.ts';

const NAME = 'hopso.test';
const TURN_NAME = 'turn.hopso.test';
const ORIGIN = `https://${NAME}`;

/**
 * docs/operations.md step "TURN", end to end, on three test hosts: hopso behind nginx (443) on
 * one, Debian's coturn configured by scripts/turn/configure.sh (TLS on 443, the test CA's
 * certificate) on another, and on the third two sites in one Chromium behind a firewall that
 * lets out only TCP to port 443 — no UDP at all, not even to hopso's media port, and no TCP to
 * it either. They sign in and join over HTTPS, and their media flows both ways through the TURN
 * server over TLS with the credentials hopso issued at join: the selected ICE candidate pair of
 * every transport is a relay candidate reached over TLS.
 */
describe('media through TURN over TLS for a site that reaches only 443/TCP', { timeout: 300_000 }, () => {
  let net: TestNet;
  let dir: string;
  let ca: TestCa;
  let home: string;
  let database: Awaited<ReturnType<typeof cliDatabase>> | undefined;
  const servers: Started[] = [];
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const hopsoHost = () => net.hosts[0]!;
  const turnHost = () => net.hosts[1]!;
  const siteHost = () => net.hosts[2]!;

  beforeAll(async () => {
    dir = tempDir('turn');
    net = await createTestNet(3);
    ca = await makeTestCa(join(dir, 'tls'), [NAME, TURN_NAME]);
    home = await nssHomeTrusting(join(dir, 'site-home'), ca);
    const secret = randomBytes(32).toString('hex');
    database = await cliDatabase('pglite');
    servers.push(await startCoturn(turnHost(), dir, { secret, realm: TURN_NAME, ca, peers: [hopsoHost().address] }));
    servers.push(await startHopsoOn(hopsoHost(), ORIGIN, {
      ...database.env, SIGNING_KEY_SECRET: TEST_SIGNING_SECRET,
      TURN_URLS: `turns:${TURN_NAME}:443?transport=tcp`, TURN_SECRET: secret,
    }));
    servers.push(await startNginx(hopsoHost(), join(dir, 'nginx'), NAME, ca));
    await siteHost().allowOnlyTcp([443]);
  }, 300_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    for (const server of servers.reverse()) await server.stop();
    await net?.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A site signed in through the login form, on the meeting page. */
  const openSite = async (username: string) => {
    const context = await browser!.newContext({ viewport: { width: 1024, height: 700 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${ORIGIN}/#/meetings`);
    await page.waitForURL(/#\/login$/);
    await page.getByLabel('Tên đăng nhập').fill(username);
    await page.getByLabel('Mật khẩu').fill('hopso-demo');
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await page.waitForURL((url) => !url.hash.startsWith('#/login'));
    return new LivePage(page, ORIGIN);
  };

  it('joins over HTTPS and sends and receives audio and video through the relay, over TLS', async () => {
    const meeting = await startedMeeting(ca, hopsoHost().address, ORIGIN, 'Giao ban qua TURN');
    browser = await launchBrowser({
      executablePath: siteHost().chromium(),
      env: { ...process.env, HOME: home },
      fakeAudioFile: writeToneWav(),
      args: [`--host-resolver-rules=MAP ${NAME} ${hopsoHost().address}, MAP ${TURN_NAME} ${turnHost().address}`],
    });
    const thachha = await openSite('xa.thachha');
    const canloc = await openSite('xa.canloc');
    await meeting.whenStarted();
    await thachha.join(meeting.id);
    await canloc.join(meeting.id);
    await thachha.waitForPhase('live', 90_000);
    const canlocState = await canloc.waitForPhase('live', 90_000);

    // Thạch Hà receives Can Lộc's microphone and camera: bytes and decoded frames grow.
    const growth = await thachha.growth(canlocState.self!.peerId, ['mic', 'camera']);
    expect(growth['mic']!.bytes).toBeGreaterThan(1_000);
    expect(growth['camera']!.bytes).toBeGreaterThan(10_000);
    expect(growth['camera']!.frames).toBeGreaterThan(0);

    for (const site of [thachha, canloc]) {
      const paths = await eventually(async () => {
        const found = await site.paths();
        return found.length === 2 && found.every((p) => p.state === 'connected' && p.localType) ? found : null;
      }, 30_000, 'both transports connected');
      for (const path of paths) {
        // Through coturn, reached over TLS on 443; from there to hopso's WebRtcServer port.
        expect(path).toMatchObject({ localType: 'relay', relayProtocol: 'tls', remoteAddress: hopsoHost().address, remotePort: 40000 });
      }
      const send = paths.find((p) => p.direction === 'send')!;
      const recv = paths.find((p) => p.direction === 'recv')!;
      expect(send.bytesSent).toBeGreaterThan(20_000);
      expect(recv.bytesReceived).toBeGreaterThan(20_000);
    }
  });
});
