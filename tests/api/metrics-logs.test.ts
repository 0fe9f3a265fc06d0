import { eq } from 'drizzle-orm';
import supertest from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { users } from '../../server/auth/schema.ts';
import { DEMO_PASSWORD, signIn, startTestApp, type TestServer } from '../helpers/app.ts';
import { describeEachDb } from '../helpers/db.ts';
import { insertMeeting, joinWithMedia, siteClients, userIds } from '../helpers/live.ts';
import { workingDaysAhead } from '../helpers/sessions.ts';

const METRICS_TOKEN = 'metrics-scraper-token-0123456789abcdef';

/** The value of one series in Prometheus text, or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describeEachDb('metrics and logs', (kind) => {
  let t: TestServer;
  const lines: string[] = [];
  const sites = siteClients(() => t);

  beforeAll(async () => {
    t = await startTestApp({ kind, listen: true, mediaWorkers: 1, config: { LOG_LEVEL: 'info', METRICS_TOKEN }, logStream: { write: (line) => void lines.push(line) } });
  });
  afterAll(async () => {
    sites.closeAll();
    await t?.close();
  });

  it('logs every request with its id and never a password, cookie, CSRF token, feed token or address', async () => {
    await t.db.update(users).set({ email: 'vanthu@thachha.hatinh.gov.vn' }).where(eq(users.username, 'xa.thachha'));
    // A failed sign-in with a password that must not appear anywhere.
    await supertest(t.app.server).post('/api/auth/login').send({ username: 'vp.hatinh', password: 'sai-mat-khau-bi-mat-42' }).expect(401);
    const login = await supertest(t.app.server).post('/api/auth/login').set('x-request-id', 'proxy-req-0001').send({ username: 'vp.hatinh', password: DEMO_PASSWORD }).expect(200);
    expect(login.headers['x-request-id']).toBe('proxy-req-0001');
    const cookie = ([] as string[]).concat(login.headers['set-cookie'] ?? []).find((c) => c.startsWith('hopso_session='))!.split(';')[0]!;
    const csrf = login.body.csrfToken as string;
    const { agent } = await signIn(t.app, 'vp.hatinh');
    const created = await agent.post('/api/meetings').send({
      kind: 'giao_ban', form: 'truc_tuyen', title: 'Họp thử nhật ký', chairName: 'Nguyễn Văn An', startsAt: workingDaysAhead(7), endsAt: workingDaysAhead(7, '10:00'),
      invitees: { communes: [(await signIn(t.app, 'xa.thachha')).user.unit.code] },
    }).expect(201);
    await agent.post(`/api/meetings/${created.body.id}/invitations/issue`).send({}).expect(200);
    const feed = await agent.post('/api/calendar/feed-token').send({}).expect(200);
    await supertest(t.app.server).get(feed.body.url).expect(200);
    const answered = await supertest(t.app.server).get('/api/auth/me').set('cookie', cookie).expect(200);
    expect(answered.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);

    const bodyOf = await userIds(t.db, ['xa.thachha']);
    const live = await insertMeeting(t.db, { invitees: [{ bodyId: bodyOf['xa.thachha']!.bodyId }] });
    const chair = await sites.as('vp.hatinh');
    const chairMedia = await joinWithMedia(chair, live.id, { audio: true });
    const commune = await joinWithMedia(await sites.as('xa.thachha'), live.id, { audio: true, video: true });
    // The chair watches Thạch Hà's camera and microphone.
    for (const producerId of [commune.audio!, commune.video!]) {
      await chair.call('consume', { producerId, rtpCapabilities: chairMedia.joined.routerRtpCapabilities as never });
    }

    const log = lines.join('');
    // It did log: the requests, each line of one request under one id.
    expect(log).toContain('"reqId":"proxy-req-0001"');
    expect(log).toContain(`"reqId":"${answered.headers['x-request-id']}"`);
    expect(log).toContain('/api/calendar/feed/[redacted]');
    for (const secret of [DEMO_PASSWORD, 'sai-mat-khau-bi-mat-42', cookie.split('=')[1]!, csrf, feed.body.token as string, 'vanthu@thachha.hatinh.gov.vn', ...t.cookies.values()].map((s) => s.split('=').pop()!)) {
      expect(secret.length).toBeGreaterThan(8);
      expect(log, `the log holds ${secret.slice(0, 4)}…`).not.toContain(secret);
    }
  });

  it('serves Prometheus metrics to staff and to the scraper token: routes by pattern, sockets, live sites, workers, media, database', async () => {
    const meetingId = t.app.live.all()[0]!.id;
    await supertest(t.app.server).get('/metrics').expect(401);
    await supertest(t.app.server).get('/metrics').set('authorization', 'Bearer not-the-token-at-all-0123456789abcdef').expect(401);
    const commune = await signIn(t.app, 'xa.canloc');
    await commune.agent.get('/metrics').expect(403);
    const staff = await signIn(t.app, 'vp.hatinh');
    await staff.agent.get(`/api/meetings/${meetingId}`).expect(200);
    const text = (await staff.agent.get('/metrics').expect(200).expect('content-type', /text\/plain/)).text;
    const scraped = (await supertest(t.app.server).get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}`).expect(200)).text;
    expect(scraped).toContain('hopso_live_meetings 1');

    // The route pattern, never the id: one series however many meetings are read.
    expect(sample(text, 'hopso_http_request_duration_seconds_count', { method: 'GET', route: '/api/meetings/:id', status_code: '200' })).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain(`route="/api/meetings/${meetingId}"`);
    expect(sample(text, 'hopso_sockets_connected')).toBe(2);
    expect(sample(text, 'hopso_live_meetings')).toBe(1);
    expect(sample(text, 'hopso_live_sites', { state: 'admitted' })).toBe(2);
    expect(sample(text, 'hopso_media_objects', { kind: 'producers' })).toBe(3);
    expect(sample(text, 'hopso_media_objects', { kind: 'transports' })).toBe(4);
    expect(sample(text, 'hopso_media_objects', { kind: 'consumers' })).toBe(2);
    // The kernel accounts CPU by ticks: a worker's first milliseconds may all have been counted as system time.
    const cpu = (mode: string) => sample(text, 'hopso_media_worker_cpu_seconds_total', { worker: '0', mode });
    expect(cpu('user')).toBeGreaterThanOrEqual(0);
    expect(cpu('user')! + cpu('system')!).toBeGreaterThan(0);
    expect(sample(text, 'hopso_media_worker_max_rss_bytes', { worker: '0' })).toBeGreaterThan(1_000_000);
    expect(sample(text, 'hopso_meeting_bitrate_bps', { meeting: meetingId, direction: 'in' })).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'hopso_meeting_packets', { meeting: meetingId, outcome: 'lost' })).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'hopso_meeting_loss_fraction', { meeting: meetingId })).toBeGreaterThanOrEqual(0);
    // postgres.js keeps connections of its pool open (idle between queries); PGlite is one connection.
    if (kind === 'postgres') expect(sample(text, 'hopso_db_connections', { state: 'idle' })).toBeGreaterThan(0);
    else expect(sample(text, 'hopso_db_connections', { state: 'idle' })).toBe(1);
    expect(sample(text, 'hopso_process_resident_memory_bytes')).toBeGreaterThan(0);
  });
});
