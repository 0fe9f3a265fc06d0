import { describe, expect, it } from 'vitest';
import type { LivePeer } from '../../server/live/peer.ts';
import { RECEIVE_LIMITS, takePicture, wanted } from '../../server/live/picture.ts';

/** A site as the picture reads it: its role and its camera and microphone producers (the rest of a LivePeer is not read). */
function site(peerId: string, role: 'chair' | 'participant' = 'participant'): LivePeer {
  const producers = new Map(['camera', 'mic'].map((source) => [
    `${peerId}-${source}`, { id: `${peerId}-${source}`, kind: source === 'mic' ? 'audio' : 'video', paused: false, closed: false, appData: { peerId, source, byChair: false } },
  ]));
  return { peerId, role, closed: false, media: { producers } } as unknown as LivePeer;
}
const cameras = (peer: LivePeer, ...args: Parameters<typeof takePicture>) => [...wanted(peer, takePicture(...args), undefined).video.keys()];

/**
 * Which cameras of the stage a site receives without asking (server/live/picture.ts): the floor
 * holder, the active speaker and the chairs its page pins — as many as RECEIVE_LIMITS.chairs, not
 * counting itself (client/src/live/grid.ts pins the same), so no camera is sent that no tile shows.
 */
describe('the stage a site receives', () => {
  const [c1, c2, c3] = [site('c1', 'chair'), site('c2', 'chair'), site('c3', 'chair')];
  const [a, b] = [site('a'), site('b')];
  const order = [c1, c2, c3, a, b];
  const quiet = { floorHolder: null, speaker: null, recent: [] };

  it('sends a commune the two chairs its page pins, not a third chair', () => {
    expect(RECEIVE_LIMITS.chairs).toBe(2);
    expect(cameras(a, order, quiet)).toEqual(['c1-camera', 'c2-camera']);
  });

  it('sends a chair the other two chairs (itself not counted)', () => {
    expect(cameras(c1, order, quiet)).toEqual(['c2-camera', 'c3-camera']);
    expect(cameras(c3, order, quiet)).toEqual(['c1-camera', 'c2-camera']);
  });

  it('sends the floor holder and the active speaker ahead of the chairs, a third chair too when it is the one speaking', () => {
    expect(cameras(a, order, { floorHolder: b, speaker: null, recent: [] })).toEqual(['b-camera', 'c1-camera', 'c2-camera']);
    expect(cameras(a, order, { floorHolder: null, speaker: 'c3', recent: ['c3'] })).toEqual(['c3-camera', 'c1-camera', 'c2-camera']);
    // The stage holds three: the holder, the speaker and one chair.
    expect(cameras(c1, order, { floorHolder: b, speaker: 'a', recent: ['a'] })).toEqual(['b-camera', 'a-camera', 'c2-camera']);
  });
});
