import { describe, expect, it } from 'vitest';
import { applyGridPage, type GridHost } from '../../client/src/live/grid-page.ts';
import type { GridPage, PeerInfo, ProducerInfo } from '../../client/src/live/protocol.ts';
import { initialState, type Part } from '../../client/src/live/state.ts';

const site = (id: string, role: PeerInfo['role'] = 'participant'): PeerInfo => ({
  peerId: id, userId: `u-${id}`, siteId: `s-${id}`, siteName: `Xã ${id}`, displayName: id, declaredName: null, role, state: 'admitted', receiveMode: 'full', connected: true,
});
const camera = (peerId: string, paused = false): ProducerInfo => ({ producerId: `cam-${peerId}`, peerId, kind: 'video', source: 'camera', paused });
const mic = (peerId: string): ProducerInfo => ({ producerId: `mic-${peerId}`, peerId, kind: 'audio', source: 'mic', paused: false });

/** A host with a stand-in engine: which consumers were dropped, which producers are this site's own, which are received. */
function host() {
  const state = initialState('m');
  state.self = { peerId: 'me', siteId: 's-me', siteName: 'Xã me', role: 'participant', displayName: 'me', declaredName: null };
  const dropped: string[] = [];
  const marked = new Set<Part>();
  const received = new Map<string, { info: ProducerInfo }>();
  const engine = {
    ownsProducer: (producerId: string) => (producerId === 'cam-me' ? ('camera' as const) : null),
    remote: (producerId: string) => received.get(producerId) as never,
    dropConsumer: ({ producerId }: { producerId?: string }) => {
      if (producerId) dropped.push(producerId);
      return null;
    },
  };
  const h: GridHost = { state, engine, mark: (...parts) => parts.forEach((p) => marked.add(p)) };
  return { h, state, dropped, marked, received };
}

const page = (over: Partial<GridPage>): GridPage => ({ page: 0, pageSize: 9, sites: 0, peerIds: [], peers: [], producers: [], forget: [], ...over });

/** A summary roster hears of the grid's sites through its pages only (issue #13): what a page brings is known, what it forgets is dropped. */
describe('applying a page of the grid', () => {
  it('makes the page\'s sites and their producers known, not this site\'s own', () => {
    const { h, state, marked } = host();
    applyGridPage(h, page({ peerIds: ['a', 'b'], peers: [site('a'), site('b'), site('me')], producers: [camera('a'), mic('b'), camera('me')], sites: 2 }));
    expect([...state.peers.keys()]).toEqual(['a', 'b']);
    expect([...state.producers.keys()]).toEqual(['cam-a', 'mic-b']);
    expect(state.grid).toMatchObject({ page: 0, peerIds: ['a', 'b'], sites: 2 });
    expect(marked).toEqual(new Set(['peers', 'producers', 'layout']));
  });

  it('forgets the sites it lists as peerLeft would: their row, their producers and their consumers', () => {
    const { h, state, dropped } = host();
    for (const p of [site('chair', 'chair'), site('a'), site('b'), site('c')]) state.peers.set(p.peerId, p);
    for (const p of [camera('chair'), camera('a'), mic('a'), camera('b'), camera('c')]) state.producers.set(p.producerId, p);
    state.activeSpeaker = 'a';
    applyGridPage(h, page({ page: 1, peerIds: ['c', 'd'], peers: [site('c'), site('d')], producers: [camera('c'), camera('d')], forget: ['a', 'b', 'me'] }));
    expect([...state.peers.keys()].sort()).toEqual(['c', 'chair', 'd']);
    expect([...state.producers.keys()].sort()).toEqual(['cam-c', 'cam-chair', 'cam-d']);
    expect(dropped.sort()).toEqual(['cam-a', 'cam-b', 'mic-a']);
    expect(state.activeSpeaker).toBeNull();
    expect(state.grid?.page).toBe(1);
  });

  it('updates what a received producer\'s tile shows (paused while its site was not heard of)', () => {
    const { h, state, received } = host();
    received.set('cam-a', { info: camera('a') });
    applyGridPage(h, page({ peerIds: ['a'], peers: [site('a')], producers: [camera('a', true)] }));
    expect(state.producers.get('cam-a')?.paused).toBe(true);
    expect(received.get('cam-a')?.info.paused).toBe(true);
  });
});
