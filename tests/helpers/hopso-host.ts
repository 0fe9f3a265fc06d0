import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import { DEMO_PASSWORD } from './app.ts';
import { HOPSO_BIN } from './cli.ts';
import { waitForOutput, type Started } from './host-process.ts';
import type { NetHost } from './netns.ts';
import { localTime } from './sessions.ts';
import { httpsRequest, type TestCa } from './tls.ts';

const CLIENT_DIST = fileURLToPath(new URL('../../client/dist', import.meta.url));

/**
 * `hopso start` on a test host, set up as docs/operations.md says for a server behind a proxy on
 * the same machine: 127.0.0.1:3000, Secure cookies, the proxy trusted, media on every address
 * announced as the host's own. `env` adds the database and anything else.
 */
export async function startHopsoOn(host: NetHost, publicOrigin: string, env: Record<string, string>): Promise<Started> {
  const child = host.spawn(HOPSO_BIN, ['start'], {
    env: {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/tmp',
      ...(process.env['MEDIASOUP_WORKER_BIN'] ? { MEDIASOUP_WORKER_BIN: process.env['MEDIASOUP_WORKER_BIN'] } : {}),
      PORT: '3000', HOST: '127.0.0.1', COOKIE_SECURE: 'true', TRUST_PROXY: '127.0.0.1', PUBLIC_ORIGIN: publicOrigin,
      RTC_LISTEN_IP: '0.0.0.0', RTC_ANNOUNCED_ADDRESS: host.address, RTC_PORT: '40000', MEDIA_WORKERS: '1',
      DEMO_DATA: 'true', LOG_LEVEL: 'info', CLIENT_DIST, ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const started = waitForOutput(child, 'hopso');
  await started.until((out) => out.includes('is running at'), 120_000);
  return started;
}

/** A signed-in API client over HTTPS through the proxy (the test CA trusted, cookies kept by hand). */
export async function httpsSignIn(ca: TestCa, address: string, origin: string, username: string, password = DEMO_PASSWORD) {
  const login = await httpsRequest(ca, address, `${origin}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }),
  });
  if (login.status !== 200) throw new Error(`login ${username}: ${login.status} ${login.body}`);
  const setCookies = ([] as string[]).concat(login.headers['set-cookie'] ?? []);
  const cookie = setCookies.map((c) => c.split(';')[0]).join('; ');
  const { csrfToken } = JSON.parse(login.body) as { csrfToken: string };
  const call = async (method: string, path: string, body?: unknown) => {
    const answer = await httpsRequest(ca, address, `${origin}${path}`, {
      method, headers: { cookie, 'x-csrf-token': csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (answer.status >= 300) throw new Error(`${method} ${path}: ${answer.status} ${answer.body}`);
    return JSON.parse(answer.body) as Record<string, unknown>;
  };
  return { login, setCookies, call };
}

/**
 * A meeting of Hà Tĩnh's UBND office with the province's communes invited, starting at the next
 * full minute (invitations cannot be issued for a time already past) and opened by its convener
 * (live). Made through the public API, over HTTPS, as the convener (vp.hatinh). Sites that arrive
 * from its start time on go straight in: `whenStarted()` waits for it.
 */
export async function startedMeeting(ca: TestCa, address: string, origin: string, title: string) {
  const convener = await httpsSignIn(ca, address, origin, 'vp.hatinh');
  const start = DateTime.now().plus({ minutes: 1 }).startOf('minute');
  const meeting = await convener.call('POST', '/api/meetings', {
    kind: 'giao_ban', form: 'truc_tuyen', title, chairName: 'Nguyễn Văn An',
    startsAt: localTime(start), endsAt: localTime(start.plus({ hours: 1 })), invitees: { communesOf: ['42'] },
  });
  const id = meeting['id'] as string;
  await convener.call('POST', `/api/meetings/${id}/invitations/issue`, { urgent: true, urgentReason: 'Họp đột xuất về phòng chống bão' });
  await convener.call('POST', `/api/meetings/${id}/status`, { to: 'live' });
  // The start time is the condition waited for: before it, a commune's site waits in the lobby.
  const whenStarted = () => new Promise((resolve) => setTimeout(resolve, Math.max(0, start.toMillis() - Date.now() + 1000)));
  return { id, whenStarted };
}

/** One sample of a Prometheus text exposition: the value of `name` whose labels include `labels`. */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number | null {
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+)(\{([^}]*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[3] ?? '').matchAll(/([a-z_]+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[4]);
  }
  return null;
}
