import { describe, expect, it } from 'vitest';
import { planGrid } from '../../client/src/live/grid.ts';
import type { PeerInfo } from '../../client/src/live/protocol.ts';
import { emptyFloor } from '../../client/src/live/state.ts';

const site = (n: number, role: PeerInfo['role'] = 'participant'): PeerInfo => ({
  peerId: `p${n}`, userId: `u${n}`, siteId: `s${n}`, siteName: `Xã ${String.fromCharCode(65 + n)}`, displayName: `Người ${n}`,
  declaredName: null, role, state: 'admitted', receiveMode: 'full', connected: true,
});

function state(peers: PeerInfo[], page: number, pageSize: number, holder: string | null = null, cameras: string[] = []) {
  return {
    peers: new Map(peers.map((p) => [p.peerId, p])),
    producers: new Map(cameras.map((peerId) => [`cam-${peerId}`, { producerId: `cam-${peerId}`, peerId, kind: 'video' as const, source: 'camera' as const, paused: false }])),
    self: { peerId: 'me', siteId: 'me', siteName: 'Bạn', role: 'participant' as const, displayName: 'Tôi', declaredName: null },
    floor: { ...emptyFloor(), holderPeerId: holder },
    page,
    pageSize,
  };
}

/** Which sites a page shows decides what a site receives (the server is told the page): it must be stable and bounded. */
describe('grid pages of the live stage', () => {
  const chair = { ...site(20, 'chair'), siteName: 'Văn phòng UBND tỉnh' };
  const sites = [chair, ...Array.from({ length: 12 }, (_, i) => site(i))].reverse();

  it('pins the chủ trì and cuts the other sites, sorted by name, into pages', () => {
    const first = planGrid(state(sites, 0, 4));
    expect(first.pinned.map((p) => p.peerId)).toEqual(['p20']);
    expect(first.page.map((p) => p.siteName)).toEqual(['Xã A', 'Xã B', 'Xã C', 'Xã D']);
    expect(first).toMatchObject({ pageIndex: 0, pages: 3, elsewhere: 8 });
    expect(planGrid(state(sites, 2, 4)).page.map((p) => p.siteName)).toEqual(['Xã I', 'Xã J', 'Xã K', 'Xã L']);
  });

  it('keeps the page within the pages there are, and never shows the site itself', () => {
    const withSelf = [...sites, { ...site(30), peerId: 'me' }];
    const plan = planGrid(state(withSelf, 7, 9));
    expect(plan).toMatchObject({ pageIndex: 1, pages: 2 });
    expect(plan.page.map((p) => p.peerId)).not.toContain('me');
    expect(planGrid(state([], 3, 9))).toMatchObject({ pageIndex: 0, pages: 1, page: [], pinned: [] });
  });

  it('pins the floor holder while its page is not shown, without moving the pages', () => {
    const holderOnPage3 = 'p9';
    const plan = planGrid(state(sites, 0, 4, holderOnPage3));
    expect(plan.pinned.map((p) => p.peerId)).toEqual(['p20', holderOnPage3]);
    expect(plan.page.map((p) => p.siteName)).toEqual(['Xã A', 'Xã B', 'Xã C', 'Xã D']);
    expect(plan.elsewhere).toBe(7);
    const own = planGrid(state(sites, 2, 4, holderOnPage3));
    expect(own.pinned.map((p) => p.peerId)).toEqual(['p20']);
    expect(own.page.map((p) => p.peerId)).toContain(holderOnPage3);
  });

  it('puts the sites that send a camera on the first pages, each group sorted by name', () => {
    // A national meeting: hundreds of sites, a few with a camera; page 1 shows those that can be seen.
    const plan = planGrid(state(sites, 0, 4, null, ['p11', 'p3', 'p7']));
    expect(plan.page.map((p) => p.siteName)).toEqual(['Xã D', 'Xã H', 'Xã L', 'Xã A']);
    expect(planGrid(state(sites, 1, 4, null, ['p11', 'p3', 'p7'])).page.map((p) => p.siteName)).toEqual(['Xã B', 'Xã C', 'Xã E', 'Xã F']);
  });
});
