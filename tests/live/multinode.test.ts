import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attendanceEvents, livePresences } from '../../server/attendance/schema.ts';
import { liveOwners } from '../../server/live/schema.ts';
import { hopsoNodes } from '../../server/nodes/schema.ts';
import { sessionCookie } from '../helpers/app.ts';
import { connectLive, insertMeeting, joinWithMedia, userIds, type LiveClient } from '../helpers/live.ts';
import { startTestNodes, type TestNodes } from '../helpers/nodes.ts';

/**
 * One meeting over two nodes in this process, sharing one PostgreSQL database: the chủ trì on
 * node A (which owns the meeting), sites on node B. Everything the chair does reaches them,
 * what they answer is recorded once, and media crosses between the nodes. Run in both media
 * modes: the sites' media on B (NODE_MEDIA=site, the default) and on the owner A ('owner').
 */
describe.skipIf(!process.env.TEST_DATABASE_URL).each(['site', 'owner'] as const)('one meeting across two nodes, NODE_MEDIA=%s [postgres]', (mode) => {
  let cluster: TestNodes;
  const clients: LiveClient[] = [];
  let meetingId: string;
  let chair: LiveClient, site: LiveClient;
  let ids: { chair: string; site: string };
  let chairMic: string;
  let siteBodyId: string;
  let siteCaps: NonNullable<Awaited<ReturnType<LiveClient['join']>>['routerRtpCapabilities']>;

  afterAll(async () => {
    for (const c of clients) c.close();
    await cluster?.close();
  });

  beforeAll(async () => {
    cluster = await startTestNodes(2, { basePort: 3171, mediaWorkers: 1, config: { NODE_MEDIA: mode } });
    const [a, b] = cluster.nodes as [typeof cluster.nodes[0], typeof cluster.nodes[0]];
    const bodyOf = await userIds(a.db, ['xa.thachha']);
    siteBodyId = bodyOf['xa.thachha']!.bodyId;
    meetingId = (await insertMeeting(a.db, { status: 'live', invitees: [{ bodyId: siteBodyId }] })).id;
    chair = await connectLive(a.url, await sessionCookie(a.app, 'vp.hatinh'), 'vp.hatinh');
    site = await connectLive(b.url, await sessionCookie(b.app, 'xa.thachha'), 'xa.thachha');
    clients.push(chair, site);
    const c = await joinWithMedia(chair, meetingId, { audio: true });
    chairMic = c.audio!;
    const joined = chair.next('peerJoined');
    const s = await joinWithMedia(site, meetingId, { audio: true });
    ids = { chair: c.joined.peerId, site: s.joined.peerId };
    siteCaps = s.joined.routerRtpCapabilities!;
    expect((await joined).peerId).toBe(ids.site);
  });

  it('has one owner: the node the chair reached first; the site on B joins the room A keeps', async () => {
    const [owner] = await cluster.database.db.select().from(liveOwners).where(eq(liveOwners.meetingId, meetingId));
    expect(owner?.nodeId).toBe('node-a');
    expect(cluster.nodes[0]!.app.live.get(meetingId)?.peers.size).toBe(2);
    expect(cluster.nodes[1]!.app.live.get(meetingId)).toBeUndefined();
  });

  it('the chair on A grants the floor and the site on B is told; it may speak, its request came through B', async () => {
    await site.call('floor:request', {});
    await chair.next('floor', (f) => f.queue.some((q) => q.peerId === ids.site), { past: true });
    const told = site.next('floor', (f) => f.holderPeerId === ids.site);
    await chair.call('floor:grant', { peerId: ids.site });
    expect((await told).holderPeerId).toBe(ids.site);
    await chair.call('floor:revoke', {});
    await site.next('floor', (f) => f.holderPeerId === null, { past: true });
  });

  it('a roll call answered on B is recorded once; the chair on A hears it without it being published to B', async () => {
    const called = site.next('rollCall');
    await chair.call('rollCall:start', {});
    const { rollCallId } = await called;
    // What B's adapter is asked to deliver to its own sockets (from any node): rooms it looks into.
    type Apply = (opts: { rooms: Set<unknown> }, callback: unknown) => void;
    const adapterB = cluster.nodes[1]!.app.io.of('/live').adapter as unknown as { apply: Apply };
    const reachedB: string[] = [];
    const deliver = adapterB.apply.bind(adapterB);
    adapterB.apply = (opts, callback) => {
      reachedB.push(...[...opts.rooms].map(String));
      deliver(opts, callback);
    };
    const confirmed = chair.next('rollCallConfirmed', (r) => r.peerId === ids.site);
    await site.call('rollCall:confirm', { rollCallId, count: 7 });
    expect((await confirmed).count).toBe(7);
    await chair.next('peerUpdated', (p) => p.peerId === ids.site && p.rollCall?.count === 7, { past: true });
    adapterB.apply = deliver;
    // The chủ trì and the full roster are all on A: their news stays there.
    expect(reachedB.filter((room) => room.endsWith(':chairs') || room.endsWith(':roster'))).toEqual([]);
    const rows = await cluster.database.db.select().from(attendanceEvents)
      .where(and(eq(attendanceEvents.meetingId, meetingId), eq(attendanceEvents.siteId, siteBodyId), eq(attendanceEvents.kind, 'rollcall')));
    expect(rows.filter((r) => (r.data as { action?: string }).action === 'confirm')).toHaveLength(1);
  });

  it('the site on B consumes the chair\'s microphone on A', async () => {
    const consumed = await site.call('consume', { producerId: chairMic, rtpCapabilities: siteCaps });
    expect(consumed).toMatchObject({ producerId: chairMic, kind: 'audio' });
    await site.call('resumeConsumer', { consumerId: consumed.consumerId });
  });

  it('the chủ trì ends the meeting over HTTP on node B: the room on A ends through itself', async () => {
    const [a, b] = cluster.nodes as [typeof cluster.nodes[0], typeof cluster.nodes[0]];
    const other = (await insertMeeting(a.db, { status: 'live', invitees: [{ bodyId: siteBodyId }] })).id;
    const login = await fetch(`${b.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'vp.hatinh', password: 'hopso-demo' }) });
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const inRoom = await connectLive(a.url, cookie, 'vp.hatinh');
    clients.push(inRoom);
    await inRoom.call('join', { meetingId: other, siteSessionId: 'http-end-on-b' });
    const ended = inRoom.next('ended');
    const res = await fetch(`${b.url}/api/meetings/${other}/status`, {
      method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' }, body: JSON.stringify({ to: 'ended' }),
    });
    expect(res.status).toBe(200);
    await ended;
    expect((a.app.live.get(other)?.peers.size ?? 0)).toBe(0);
  });

  it('a logout on A ends the site\'s socket on B', async () => {
    const a = cluster.nodes[0]!;
    const login = await fetch(`${a.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'xa.canloc', password: 'hopso-demo' }) });
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const other = await connectLive(cluster.nodes[1]!.url, cookie, 'xa.canloc');
    clients.push(other);
    const dropped = new Promise<void>((resolve) => other.socket.once('disconnect', () => resolve()));
    const res = await fetch(`${a.url}/api/auth/logout`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrfToken } });
    expect(res.status).toBeLessThan(300);
    await dropped;
  });

  it('node B stops: the owner sees the site go away, and its rejoin through A is one presence with a gap', async () => {
    const away = chair.next('peerLeft', (p) => p.peerId === ids.site);
    await cluster.stop(1);
    await away;
    const again = await connectLive(cluster.nodes[0]!.url, site.socket.io.opts.extraHeaders!.cookie!, 'xa.thachha');
    clients.push(again);
    await again.call('join', { meetingId, siteSessionId: site.siteSessionId });
    const rows = await cluster.database.db.select({ kind: attendanceEvents.kind }).from(attendanceEvents)
      .where(and(eq(attendanceEvents.meetingId, meetingId), eq(attendanceEvents.siteId, siteBodyId)));
    const kinds = rows.map((r) => r.kind);
    expect(kinds.filter((k) => k === 'join')).toHaveLength(1);
    expect(kinds).toContain('reconnect');
    expect(kinds).not.toContain('leave');
  });

  it('a meeting whose owner died is taken over by the next node a site reaches; the presences the dead owner left open become gaps, not second joins', async () => {
    const a = cluster.nodes[0]!;
    const db = cluster.database.db;
    const taken = (await insertMeeting(db, { status: 'live', invitees: [{ bodyId: siteBodyId }] })).id;
    const { 'xa.thachha': person } = await userIds(db, ['xa.thachha']);
    // What a killed owner leaves: its node row no longer stamped, its claim, an open presence with its join.
    const lastSeen = new Date(Date.now() - 30_000);
    await db.insert(hopsoNodes).values({ id: 'node-killed', url: 'http://127.0.0.1:9', startedAt: new Date(Date.now() - 600_000), seenAt: lastSeen });
    await db.insert(liveOwners).values({ meetingId: taken, nodeId: 'node-killed', since: new Date(Date.now() - 300_000) });
    const key = { meetingId: taken, siteId: siteBodyId, userId: person!.id, sessionId: 'killed-owner-session' };
    await db.insert(attendanceEvents).values({ ...key, kind: 'join', at: new Date(Date.now() - 120_000), data: {} });
    await db.insert(livePresences).values({ ...key, lastSeenAt: lastSeen, awaySince: null });

    const back = await connectLive(a.url, await sessionCookie(a.app, 'xa.thachha'), 'xa.thachha');
    clients.push(back);
    await back.call('join', { meetingId: taken, siteSessionId: key.sessionId });
    const [owner] = await db.select().from(liveOwners).where(eq(liveOwners.meetingId, taken));
    expect(owner?.nodeId).toBe('node-a');
    await a.app.presence.writes.idle();
    const events = await db.select().from(attendanceEvents).where(and(eq(attendanceEvents.meetingId, taken), eq(attendanceEvents.sessionId, key.sessionId)));
    expect(events.map((e) => e.kind).sort()).toEqual(['join', 'reconnect']);
    const gap = events.find((e) => e.kind === 'reconnect')!.data as { gapSeconds: number; awaySince: string };
    // The gap runs from the dead owner's last heartbeat of the presence, not from the takeover.
    expect(gap.gapSeconds).toBeGreaterThanOrEqual(29);
    expect(Date.parse(gap.awaySince)).toBe(lastSeen.getTime());
  });
});
