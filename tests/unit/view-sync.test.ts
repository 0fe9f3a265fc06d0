import { describe, expect, it } from 'vitest';
import { JoinTimeline } from '../../client/src/live/join-timeline.ts';
import type { MediaEngine } from '../../client/src/live/media.ts';
import type { GridPage, Methods, PeerInfo, ProducerInfo } from '../../client/src/live/protocol.ts';
import { initialState } from '../../client/src/live/state.ts';
import { ViewSync, type ViewHost } from '../../client/src/live/view-sync.ts';

type Answer = Methods['showPage']['res'];
const site = (id: string): PeerInfo => ({
  peerId: id, userId: `u-${id}`, siteId: `s-${id}`, siteName: `Xã ${id}`, displayName: id, declaredName: null, role: 'participant', state: 'admitted', receiveMode: 'full', connected: true,
});
const camera = (peerId: string): ProducerInfo => ({ producerId: `cam-${peerId}`, peerId, kind: 'video', source: 'camera', paused: false });

/** A session stand-in whose showPage calls wait until the test answers them. */
function session() {
  const state = initialState('m');
  state.phase = 'live';
  state.self = { peerId: 'me', siteId: 's-me', siteName: 'Xã me', role: 'participant', displayName: 'me', declaredName: null };
  const calls: { request: Methods['showPage']['req']; answer: (data: Answer) => void }[] = [];
  const consumed: string[] = [];
  const engine = {
    ownsProducer: () => null,
    remote: () => undefined,
    dropConsumer: () => null,
    consume: (info: ProducerInfo) => {
      consumed.push(info.producerId);
      return Promise.resolve(null);
    },
  } as unknown as MediaEngine;
  const host: ViewHost = {
    state,
    engine,
    entering: null,
    timeline: new JoinTimeline(),
    mark: () => {},
    canReceive: () => true,
    request: (<M extends keyof Methods>(method: M, payload: Methods[M]['req']) => {
      expect(method).toBe('showPage');
      return new Promise<Answer>((answer) => calls.push({ request: payload as Methods['showPage']['req'], answer }));
    }) as ViewHost['request'],
  };
  return { state, calls, consumed, view: new ViewSync(host), host };
}

const answer = (page: number, peerIds: string[], over: Partial<GridPage> = {}): Answer => ({
  page, pageSize: 9, sites: 40, peerIds, peers: peerIds.map(site), producers: peerIds.map(camera), forget: [],
  subscription: { video: peerIds.map((id) => `cam-${id}`), audio: [] }, ...over,
});
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** The server keeps the grid's pages (issue #13): the site asks for one page at a time, the latest wins, and shows what the server answers. */
describe('asking the server for a page of the grid', () => {
  it('asks one page at a time, the latest wins, and applies each answer before its subscription', async () => {
    const { state, calls, consumed, view, host } = session();
    view.show(0, 9, 0);
    view.show(1, 9, 0);
    view.show(2, 9, 1);
    expect(calls.map((c) => c.request)).toEqual([{ page: 0, pageSize: 9, gridLayer: 0 }]);
    calls[0]!.answer(answer(0, ['a', 'b']));
    await settle();
    expect(calls.map((c) => c.request)).toEqual([{ page: 0, pageSize: 9, gridLayer: 0 }, { page: 2, pageSize: 9, gridLayer: 1 }]);
    calls[1]!.answer(answer(2, ['c'], { forget: ['a', 'b'] }));
    await settle();
    expect(state.grid).toMatchObject({ page: 2, peerIds: ['c'] });
    expect([...state.peers.keys()]).toEqual(['c']);
    // The producers came with the page, so the subscription that answers it finds them to consume.
    expect(consumed).toEqual(['cam-a', 'cam-b', 'cam-c']);
    expect(host.timeline.steps.viewAnswered).toBeTypeOf('number');
    // The same page again is not asked for.
    view.show(2, 9, 1);
    expect(calls).toHaveLength(2);
  });

  it('takes the page the server kept within the pages there are as the page asked for', async () => {
    const { state, calls, view } = session();
    state.page = 7;
    view.show(7, 9, 0);
    calls[0]!.answer(answer(4, ['x']));
    await settle();
    expect(state.page).toBe(4);
    expect(state.grid?.page).toBe(4);
    // The stage, repainting with the page now asked for, does not ask again.
    view.show(4, 9, 0);
    expect(calls).toHaveLength(1);
  });

  it('tells a new join (or a resumed one) its page again', async () => {
    const { calls, view } = session();
    view.show(1, 16, 0);
    calls[0]!.answer(answer(1, ['a'], { pageSize: 16 }));
    await settle();
    view.reset();
    const resent = view.resend();
    await settle();
    expect(calls.map((c) => c.request)).toEqual([{ page: 1, pageSize: 16, gridLayer: 0 }, { page: 1, pageSize: 16, gridLayer: 0 }]);
    calls[1]!.answer(answer(1, ['a'], { pageSize: 16 }));
    await resent;
  });
});
