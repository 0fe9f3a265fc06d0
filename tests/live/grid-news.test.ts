import { afterAll, beforeAll, expect, it } from 'vitest';
import { REFRESH_GAP_MS } from '../../server/live/subscription.ts';
import { startTestApp, type TestServer } from '../helpers/app.ts';
import { describeEachDb } from '../helpers/db.ts';
import { connectAs, connectLive, extraSites, insertMeeting, joinWithMedia, type LiveClient } from '../helpers/live.ts';
import { eventually } from '../helpers/wait.ts';

interface Site {
  client: LiveClient;
  peerId: string;
}

const settle = () => new Promise((r) => setTimeout(r, REFRESH_GAP_MS * 6));

/**
 * A site hears only of the sites it shows (issue #13): the server keeps the grid's order and
 * cuts each site's page; a commune is told of the chủ trì, of the sites on the stage and of
 * those on its page — not of every arrival, camera or headcount in a meeting of 3,356 sites.
 */
describeEachDb('the grid is paged by the server; a site hears of its page only', (kind) => {
  let live: TestServer;
  let meetingId: string;
  let chair: Site;
  const sites: Site[] = [];
  const clients: LiveClient[] = [];
  let extra: Awaited<ReturnType<typeof extraSites>>;
  const ids = (from: number, to: number) => sites.slice(from, to).map((s) => s.peerId);
  /** The events a client received since `mark` (an index into its log). */
  const since = (c: LiveClient, mark: number) => c.events.slice(mark).map((e) => e.name);

  async function join(i: number): Promise<Site> {
    const client = await connectLive(live.url, extra[i]!.cookie, extra[i]!.username);
    clients.push(client);
    const joined = await client.join(meetingId);
    return { client, peerId: joined.peerId };
  }

  beforeAll(async () => {
    live = await startTestApp({ kind, listen: true, mediaWorkers: 1 });
    extra = await extraSites(live.db, 14, 'grid');
    meetingId = (await insertMeeting(live.db, { invitees: extra.map((e) => ({ bodyId: e.bodyId })) })).id;
    const chairClient = await connectAs(live, 'vp.hatinh');
    clients.push(chairClient);
    const m = await joinWithMedia(chairClient, meetingId, { audio: true, video: true });
    chair = { client: chairClient, peerId: m.joined.peerId };
    for (let i = 0; i < 12; i++) sites.push(await join(i));
  }, 120_000);

  afterAll(async () => {
    for (const c of clients) c.close();
    await live?.close();
  });

  it('a join is told the chủ trì and its first page; the chủ trì is pinned, not paged', async () => {
    const last = await join(12);
    const joined = last.client.events.length;
    const result = await last.client.call('showPage', { page: 0, pageSize: 9 });
    expect(result).toMatchObject({ page: 0, pageSize: 9, sites: 12, peerIds: ids(0, 9), forget: [] });
    expect(result.peers.map((p) => p.peerId)).toEqual(ids(0, 9));
    // Page 2 holds the rest; a page past the end shows the last one.
    expect((await last.client.call('showPage', { page: 1, pageSize: 9 })).peerIds).toEqual(ids(9, 12));
    expect((await last.client.call('showPage', { page: 7, pageSize: 9 })).page).toBe(1);
    // The first site's page skips itself.
    expect((await sites[0]!.client.call('showPage', { page: 0, pageSize: 9 })).peerIds).toEqual(ids(1, 10));
    expect(since(last.client, joined)).not.toContain('peerJoined');
    sites.push(last);
  });

  it('an arrival off every page is told to the staff and counted, and no site hears more of it', async () => {
    await sites[12]!.client.call('showPage', { page: 0, pageSize: 9 });
    await settle();
    const marks = sites.map((s) => s.client.events.length);
    const chairMark = chair.client.events.length;
    const newcomer = await join(13);
    await eventually(() => sites[0]!.client.events.slice(marks[0]).some((e) => e.name === 'presence'), 10_000, 'the counts reached a site');
    await settle();
    // Every site showing the first page (nine seats filled before it came) heard only the new counts.
    for (const [i, s] of sites.entries()) expect(new Set(since(s.client, marks[i]!)), `site ${i}`).toEqual(new Set(['presence']));
    await chair.client.next('peerJoined', (p) => p.peerId === newcomer.peerId, { past: true });
    expect(chair.client.events.slice(chairMark).some((e) => e.name === 'gridPage')).toBe(false);
    sites.push(newcomer);
  });

  it('a change of a site reaches the sites that show it, not those on another page', async () => {
    const onPage2 = sites[12]!;
    await onPage2.client.call('showPage', { page: 1, pageSize: 9 });
    const shown = sites[3]!;
    const mark1 = sites[0]!.client.events.length;
    const mark2 = onPage2.client.events.length;
    await shown.client.call('declareHeadcount', { count: 7 });
    const seen = await sites[0]!.client.next('peerUpdated', (p) => p.peerId === shown.peerId && p.headcount === 7, { past: true });
    expect(seen.headcount).toBe(7);
    await settle();
    expect(sites[0]!.client.events.slice(mark1).filter((e) => e.name === 'peerUpdated')).toHaveLength(1);
    expect(onPage2.client.events.slice(mark2).some((e) => e.name === 'peerUpdated')).toBe(false);
  });

  it('a site that leaves moves the pages after it: their viewers get their page again and forget it', async () => {
    const gone = sites[2]!;
    const viewer = sites[0]!;
    const moved = viewer.client.next('gridPage', (p) => !p.peerIds.includes(gone.peerId));
    const page2 = sites[12]!.client.next('gridPage', () => true);
    gone.client.call('leave', {}).catch(() => {});
    const page = await moved;
    expect(page.peerIds).toEqual([...ids(1, 2), ...ids(3, 11)]);
    expect(page.forget).toEqual([gone.peerId]);
    // The site that came on the page is told with its producers.
    expect(page.peers.map((p) => p.peerId)).toContain(sites[10]!.peerId);
    expect((await page2).peerIds).toEqual([...ids(10, 12), sites[13]!.peerId]);
    sites.splice(2, 1);
  });

  it('a site on the stage is told to every site, once', async () => {
    await eventually(() => live.app.live.get(meetingId)!.started, 10_000, 'meeting started');
    // sites[11] is on no page of sites[0] (its first page ends before it).
    const viewer = sites[0]!;
    const holder = sites[11]!;
    expect((await viewer.client.call('showPage', { page: 0, pageSize: 4 })).peerIds).not.toContain(holder.peerId);
    const mark = viewer.client.events.length;
    await chair.client.call('floor:grant', { peerId: holder.peerId });
    const told = await viewer.client.next('peerJoined', (p) => p.peerId === holder.peerId, { past: true });
    expect(told.siteName).toBeTruthy();
    await settle();
    expect(viewer.client.events.slice(mark).filter((e) => e.name === 'peerJoined')).toHaveLength(1);
    // Once on the stage it stays told: a page that drops it does not forget it, the others on that page are.
    const withHolder = await viewer.client.call('showPage', { page: 2, pageSize: 4 });
    expect(withHolder.peerIds).toContain(holder.peerId);
    const back = await viewer.client.call('showPage', { page: 0, pageSize: 4 });
    expect(back.forget.sort()).toEqual(withHolder.peerIds.filter((id) => id !== holder.peerId).sort());
  });
});
