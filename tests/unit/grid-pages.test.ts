import { describe, expect, it } from 'vitest';
import { planGrid } from '../../client/src/live/grid.ts';
import type { GridPage, PeerInfo } from '../../client/src/live/protocol.ts';
import { initialState, type LiveState } from '../../client/src/live/state.ts';

const site = (n: number, role: PeerInfo['role'] = 'participant'): PeerInfo => ({
  peerId: `p${n}`, userId: `u${n}`, siteId: `s${n}`, siteName: `Xã ${String.fromCharCode(65 + n)}`, displayName: `Người ${n}`,
  declaredName: null, role, state: 'admitted', receiveMode: 'full', connected: true,
});

const gridPage = (page: number, pageSize: number, peerIds: string[], sites = 0): GridPage => ({ page, pageSize, sites, peerIds, peers: [], producers: [], forget: [] });

function state(peers: PeerInfo[], options: { page?: number; pageSize?: number; grid?: GridPage | null; holder?: string | null } = {}): LiveState {
  const s = initialState('m');
  s.phase = 'live';
  s.self = { peerId: 'me', siteId: 'me', siteName: 'Bạn', role: 'participant', displayName: 'Tôi', declaredName: null };
  s.peers = new Map(peers.map((p) => [p.peerId, p]));
  s.page = options.page ?? 0;
  s.pageSize = options.pageSize ?? 4;
  s.grid = options.grid ?? null;
  s.floor.holderPeerId = options.holder ?? null;
  return s;
}

/** The server keeps the grid's order and pages (issue #13): the stage shows the page it sent, pins the chairs and the floor holder, and counts the rest. */
describe('grid pages of the live stage', () => {
  const chairs = [{ ...site(20, 'chair'), siteName: 'Văn phòng UBND tỉnh' }, { ...site(21, 'chair'), siteName: 'Sở Nội vụ' }, site(22, 'chair')];
  const sites = Array.from({ length: 12 }, (_, i) => site(i));
  const room = [...chairs, ...sites];

  it('pins two chairs and shows the page the server sent, in its order, without sorting it', () => {
    const serverOrder = ['p7', 'p2', 'p11', 'p0'];
    const plan = planGrid(state(room, { grid: gridPage(0, 4, serverOrder, 12) }));
    expect(plan.pinned.map((p) => p.peerId)).toEqual(['p20', 'p21']);
    expect(plan.page.map((p) => p.peerId)).toEqual(serverOrder);
    // The grid: 15 sites known but this one and the three chairs.
    expect(plan).toMatchObject({ pageIndex: 0, pages: 3, elsewhere: 8 });
  });

  it('shows the page the server answered, not the one asked for, until the answer comes', () => {
    const plan = planGrid(state(room, { page: 2, grid: gridPage(1, 4, ['p4', 'p5', 'p6', 'p8']) }));
    expect(plan.pageIndex).toBe(1);
    expect(plan.page.map((p) => p.peerId)).toEqual(['p4', 'p5', 'p6', 'p8']);
    // Before the first page came: the page asked for, nothing on it.
    expect(planGrid(state(room, { page: 2 }))).toMatchObject({ pageIndex: 2, page: [], pages: 3 });
  });

  it('shows no more sites than a page holds while the answer to a smaller page has not come', () => {
    // The join brings the first page at the server's default size (9); a phone asked for 4.
    const plan = planGrid(state(room, { pageSize: 4, grid: gridPage(0, 9, sites.slice(0, 9).map((p) => p.peerId)) }));
    expect(plan.page.map((p) => p.peerId)).toEqual(['p0', 'p1', 'p2', 'p3']);
    expect(plan).toMatchObject({ pageIndex: 0, pages: 3, elsewhere: 8 });
  });

  it('leaves off the page the sites it does not know, this site, chairs and sites not admitted', () => {
    const waiting = { ...site(5), state: 'lobby' as const };
    const plan = planGrid(state([...chairs, site(1), waiting, site(3)], { grid: gridPage(0, 4, ['p1', 'me', 'p5', 'gone', 'p20', 'p3']) }));
    expect(plan.page.map((p) => p.peerId)).toEqual(['p1', 'p3']);
  });

  it('pins the floor holder while it is not on the page shown', () => {
    const plan = planGrid(state(room, { holder: 'p9', grid: gridPage(0, 4, ['p0', 'p1', 'p2', 'p3']) }));
    expect(plan.pinned.map((p) => p.peerId)).toEqual(['p20', 'p21', 'p9']);
    expect(plan.elsewhere).toBe(7);
    const onPage = planGrid(state(room, { holder: 'p9', grid: gridPage(2, 4, ['p8', 'p9', 'p10', 'p11']) }));
    expect(onPage.pinned.map((p) => p.peerId)).toEqual(['p20', 'p21']);
    expect(onPage.elsewhere).toBe(8);
    // Not this site, not a chair (pinned already), not one it does not know.
    for (const holder of ['me', 'p22', 'p99']) expect(planGrid(state(room, { holder, grid: gridPage(0, 4, ['p0']) })).pinned.map((p) => p.peerId)).toEqual(['p20', 'p21']);
  });

  it('counts the pages of a summary roster from the room\'s counts, not the sites it knows', () => {
    // A commune of a national meeting knows the chairs and its page; the counts say 3,356 sites.
    const s = state([...chairs.slice(0, 2), ...sites.slice(0, 9)], { pageSize: 9, grid: gridPage(0, 9, sites.slice(0, 9).map((p) => p.peerId), 3_000) });
    s.roster = 'summary';
    s.presence = { sites: 3_356, people: 20_000 };
    const plan = planGrid(s);
    // 3,356 but this site and the two chairs: 3,353 sites, 373 pages of 9.
    expect(plan).toMatchObject({ pageIndex: 0, pages: 373, elsewhere: 3_353 - 9 });
    s.presence = { sites: 3, people: 3 };
    expect(planGrid(s)).toMatchObject({ pages: 1, elsewhere: 0 });
  });

  it('keeps the page shown among the pages while the counts say there are fewer', () => {
    const plan = planGrid(state(room, { grid: gridPage(5, 4, ['p0']) }));
    expect(plan).toMatchObject({ pageIndex: 5, pages: 6 });
  });
});
