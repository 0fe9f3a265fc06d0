import { NotFound } from '../../lib/errors.ts';
import { parametersForBrowser } from '../../media/browser-rtp.ts';
import { handler } from '../dispatcher.ts';
import { mediaOf } from './transport.ts';

/**
 * consume: created PAUSED on the server and resumed only on `resumeConsumer`, so no media
 * reaches the browser before its consumer is ready (libmediasoupclient #57). A producer on
 * another router of the meeting is piped to this peer's router first.
 */
export const consume = handler('consume', 'admitted', async (ctx, p) => {
  const owner = ctx.live.admitted().find((other) => other.media?.producers.has(p.producerId));
  const producer = owner?.media?.producers.get(p.producerId);
  if (!owner || !producer) throw new NotFound(`Producer ${p.producerId}`);
  const consumer = await mediaOf(ctx).consume(p.producerId, p.rtpCapabilities, producer.appData.source);
  return {
    consumerId: consumer.id,
    producerId: p.producerId,
    kind: consumer.kind,
    rtpParameters: parametersForBrowser(consumer.rtpParameters),
    type: consumer.type,
    producerPaused: consumer.producerPaused,
  };
});

export const resumeConsumer = handler('resumeConsumer', 'admitted', async (ctx, p) => {
  await mediaOf(ctx).acknowledge(p.consumerId);
  return {};
});

export const setPreferredLayers = handler('setPreferredLayers', 'admitted', async (ctx, p) => {
  const consumer = mediaOf(ctx).consumer(p.consumerId);
  if (consumer.type !== 'simple') {
    await consumer.setPreferredLayers({ spatialLayer: p.spatialLayer, ...(p.temporalLayer === undefined ? {} : { temporalLayer: p.temporalLayer }) });
  }
  return {};
});

/** setReceiveMode: a weak site stops receiving camera video (screen shares stay, at their lowest layer). */
export const setReceiveMode = handler('setReceiveMode', 'admitted', async (ctx, p) => {
  const { live, peer } = ctx;
  await mediaOf(ctx).setReceiveMode(p.mode);
  if (peer.receiveMode !== p.mode) {
    peer.receiveMode = p.mode;
    live.peerUpdated(peer);
  }
  return {};
});
