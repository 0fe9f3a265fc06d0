import { Forbidden, NotFound } from '../../lib/errors.ts';
import { handler } from '../dispatcher.ts';
import { mediaOf } from './transport.ts';

const chairMuted = () =>
  new Forbidden('Chủ trì đang tắt micrô của bạn; hãy đăng ký phát biểu. / The chair has muted you; request the floor to speak.');

/**
 * produce: a microphone that may not be open now (someone else holds the floor, or the chair
 * muted this peer) is created paused, and everyone, the peer included, is told it is paused by the chair.
 */
export const produce = handler('produce', 'admitted', async (ctx, p) => {
  const { live, peer } = ctx;
  const byChair = p.kind === 'audio' && !live.isMicAllowed(peer);
  const producer = await mediaOf(ctx).produce(p.transportId, p.kind, p.rtpParameters, p.source, byChair);
  // A camera puts its site among the first of the grid (grid-order.ts).
  if (p.source === 'camera') live.grid.cameraOn(peer.peerId, producer.id);
  live.emitAbout(peer, 'except', 'newProducer', { producerId: producer.id, peerId: peer.peerId, kind: producer.kind, source: p.source, paused: producer.paused });
  if (byChair) live.emitAbout(peer, 'to', 'producerPaused', { producerId: producer.id, peerId: peer.peerId, byChair: true });
  return { producerId: producer.id };
});

export const closeProducer = handler('closeProducer', 'admitted', async (ctx, p) => {
  await mediaOf(ctx).closeProducer(p.producerId);
  return {};
});

export const pauseProducer = handler('pauseProducer', 'admitted', async (ctx, p) => {
  if (await mediaOf(ctx).pauseProducer(p.producerId, false)) {
    ctx.live.emitAbout(ctx.peer, 'to', 'producerPaused', { producerId: p.producerId, peerId: ctx.peer.peerId, byChair: false });
  }
  return {};
});

/** resumeProducer: a peer reopens its own microphone only when the chair and the floor allow it. */
export const resumeProducer = handler('resumeProducer', 'admitted', async (ctx, p) => {
  const media = mediaOf(ctx);
  const producer = media.producers.get(p.producerId);
  if (!producer) throw new NotFound(`Producer ${p.producerId}`);
  if (producer.kind === 'audio' && !ctx.live.isMicAllowed(ctx.peer)) throw chairMuted();
  if (await media.resumeProducer(p.producerId, false)) {
    ctx.live.emitAbout(ctx.peer, 'to', 'producerResumed', { producerId: p.producerId, peerId: ctx.peer.peerId, byChair: false });
  }
  return {};
});
