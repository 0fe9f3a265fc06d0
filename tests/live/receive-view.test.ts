import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { MediaPeer } from '../../server/media/peer.ts';
import { REFRESH_GAP_MS } from '../../server/live/subscription.ts';
import type { Subscription } from '../../server/live/protocol.ts';
import { startTestApp, type TestServer } from '../helpers/app.ts';
import { describeEachDb } from '../helpers/db.ts';
import { connectAs, connectLive, extraSites, insertMeeting, joinWithMedia, type LiveClient } from '../helpers/live.ts';
import { eventually } from '../helpers/wait.ts';

interface Site {
  client: LiveClient;
  peerId: string;
  audio: string;
  video: string;
}

/**
 * Receive only what you see (issue #13): 28 communes and the chủ trì send a microphone and a
 * camera each (producers on the real mediasoup worker, created without a browser); one more
 * commune watches. What it may consume is its grid page, the stage and the voices — the server
 * refuses the rest, pauses what leaves its screen and closes what is far off.
 */
describeEachDb('receive only what you see', (kind) => {
  let live: TestServer;
  const clients: LiveClient[] = [];
  let meetingId: string;
  let chair: Site;
  const sites: Site[] = [];
  let viewer: LiveClient;
  let spare: { username: string; cookie: string };
  let viewerId: string;
  let caps: NonNullable<Awaited<ReturnType<typeof joinWithMedia>>['joined']['routerRtpCapabilities']>;

  const viewerMedia = () => live.app.live.get(meetingId)!.peers.get(viewerId)!.localMedia!;
  const consumerOf = (producerId: string) => [...viewerMedia().consumers.values()].find((c) => c.producerId === producerId);
  const flowing = (kindOf: 'audio' | 'video') => [...viewerMedia().consumers.values()].filter((c) => c.kind === kindOf && !c.paused).map((c) => c.producerId).sort();
  const held = (kindOf: 'audio' | 'video') => [...viewerMedia().consumers.values()].filter((c) => c.kind === kindOf).map((c) => c.producerId).sort();
  const cameras = (from: number, to: number) => sites.slice(from, to).map((s) => s.video);
  const sorted = (ids: string[]) => [...ids].sort();

  /** Consumes (and acknowledges) what the subscription holds and the viewer does not have yet, as the browser does. */
  async function consumeAll(sub: Subscription): Promise<void> {
    for (const producerId of [...sub.video, ...sub.audio]) {
      if (consumerOf(producerId)) continue;
      const c = await viewer.call('consume', { producerId, rtpCapabilities: caps });
      await viewer.call('resumeConsumer', { consumerId: c.consumerId });
    }
  }

  beforeAll(async () => {
    live = await startTestApp({ kind, listen: true, mediaWorkers: 1 });
    const extra = await extraSites(live.db, 30, 'see');
    meetingId = (await insertMeeting(live.db, { invitees: extra.map((e) => ({ bodyId: e.bodyId })) })).id;
    const join = async (client: LiveClient): Promise<Site> => {
      clients.push(client);
      const m = await joinWithMedia(client, meetingId, { audio: true, video: true });
      return { client, peerId: m.joined.peerId, audio: m.audio!, video: m.video! };
    };
    chair = await join(await connectAs(live, 'vp.hatinh'));
    for (const e of extra.slice(0, 28)) sites.push(await join(await connectLive(live.url, e.cookie, e.username)));
    const last = extra[28]!;
    spare = extra[29]!;
    viewer = await connectLive(live.url, last.cookie, last.username);
    clients.push(viewer);
    const m = await joinWithMedia(viewer, meetingId);
    viewerId = m.joined.peerId;
    caps = m.joined.routerRtpCapabilities!;
    // It is told of the chủ trì, of the few sites heard by all while the meeting had few microphones
    // (at most the six slots and one), and of the sites of its first page — not of all 29 cameras.
    const told = m.joined.producers.map((p) => p.producerId);
    expect(told).toEqual(expect.arrayContaining([chair.audio, chair.video]));
    expect(told.length).toBeLessThanOrEqual(2 * 7);
    expect(told.filter((id) => ![chair, ...sites.slice(0, 7)].some((s) => s.audio === id || s.video === id))).toEqual([]);
    expect(m.joined.grid).toMatchObject({ page: 0, pageSize: 9, sites: 28, peerIds: sites.slice(0, 9).map((s) => s.peerId), forget: [] });
    expect(sorted(m.joined.grid!.producers.map((p) => p.producerId))).toEqual(sorted(sites.slice(0, 9).flatMap((s) => [s.audio, s.video])));
  }, 180_000);

  afterAll(async () => {
    for (const c of clients) c.close();
    await live?.close();
  });

  it('before it asks for a page, a site may consume the first page and the chủ trì, and no other camera', async () => {
    const sub = await viewer.next('subscription', () => true, { past: true });
    // The chủ trì on the stage, then the first nine sites of the grid (cameras in the order they came; chairs are pinned, not paged).
    expect(sorted(sub.video)).toEqual(sorted([chair.video, ...cameras(0, 9)]));
    // 29 microphones are more than the six slots: only those who may speak — the chủ trì.
    expect(sub.audio).toEqual([chair.audio]);
    expect(await viewer.refused('consume', { producerId: sites[20]!.video, rtpCapabilities: caps })).toBe('forbidden');
    expect(await viewer.refused('consume', { producerId: sites[20]!.audio, rtpCapabilities: caps })).toBe('forbidden');
  });

  it('a page of 9 is 9 cameras and the stage; a camera of another page is refused', async () => {
    const { subscription: sub, peerIds } = await viewer.call('showPage', { page: 0, pageSize: 9, gridLayer: 0 });
    expect(peerIds).toEqual(sites.slice(0, 9).map((s) => s.peerId));
    expect(sorted(sub.video)).toEqual(sorted([chair.video, ...cameras(0, 9)]));
    await consumeAll(sub);
    expect(flowing('video')).toEqual(sorted([chair.video, ...cameras(0, 9)]));
    expect(flowing('audio')).toEqual([chair.audio]);
    const error = await viewer.call('consume', { producerId: sites[15]!.video, rtpCapabilities: caps }).catch((err: Error) => err.message);
    expect(error).toMatch(/^forbidden: .*không có trên màn hình/);
    // A page is at most 25 tiles: asking for more is refused by the schema.
    expect(await viewer.refused('showPage', { page: 0, pageSize: 26 })).toBe('invalid_input');
  });

  it('flipping the page moves the consumers: the old page paused, then closed when two pages away; back is instant', async () => {
    const shown2 = await viewer.call('showPage', { page: 1, pageSize: 9, gridLayer: 0 });
    expect(shown2.peerIds).toEqual(sites.slice(9, 18).map((s) => s.peerId));
    // The sites of the first page are forgotten, but those every site hears of (heard while the microphones were few).
    const room = live.app.live.get(meetingId)!;
    const forgotten = sites.slice(0, 9).filter((s) => !room.peers.get(s.peerId)!.featured).map((s) => s.peerId);
    expect(forgotten.length).toBeGreaterThan(0);
    expect(sorted(shown2.forget)).toEqual(sorted(forgotten));
    const page2 = shown2.subscription;
    await consumeAll(page2);
    expect(flowing('video')).toEqual(sorted([chair.video, ...cameras(9, 18)]));
    // Page 1 is paused at the server, kept for a quick flip back.
    expect(held('video')).toEqual(sorted([chair.video, ...cameras(0, 18)]));
    const page1Consumers = cameras(0, 9).map((id) => consumerOf(id)!.id);
    const page2Consumers = cameras(9, 18).map((id) => consumerOf(id)!.id);

    const closed = page1Consumers.map((consumerId) => viewer.next('consumerClosed', (e) => e.consumerId === consumerId));
    const { subscription: page3 } = await viewer.call('showPage', { page: 2, pageSize: 9, gridLayer: 0 });
    await consumeAll(page3);
    await Promise.all(closed);
    expect(flowing('video')).toEqual(sorted([chair.video, ...cameras(18, 27)]));
    // Two pages away: page 1 is closed; page 2 is kept paused.
    expect(held('video')).toEqual(sorted([chair.video, ...cameras(9, 27)]));

    const { subscription: back } = await viewer.call('showPage', { page: 1, pageSize: 9, gridLayer: 0 });
    expect(back.video.filter((id) => !consumerOf(id))).toEqual([]);
    expect(flowing('video')).toEqual(sorted([chair.video, ...cameras(9, 18)]));
    expect(cameras(9, 18).map((id) => consumerOf(id)!.id)).toEqual(page2Consumers);
  });

  it('the floor holder is seen and heard while it holds the floor, and dropped when it ends', async () => {
    const holder = sites[27]!;
    // The meeting started by itself: its time has come and the chủ trì is in the room.
    await eventually(() => live.app.live.get(meetingId)!.started, 10_000, 'meeting started');
    const granted = viewer.next('subscription', (s) => s.audio.includes(holder.audio));
    await chair.client.call('floor:grant', { peerId: holder.peerId });
    const sub = await granted;
    expect(sub.video).toContain(holder.video);
    expect(sorted(sub.audio)).toEqual(sorted([chair.audio, holder.audio]));
    await consumeAll(sub);
    expect(flowing('audio')).toEqual(sorted([chair.audio, holder.audio]));
    expect(flowing('video')).toContain(holder.video);

    const ended = viewer.next('subscription', (s) => !s.audio.includes(holder.audio));
    await chair.client.call('floor:revoke', {});
    const after = await ended;
    expect(after.video).not.toContain(holder.video);
    await eventually(() => consumerOf(holder.audio)?.paused && consumerOf(holder.video)?.paused, 10_000, 'the former holder paused');
    expect(flowing('audio')).toEqual([chair.audio]);
    expect(await viewer.refused('consume', { producerId: holder.audio, rtpCapabilities: caps })).toBe('forbidden');
  });

  it('in open discussion the last three speakers are heard, with the chủ trì', async () => {
    const room = live.app.live.get(meetingId)!;
    // What the router's audio-level observer reports as each site speaks in turn.
    for (const s of sites.slice(3, 7)) room.emitAll('activeSpeaker', { peerId: s.peerId });
    const sub = await viewer.next('subscription', (x) => x.audio.includes(sites[6]!.audio) && !x.audio.includes(sites[3]!.audio));
    expect(sorted(sub.audio)).toEqual(sorted([chair.audio, sites[4]!.audio, sites[5]!.audio, sites[6]!.audio]));
    // The active speaker is on the stage too.
    expect(sub.video).toContain(sites[6]!.video);
    await consumeAll(sub);
    expect(flowing('audio')).toEqual(sorted(sub.audio));
    // At no time did the viewer hold more than the stage and two pages of cameras, or the six microphone slots.
    expect(held('video').length).toBeLessThanOrEqual(3 + 2 * 9);
    expect(held('audio').length).toBeLessThanOrEqual(6 + 3);
  });

  it('an arrival touches its own subscription only; a camera that goes from a told page reaches the sites showing it', async () => {
    const applied = vi.spyOn(MediaPeer.prototype, 'applyView');
    try {
      const newcomer = await connectLive(live.url, spare.cookie, spare.username);
      clients.push(newcomer);
      const joined = await newcomer.call('join', { meetingId, siteSessionId: 'spare-site' });
      await newcomer.next('subscription', () => true, { past: true });
      await new Promise((r) => setTimeout(r, REFRESH_GAP_MS * 4));
      // Past the first page and without a camera: nobody else's screen changed, so nobody else's consumers were looked at.
      expect(applied.mock.contexts.map((media) => (media as MediaPeer).peerId)).toEqual([joined.peerId]);
    } finally {
      applied.mockRestore();
    }
    // The viewer shows page 2; a site there stops its camera: the viewer's subscription drops it, other sites' stay.
    const shown = sites[10]!;
    await viewer.call('showPage', { page: 1, pageSize: 9, gridLayer: 0 });
    const dropped = viewer.next('subscription', (s) => !s.video.includes(shown.video));
    await shown.client.call('closeProducer', { producerId: shown.video });
    const after = await dropped;
    expect(after.video).toEqual(expect.arrayContaining(cameras(9, 18).filter((id) => id !== shown.video)));
  });

  it('a camera its site turns off leaves every subscription until it is turned on again', async () => {
    const shown = sites[11]!;
    await viewer.call('showPage', { page: 1, pageSize: 9, gridLayer: 0 });
    const off = viewer.next('subscription', (s) => !s.video.includes(shown.video));
    await shown.client.call('pauseProducer', { producerId: shown.video });
    await off;
    expect(await viewer.refused('consume', { producerId: shown.video, rtpCapabilities: caps })).toBe('forbidden');
    const on = viewer.next('subscription', (s) => s.video.includes(shown.video));
    await shown.client.call('resumeProducer', { producerId: shown.video });
    expect((await on).video).toContain(shown.video);
  });
});

