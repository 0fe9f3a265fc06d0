import { Forbidden, NotFound } from '../../lib/errors.ts';
import { parametersForBrowser } from '../../media/browser-rtp.ts';
import { handler } from '../dispatcher.ts';
import { mediaOf } from './transport.ts';

const notOnScreen = () => new Forbidden(
  'Điểm cầu này không có trên màn hình của bạn: chuyển trang lưới để xem. / This site is not on your screen: show its page of the grid (showPage) to receive it.',
);

/**
 * consume: created PAUSED on the server and resumed only on `resumeConsumer`, so no media
 * reaches the browser before its consumer is ready (libmediasoupclient #57). A producer on
 * another router of the meeting is piped to this peer's router first. Only what the site's
 * subscription holds may be consumed (its grid page, the stage, the voices): a site cannot
 * ask for every video of a large meeting.
 */
export const consume = handler('consume', 'admitted', async (ctx, p) => {
  const { live, peer } = ctx;
  const owner = live.peers.producerOwner(p.producerId);
  const producer = owner?.media?.producers.get(p.producerId);
  if (!owner || !producer) throw new NotFound(`Producer ${p.producerId}`);
  const placement = live.subscriptions.placement(peer, p.producerId);
  if (!placement) throw notOnScreen();
  const media = mediaOf(ctx);
  // Where the producer's media is, so that a peer on another node can pipe it from there.
  const home = owner.media?.node ?? ctx.app.nodes?.self ?? null;
  const layers = live.subscriptions.layersFor(peer, placement);
  const consumer = await media.consume(p.producerId, p.rtpCapabilities, producer.appData.source, layers, home);
  // The page, the floor or the speaker may have changed while it was made: it starts as it should be now.
  if (!live.subscriptions.placement(peer, p.producerId)) await media.setOffscreen(consumer.id, true);
  return {
    consumerId: consumer.id,
    producerId: p.producerId,
    kind: consumer.kind,
    rtpParameters: parametersForBrowser(consumer.rtpParameters),
    type: consumer.type,
    producerPaused: consumer.producerPaused,
    ...(layers && consumer.type === 'simulcast' ? { spatialLayer: layers.spatialLayer } : {}),
  };
});

export const resumeConsumer = handler('resumeConsumer', 'admitted', async (ctx, p) => {
  await mediaOf(ctx).acknowledge(p.consumerId);
  return {};
});

export const setPreferredLayers = handler('setPreferredLayers', 'admitted', async (ctx, p) => {
  await mediaOf(ctx).setPreferredLayers(p.consumerId, { spatialLayer: p.spatialLayer, ...(p.temporalLayer === undefined ? {} : { temporalLayer: p.temporalLayer }) });
  return {};
});

/** showPage: the page of the grid the site shows; answered with its sites and what the site receives now. */
export const showPage = handler('showPage', 'admitted', async (ctx, p) => {
  mediaOf(ctx);
  return ctx.live.subscriptions.showPage(ctx.peer, { page: p.page, size: p.pageSize, gridLayer: p.gridLayer ?? 0 });
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
