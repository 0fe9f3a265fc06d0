import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SiteCountsNews, PRESENCE_TICK_MS } from '../../server/live/site-counts.ts';
import { sessionCookie, startTestApp, type TestServer } from '../helpers/app.ts';
import { connectLive, extraSites, fakeRtpParameters, insertMeeting, type LiveClient } from '../helpers/live.ts';

/**
 * What a site hears of the others (issue #13: every arrival announced to every site made the
 * national meeting's signalling quadratic). The chủ trì sees every site come and go; an invited
 * site sees the chủ trì, the sites of its grid page (grid-news.test.ts pages past the first), and
 * the room's counts, sent at most once a tick.
 */
describe('roster views', () => {
  let live: TestServer;
  const clients: LiveClient[] = [];
  let sites: { username: string; bodyId: string; cookie: string }[];
  let chairCookie: string;

  beforeAll(async () => {
    live = await startTestApp({ listen: true, mediaWorkers: 1 });
    sites = await extraSites(live.db, 4, 'roster');
    chairCookie = await sessionCookie(live.app, 'vp.hatinh');
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.close();
  });
  afterAll(() => live?.close());

  const connect = async (cookie: string, name: string) => {
    const c = await connectLive(live.url, cookie, name);
    clients.push(c);
    return c;
  };

  it('tells the chủ trì every arrival, and a site the counts and the sites of its grid page', async () => {
    const meeting = await insertMeeting(live.db, { invitees: sites.map((s) => ({ bodyId: s.bodyId })) });
    const chair = await connect(chairCookie, 'vp.hatinh');
    const chairJoin = await chair.join(meeting.id);
    expect(chairJoin.roster).toBe('full');
    const [first, ...others] = await Promise.all(sites.map((s) => connect(s.cookie, s.username)));
    const firstJoin = await first!.join(meeting.id, { headcount: 5 });
    expect(firstJoin).toMatchObject({ roster: 'summary', presence: { sites: 2, people: 5 } });
    expect(firstJoin.peers.map((p) => p.peerId)).toEqual([chairJoin.peerId]);

    const arrivals = await Promise.all(others.map((c, i) => c.join(meeting.id, { headcount: i + 1 })));
    // 2 + 3 sites, 5 + 1 + 2 + 3 people: the counts reach the first site.
    await first!.next('presence', (p) => p.sites === 5 && p.people === 11, { past: true });
    for (const a of arrivals) {
      expect(a.peers.map((p) => p.peerId)).toEqual([chairJoin.peerId]);
      await chair.next('peerJoined', (p) => p.peerId === a.peerId, { past: true });
    }
    // The arrivals are not announced to it: they come on its page of the grid (all four fit on the first).
    expect(first!.events.filter((e) => e.name === 'peerJoined')).toEqual([]);
    const page = await first!.next('gridPage', (p) => p.peerIds.length === 3, { past: true });
    expect(page.peerIds.sort()).toEqual(arrivals.map((a) => a.peerId).sort());
    // The chủ trì counts the sites from its roster: the counts are not sent to it as well.
    expect(chair.events.filter((e) => e.name === 'presence')).toEqual([]);

    // A site's media reaches the sites showing it; its departure too.
    const speaker = others[0]!;
    const produced = first!.next('newProducer', (p) => p.peerId === arrivals[0]!.peerId);
    const send = await speaker.call('createTransport', { direction: 'send' });
    await speaker.call('produce', { transportId: send.id, kind: 'audio', rtpParameters: fakeRtpParameters('audio'), source: 'mic' });
    await produced;
    const left = first!.next('peerLeft', (p) => p.peerId === arrivals[0]!.peerId);
    speaker.close();
    await left;
    others[1]!.close();
    await first!.next('presence', (p) => p.sites === 3, { past: true });
    await chair.next('peerLeft', (p) => p.peerId === arrivals[1]!.peerId, { past: true });
    // Its page is cut again without them: only the last site is left on it.
    await first!.next('gridPage', (p) => p.peerIds.length === 1 && p.peerIds[0] === arrivals[2]!.peerId, { past: true });

    // A site's own changes reach it, and the sites whose page shows it (the last site's first page shows the first site).
    const own = first!.next('peerUpdated', (p) => p.peerId === firstJoin.peerId && p.headcount === 9);
    const shown = others[2]!.next('peerUpdated', (p) => p.peerId === firstJoin.peerId && p.headcount === 9);
    await first!.call('declareHeadcount', { count: 9 });
    await Promise.all([own, shown]);
    await first!.next('presence', (p) => p.people === 9 + 3, { past: true });
  });

  it('sends the counts once per tick however many changes came in it', async () => {
    const sent: number[] = [];
    let value = 0;
    const news = new SiteCountsNews(() => ({ sites: value, people: 0 }), (c) => sent.push(c.sites));
    for (value = 1; value <= 100; value++) news.changed();
    await new Promise((r) => setTimeout(r, PRESENCE_TICK_MS * 3));
    expect(sent).toEqual([101]);
    // Unchanged counts are not sent again.
    news.changed();
    await new Promise((r) => setTimeout(r, PRESENCE_TICK_MS * 3));
    expect(sent).toEqual([101]);
    news.stop();
  });
});
