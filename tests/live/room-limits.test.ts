import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { attendanceEvents } from '../../server/attendance/schema.ts';
import { users } from '../../server/auth/schema.ts';
import { createSession, SESSION_COOKIE } from '../../server/auth/sessions.ts';
import { signIn, startTestApp, type TestServer } from '../helpers/app.ts';
import { describeEachDb } from '../helpers/db.ts';
import { AckError, connectLive, extraSites, insertMeeting, joinWithMedia, siteClients, userIds, type LiveClient } from '../helpers/live.ts';
import { eventually } from '../helpers/wait.ts';

const LOBBY_MAX = 30;

/**
 * What one meeting's room holds and what its crowd may cost others: a bounded lobby that the
 * chairs follow by small changes, one peer per account, a join that refuses before it reads,
 * an end that stores everyone's leave before it answers, and write queues per meeting.
 */
describeEachDb('live room limits', (kind) => {
  let live: TestServer;
  let bodyOf: Record<string, { id: string; bodyId: string }>;
  let sites: Awaited<ReturnType<typeof extraSites>>;
  const { as, closeAll } = siteClients(() => live);
  const extra: LiveClient[] = [];
  const connectSite = async (site: (typeof sites)[number]) => {
    const client = await connectLive(live.url, site.cookie, site.username);
    extra.push(client);
    return client;
  };
  const eventsOf = (meetingId: string, kind: 'leave' | 'headcount') =>
    live.db.select().from(attendanceEvents).where(and(eq(attendanceEvents.meetingId, meetingId), eq(attendanceEvents.kind, kind)));

  beforeAll(async () => {
    live = await startTestApp({ kind, listen: true, mediaWorkers: 1, config: { LIVE_LOBBY_MAX: LOBBY_MAX } });
    bodyOf = await userIds(live.db, ['vp.hatinh', 'xa.thachha', 'xa.canloc']);
    sites = await extraSites(live.db, LOBBY_MAX + 1, kind);
  });
  afterEach(() => {
    closeAll();
    for (const c of extra.splice(0)) c.close();
  });
  afterAll(() => live?.close());

  it('keeps the chairs up to date with one small message per lobby arrival, refuses past the limit, and stays responsive', async () => {
    const m = await insertMeeting(live.db, { startsAt: new Date(Date.now() + 3600_000), invitees: sites.map((s) => ({ bodyId: s.bodyId })) });
    const chair = await as('vp.hatinh');
    await chair.join(m.id);
    await chair.next('lobby', () => true, { past: true });
    const clients = await Promise.all(sites.slice(0, LOBBY_MAX).map(connectSite));
    const arrivals = eventually(() => chair.events.filter((e) => e.name === 'lobbyAdded').length === LOBBY_MAX, 20_000, 'every arrival');
    const joins = Promise.all(clients.map((c) => c.join(m.id)));
    // While they arrive, the chair's own calls are answered.
    await expect(chair.call('lock', { locked: false })).resolves.toEqual({});
    const joined = await joins;
    expect(joined.every((j) => j.state === 'lobby')).toBe(true);
    await arrivals;
    // One message per arrival, each carrying one site; the whole list went out once, when the chair came in.
    const lobbyMessages = chair.events.filter((e) => e.name === 'lobby' || e.name === 'lobbyAdded' || e.name === 'lobbyRemoved');
    expect(lobbyMessages).toHaveLength(LOBBY_MAX + 1);
    expect(chair.events.filter((e) => e.name === 'lobby')).toHaveLength(1);
    expect(new Set(chair.events.filter((e) => e.name === 'lobbyAdded').map((e) => (e.payload as { peerId: string }).peerId)))
      .toEqual(new Set(joined.map((j) => j.peerId)));

    // Full: the next site is told why, and nothing of it stays behind.
    const late = await connectSite(sites[LOBBY_MAX]!);
    const refusal = await late.join(m.id).catch((err: unknown) => err);
    expect(refusal).toBeInstanceOf(AckError);
    expect((refusal as AckError).code).toBe('unavailable');
    expect((refusal as AckError).message).toContain('Phòng chờ đã đủ');
    expect(live.app.live.get(m.id)!.peers.size).toBe(LOBBY_MAX + 1);

    // Admitting one and one leaving: one lobbyRemoved each; then there is room again.
    const removed = chair.next('lobbyRemoved', (e) => e.peerId === joined[0]!.peerId);
    await chair.call('admit', { peerId: joined[0]!.peerId });
    await removed;
    const gone = chair.next('lobbyRemoved', (e) => e.peerId === joined[1]!.peerId);
    clients[1]!.close();
    await gone;
    expect((await late.join(m.id)).state).toBe('lobby');
  });

  it('keeps one peer per account: a second tab replaces the first, which is told and closed with its media', async () => {
    const m = await insertMeeting(live.db, { invitees: [{ bodyId: bodyOf['xa.thachha']!.bodyId }] });
    const chair = await as('vp.hatinh');
    await chair.join(m.id);
    const firstTab = await as('xa.thachha');
    const first = await joinWithMedia(firstTab, m.id, { audio: true });
    const oldPeer = live.app.live.get(m.id)!.peers.get(first.joined.peerId)!;
    const oldTransports = [...oldPeer.localMedia!.transports.values()];
    await chair.call('mute', { peerId: first.joined.peerId });

    const told = firstTab.next('removed');
    const left = chair.next('peerLeft', (e) => e.peerId === first.joined.peerId);
    const secondTab = await as('xa.thachha');
    const second = await secondTab.join(m.id);
    expect(await told).toEqual({ reason: 'replaced' });
    await left;
    expect(second.peerId).not.toBe(first.joined.peerId);
    const peers = [...live.app.live.get(m.id)!.peers.values()].filter((p) => p.user.id === bodyOf['xa.thachha']!.id);
    expect(peers.map((p) => p.peerId)).toEqual([second.peerId]);
    expect(oldPeer.closed).toBe(true);
    expect(oldTransports.every((t) => t.closed)).toBe(true);
    // The chair's mute goes with the account, not the tab.
    expect(peers[0]!.mutedByChair).toBe(true);
    expect(await firstTab.refused('createTransport', { direction: 'send' })).toBe('conflict');
  });

  it('refuses an account whose role may never join before reading the meeting', async () => {
    const [observer] = await live.db.insert(users).values({
      username: `quan.sat.${kind}`, passwordHash: 'not-a-hash', fullName: 'Người quan sát', bodyId: bodyOf['xa.canloc']!.bodyId, role: 'observer',
    }).returning();
    const { token } = await createSession(live.db, observer!.id, 1);
    const client = await connectLive(live.url, `${SESSION_COOKIE}=${token}`, 'observer');
    extra.push(client);
    // No meeting has this id: a refusal that came after the lookup would say not_found.
    expect(await client.refused('join', { meetingId: '00000000-0000-4000-8000-000000000000', siteSessionId: client.siteSessionId })).toBe('forbidden');
  });

  it("stores every site's leave before the end is acknowledged", async () => {
    const crowd = sites.slice(0, 12);
    const m = await insertMeeting(live.db, { invitees: crowd.map((s) => ({ bodyId: s.bodyId })) });
    const chair = await as('vp.hatinh');
    await chair.join(m.id);
    const clients = await Promise.all(crowd.map(connectSite));
    for (const c of clients) expect((await c.join(m.id)).started).toBe(true);
    await chair.call('end', {});
    expect(await eventsOf(m.id, 'leave')).toHaveLength(crowd.length + 1);
  });

  it("lets a meeting's report be read while another meeting's writes are still queued", async () => {
    const busy = await insertMeeting(live.db, { invitees: [{ bodyId: bodyOf['xa.thachha']!.bodyId }] });
    const quiet = await insertMeeting(live.db, { invitees: [{ bodyId: bodyOf['xa.canloc']!.bodyId }] });
    const key = { meetingId: busy.id, siteId: bodyOf['xa.thachha']!.bodyId, userId: bodyOf['xa.thachha']!.id, sessionId: 'flood-session' };
    const { agent } = await signIn(live.app, 'vp.hatinh');
    // Headcounts and arrivals taking turns: writes of different kinds are not stored together, so the queue stays long.
    const flood = Array.from({ length: 400 }, (_, i) => (i % 2 === 0
      ? live.app.presence.record(key, 'headcount', { count: i })
      : live.app.presence.arrive({ ...key, sessionId: `flood-arrival-${i}` })));
    expect((await agent.get(`/api/meetings/${quiet.id}/attendance`)).status).toBe(200);
    expect(live.app.presence.writes.pending(busy.id)).toBeGreaterThan(0);
    // The quiet meeting's report did not wait for the busy one's writes.
    expect((await eventsOf(busy.id, 'headcount')).length).toBeLessThan(flood.length);
    await Promise.all(flood);
    expect((await agent.get(`/api/meetings/${busy.id}/attendance`)).status).toBe(200);
    expect(await eventsOf(busy.id, 'headcount')).toHaveLength(flood.length / 2);
  });
});
