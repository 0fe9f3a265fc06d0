import { rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_SIGNING_SECRET } from '../helpers/app.ts';
import { launchBrowser, LivePage } from '../helpers/browser.ts';
import { cliDatabase, tempDir } from '../helpers/cli.ts';
import type { Started } from '../helpers/host-process.ts';
import { httpsSignIn, metricValue, startedMeeting, startHopsoOn } from '../helpers/hopso-host.ts';
import { createTestNet, type TestNet } from '../helpers/netns.ts';
import { startNginx } from '../helpers/nginx.ts';
import { httpsRequest, makeTestCa, nssHomeTrusting, type TestCa } from '../helpers/tls.ts';
import { eventually } from '../helpers/wait.ts';

const NAME = 'hopso.test';
const ORIGIN = `https://${NAME}`;
const METRICS_TOKEN = 'metrics-token-of-the-https-test-0123456789';

/**
 * docs/operations.md steps 2 (TLS) and 3 (ports), end to end: hopso on one test host behind
 * Debian's nginx running the repo's ops/nginx-hopso.conf with a certificate from a CA the test
 * made, and a real Chromium on another host (its own network namespace and address) that trusts
 * that CA through its NSS database — no certificate errors ignored. It signs in through the login
 * form, joins a meeting under way and sends its camera and microphone, which the server receives
 * (its /metrics, read over HTTPS with the scraper's token, as Prometheus would).
 * Needs `npx vite build client`, the mediasoup worker, nginx and libnss3-tools (setup.sh test).
 */
describe('HTTPS in front of hopso, and a site on another host', { timeout: 240_000 }, () => {
  let net: TestNet;
  let dir: string;
  let ca: TestCa;
  let home: string;
  let database: Awaited<ReturnType<typeof cliDatabase>> | undefined;
  let hopso: Started | undefined;
  let nginx: Started | undefined;
  let browser: Browser | undefined;
  const server = () => net.hosts[0]!;
  const site = () => net.hosts[1]!;

  beforeAll(async () => {
    dir = tempDir('https');
    net = await createTestNet(2);
    ca = await makeTestCa(join(dir, 'tls'), [NAME]);
    home = await nssHomeTrusting(join(dir, 'site-home'), ca);
    // PostgreSQL when the run has one (as on a server), reached from the server host through the gateway.
    database = await cliDatabase(process.env['TEST_DATABASE_URL'] ? 'postgres' : 'pglite');
    const env: Record<string, string> = { ...database.env, SIGNING_KEY_SECRET: TEST_SIGNING_SECRET, METRICS_TOKEN };
    if (database.url) {
      await net.forward(5432);
      env.DATABASE_URL = database.url.replace('127.0.0.1', net.gateway);
    }
    hopso = await startHopsoOn(server(), ORIGIN, env);
    nginx = await startNginx(server(), join(dir, 'nginx'), NAME, ca);
  }, 240_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await nginx?.stop();
    await hopso?.stop();
    await net?.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers HTTPS with the certificate of its name, sends HSTS and Secure cookies, and moves plain HTTP to HTTPS', async () => {
    const health = await httpsRequest(ca, server().address, `${ORIGIN}/health`);
    expect(health.status).toBe(200);
    expect(health.headers['strict-transport-security']).toMatch(/max-age=31536000/);
    // The proxy passes the request id through: what a person reporting a problem quotes.
    expect(health.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);

    const { setCookies } = await httpsSignIn(ca, server().address, ORIGIN, 'xa.thachha');
    expect(setCookies.length).toBeGreaterThan(0);
    for (const cookie of setCookies) expect(cookie).toMatch(/;\s*Secure/i);

    // A client that does not trust the test CA is refused: the certificate really is checked.
    const untrusted = { ...ca, caPem: '' };
    await expect(httpsRequest(untrusted, server().address, `${ORIGIN}/health`)).rejects.toThrow(/certificate/i);

    const redirect = await new Promise<{ status: number; location: string | undefined }>((resolve, reject) => {
      httpRequest({ host: server().address, port: 80, path: '/health', headers: { host: NAME } }, (res) => {
        res.resume();
        resolve({ status: res.statusCode ?? 0, location: res.headers.location });
      }).on('error', reject).end();
    });
    expect(redirect).toEqual({ status: 301, location: `${ORIGIN}/health` });
  });

  it('lets a Chromium on another host sign in through the form, join a meeting under way and send camera and microphone', async () => {
    const meeting = await startedMeeting(ca, server().address, ORIGIN, 'Giao ban qua HTTPS');
    browser = await launchBrowser({
      executablePath: site().chromium(),
      env: { ...process.env, HOME: home },
      args: [`--host-resolver-rules=MAP ${NAME} ${server().address}`],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));

    await page.goto(`${ORIGIN}/#/meetings`);
    await page.waitForURL(/#\/login$/);
    await page.getByLabel('Tên đăng nhập').fill('xa.thachha');
    await page.getByLabel('Mật khẩu').fill('hopso-demo');
    await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
    await page.waitForURL((url) => !url.hash.startsWith('#/login'));
    const cookies = await context.cookies(ORIGIN);
    expect(cookies.length).toBeGreaterThan(0);
    for (const cookie of cookies) expect(cookie).toMatchObject({ secure: true, domain: NAME });

    const live = new LivePage(page, ORIGIN);
    await meeting.whenStarted();
    await live.join(meeting.id);
    await live.waitForPhase('live', 60_000);
    const state = await live.state();
    expect(state?.ownProducers.map((p) => ({ source: p.source, paused: p.paused })).sort((a, b) => a.source.localeCompare(b.source)))
      .toEqual([{ source: 'camera', paused: false }, { source: 'mic', paused: false }]);

    // Straight to the server's WebRtcServer port, at the address it announces (RTC_ANNOUNCED_ADDRESS).
    const send = await eventually(async () => {
      const path = (await live.paths()).find((p) => p.direction === 'send');
      return path?.state === 'connected' && path.bytesSent > 50_000 ? path : null;
    }, 60_000, 'the send transport to carry media');
    expect(send).toMatchObject({ localType: 'host', remoteAddress: server().address, remotePort: 40000 });

    // The server receives both: two producers of this meeting, and a video's worth of bitrate coming in.
    const metrics = async () => (await httpsRequest(ca, server().address, `${ORIGIN}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).body;
    const seen = await eventually(async () => {
      const text = await metrics();
      const bitrate = metricValue(text, 'hopso_meeting_bitrate_bps', { meeting: meeting.id, direction: 'in' }) ?? 0;
      return metricValue(text, 'hopso_media_objects', { kind: 'producers' }) === 2 && bitrate > 100_000 ? { bitrate } : null;
    }, 60_000, 'the server to receive audio and video');
    expect(seen.bitrate).toBeGreaterThan(100_000);
    // And the microphone is among what is sent (the camera alone would make that bitrate).
    const micBytes = () => page.evaluate(async () => {
      const report = await window.__hopso?.session.engine?.producer('mic')?.getStats();
      let bytes = 0;
      report?.forEach((entry: { type: string; bytesSent?: number }) => { if (entry.type === 'outbound-rtp') bytes += entry.bytesSent ?? 0; });
      return bytes;
    });
    const before = await micBytes();
    await eventually(async () => (await micBytes()) > before + 2_000, 30_000, 'microphone bytes sent to grow');
    expect(errors).toEqual([]);
    await context.close();
  });
});
