import { Conflict, NotFound } from '../../lib/errors.ts';
import { handler, type PeerContext } from '../dispatcher.ts';
import { pauseMics } from '../mics.ts';

function target({ live }: PeerContext, peerId: string) {
  const peer = live.peers.get(peerId);
  if (!peer) throw new NotFound(`Peer ${peerId}`);
  return peer;
}

/** admit: a site waiting in the lobby comes in. */
export const admit = handler('admit', 'chair', async (ctx, p) => {
  const peer = target(ctx, p.peerId);
  if (!ctx.live.lobby.has(peer)) throw new Conflict('Điểm cầu này không ở phòng chờ. / This site is not waiting in the lobby.');
  await ctx.live.admit(peer, true);
  return {};
});

/** mute: the peer's microphone is paused on the server and it may not reopen it until unmuted or given the floor. */
export const mute = handler('mute', 'chair', async (ctx, p) => {
  const peer = target(ctx, p.peerId);
  peer.mutedByChair = true;
  ctx.live.broadcastPaused(await pauseMics(peer));
  ctx.live.peerUpdated(peer);
  return {};
});

/** unmute: lifts the chair's mute; the peer reopens its microphone itself (nobody is put on air unasked). */
export const unmute = handler('unmute', 'chair', async (ctx, p) => {
  const peer = target(ctx, p.peerId);
  peer.mutedByChair = false;
  ctx.live.peerUpdated(peer);
  return {};
});

export const muteAll = handler('muteAll', 'chair', async ({ live }) => {
  for (const peer of live.admitted()) {
    if (peer.role === 'chair') continue;
    peer.mutedByChair = true;
    live.broadcastPaused(await pauseMics(peer));
    live.peerUpdated(peer);
  }
  return {};
});

/** remove: the peer is closed and its account refused until this live session ends. */
export const remove = handler('remove', 'chair', async (ctx, p) => {
  const peer = target(ctx, p.peerId);
  if (peer === ctx.peer) throw new Conflict('Không thể tự mời mình ra. / You cannot remove yourself; use leave.');
  ctx.live.removedUsers.add(peer.user.id);
  ctx.live.emitTo(peer, 'removed', { reason: 'chair' });
  await ctx.live.closePeer(peer, 'removed');
  return {};
});

/** lock: nobody new gets in without the chair (new arrivals wait in the lobby; reconnecting sites still return). */
export const lock = handler('lock', 'chair', async ({ live }, p) => {
  if (live.locked !== p.locked) {
    live.locked = p.locked;
    live.emitAll('locked', { locked: p.locked });
  }
  return {};
});

/** start: the waiting room becomes the meeting — status live, attendance counted from now, floor and roll call open. */
export const start = handler('start', 'chair', async (ctx) => {
  if (ctx.live.started) throw new Conflict('Cuộc họp đã bắt đầu. / The meeting has already started.');
  await ctx.live.start({ userId: ctx.peer.user.id, name: ctx.peer.displayName });
  return {};
});

export const end = handler('end', 'chair', async (ctx) => {
  await ctx.live.end(ctx.peer.user.id);
  return {};
});
