import supertest from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sessionCookie, startTestApp, type TestServer } from '../helpers/app.ts';
import { describeEachDb } from '../helpers/db.ts';
import { connectAs, insertMeeting, joinWithMedia, userIds, type LiveClient } from '../helpers/live.ts';

/**
 * The formal speaking queue: requests, grants with and without a time limit, revocation, the
 * holder handing the floor back and leaving; what it does to microphones on the server; and
 * the speaker log those grants leave behind.
 */
describeEachDb('speaking queue and speaker log', (kind) => {
  let live: TestServer;
  const clients: LiveClient[] = [];
  afterAll(async () => {
    for (const c of clients) c.close();
    await live?.close();
  });

  let meetingId: string;
  let chair: LiveClient, thachha: LiveClient, canloc: LiveClient;
  let ids: { chair: string; thachha: string; canloc: string };
  let mics: { chair: string; thachha: string; canloc: string };
  const producer = (peerId: string, producerId: string) => live.app.live.get(meetingId)!.peers.get(peerId)!.localMedia!.producers.get(producerId)!;

  beforeAll(async () => {
    live = await startTestApp({ kind, listen: true, mediaWorkers: 2 });
    const bodyOf = await userIds(live.db, ['xa.thachha', 'xa.canloc']);
    meetingId = (await insertMeeting(live.db, { invitees: [{ bodyId: bodyOf['xa.thachha']!.bodyId }, { bodyId: bodyOf['xa.canloc']!.bodyId }] })).id;
    [chair, thachha, canloc] = (await Promise.all(['vp.hatinh', 'xa.thachha', 'xa.canloc'].map((u) => connectAs(live, u)))) as [LiveClient, LiveClient, LiveClient];
    clients.push(chair, thachha, canloc);
    const c = await joinWithMedia(chair, meetingId, { audio: true });
    const t = await joinWithMedia(thachha, meetingId, { audio: true });
    const k = await joinWithMedia(canloc, meetingId, { audio: true });
    ids = { chair: c.joined.peerId, thachha: t.joined.peerId, canloc: k.joined.peerId };
    mics = { chair: c.audio!, thachha: t.audio!, canloc: k.audio! };
  });

  it('queues requests in order and lets a site withdraw its request', async () => {
    await thachha.call('floor:request', {});
    await canloc.call('floor:request', {});
    await thachha.call('floor:request', {});
    const state = await chair.next('floor', (f) => f.queue.length === 2, { past: true });
    expect(state.queue.map((q) => q.peerId)).toEqual([ids.thachha, ids.canloc]);
    expect(state.holderPeerId).toBeNull();
    await canloc.call('floor:cancel', {});
    expect((await chair.next('floor', (f) => f.queue.length === 1, { past: true })).queue[0]!.peerId).toBe(ids.thachha);
    expect(await thachha.refused('floor:grant', { peerId: ids.thachha })).toBe('forbidden');
  });

  it('grants the floor with a time limit: only the holder and the chair stay unmuted, and the limit takes it back', async () => {
    const granted = canloc.next('floor', (f) => f.holderPeerId === ids.thachha);
    await chair.call('floor:grant', { peerId: ids.thachha, limitSeconds: 2 });
    const state = await granted;
    expect(state).toMatchObject({ holderSiteName: expect.stringContaining('Thạch Hà'), queue: [] });
    expect(Date.parse(state.endsAt!) - Date.parse(state.grantedAt!)).toBe(2000);
    expect(producer(ids.canloc, mics.canloc).paused).toBe(true);
    expect(producer(ids.thachha, mics.thachha).paused).toBe(false);
    expect(producer(ids.chair, mics.chair).paused).toBe(false);
    expect(await canloc.refused('resumeProducer', { producerId: mics.canloc })).toBe('forbidden');

    const ended = await chair.next('floor', (f) => f.holderPeerId === null, { timeoutMs: 10_000 });
    expect(ended.endsAt).toBeNull();
    expect(producer(ids.thachha, mics.thachha).paused).toBe(true);
    // With the floor free, a site that was only silenced by it may speak again.
    await canloc.call('resumeProducer', { producerId: mics.canloc });
    expect(producer(ids.canloc, mics.canloc).paused).toBe(false);
  });

  it('ends grants by revocation, by the holder handing back, and by the holder leaving', async () => {
    await chair.call('floor:grant', { peerId: ids.canloc });
    expect(producer(ids.thachha, mics.thachha).paused).toBe(true);
    await chair.call('floor:revoke', {});
    await chair.call('floor:grant', { peerId: ids.thachha });
    expect(producer(ids.thachha, mics.thachha).paused).toBe(false);
    await thachha.call('floor:cancel', {});
    await chair.call('floor:grant', { peerId: ids.canloc });
    const left = chair.next('floor', (f) => f.holderPeerId === null);
    await canloc.call('leave', {});
    await left;
  });

  it('logs every grant with its end and reason: the convening side reads all, an invited site its own, others nothing', async () => {
    const convener = supertest.agent(live.app.server).set('cookie', await sessionCookie(live.app, 'vp.hatinh'));
    const all = await convener.get(`/api/meetings/${meetingId}/speakers`).expect(200);
    expect(all.body.items.map((i: { endedBy: string }) => i.endedBy)).toEqual(['limit', 'chair', 'cancel', 'left']);
    const agent = supertest.agent(live.app.server).set('cookie', await sessionCookie(live.app, 'xa.thachha'));
    const res = await agent.get(`/api/meetings/${meetingId}/speakers`).expect(200);
    // Thạch Hà held the floor twice (ended by the time limit, then handed back); Can Lộc's grants are not its to read.
    expect(res.body.items.map((i: { endedBy: string }) => i.endedBy)).toEqual(['limit', 'cancel']);
    const [first] = res.body.items;
    expect(first).toMatchObject({ siteName: expect.stringContaining('Thạch Hà'), limitSeconds: 2, speakerName: 'Phạm Văn Đức' });
    expect(first.grantedAt).toMatch(/\+07:00$/);
    expect(first.durationSeconds).toBeGreaterThanOrEqual(1);
    const other = supertest.agent(live.app.server).set('cookie', await sessionCookie(live.app, 'p.thanhsen'));
    await other.get(`/api/meetings/${meetingId}/speakers`).expect(403);
    await other.get('/api/meetings/nope/speakers').expect(400);
  });
});
