import { Forbidden } from '../../lib/errors.ts';
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
  producer.observer.once('close', () => {
    if (!live.closed && !peer.closed) live.emitAll('producerClosed', { producerId: producer.id }, peer);
  });
  live.feature(peer);
  live.emitAll('newProducer', { producerId: producer.id, peerId: peer.peerId, kind: producer.kind, source: p.source, paused: producer.paused }, peer);
  if (byChair) live.emitAll('producerPaused', { producerId: producer.id, peerId: peer.peerId, byChair: true });
  return { producerId: producer.id };
});

export const closeProducer = handler('closeProducer', 'admitted', async (ctx, p) => {
  mediaOf(ctx).producer(p.producerId).close();
  return {};
});

export const pauseProducer = handler('pauseProducer', 'admitted', async (ctx, p) => {
  const producer = mediaOf(ctx).producer(p.producerId);
  if (!producer.paused) {
    await producer.pause();
    producer.appData.byChair = false;
    ctx.live.emitAll('producerPaused', { producerId: producer.id, peerId: ctx.peer.peerId, byChair: false });
  }
  return {};
});

/** resumeProducer: a peer reopens its own microphone only when the chair and the floor allow it. */
export const resumeProducer = handler('resumeProducer', 'admitted', async (ctx, p) => {
  const producer = mediaOf(ctx).producer(p.producerId);
  if (producer.kind === 'audio' && !ctx.live.isMicAllowed(ctx.peer)) throw chairMuted();
  if (producer.paused) {
    producer.appData.byChair = false;
    await producer.resume();
    ctx.live.emitAll('producerResumed', { producerId: producer.id, peerId: ctx.peer.peerId, byChair: false });
  }
  return {};
});
