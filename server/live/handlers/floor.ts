import { NotFound } from '../../lib/errors.ts';
import { handler } from '../dispatcher.ts';
import { cancelFloor, endFloor, grantFloor } from '../floor-rules.ts';

export const floorRequest = handler('floor:request', 'admitted', async ({ live, peer }) => {
  live.requireStarted();
  live.floor.request(peer);
  live.emitAll('floor', live.floor.state());
  return {};
});

/** floor:cancel withdraws a request, or hands the floor back when held. */
export const floorCancel = handler('floor:cancel', 'admitted', async ({ live, peer }) => {
  await cancelFloor(live, peer);
  return {};
});

/** floor:grant: the holder speaks, everyone but the chair is muted, a time limit ends it by itself. */
export const floorGrant = handler('floor:grant', 'chair', async ({ live, peer: chair }, p) => {
  live.requireStarted();
  const peer = live.peers.get(p.peerId);
  if (!peer || peer.state !== 'admitted') throw new NotFound(`Peer ${p.peerId}`);
  await grantFloor(live, peer, chair, p.limitSeconds);
  return {};
});

export const floorRevoke = handler('floor:revoke', 'chair', async ({ live }) => {
  await endFloor(live, 'chair');
  return {};
});
