import { Conflict } from '../../lib/errors.ts';
import { handler, type PeerContext } from '../dispatcher.ts';
import { transportParams } from '../transports.ts';

/** The admitted peer's media side; gone only between a worker restart and the peer's rejoin. */
export function mediaOf({ peer }: PeerContext) {
  if (!peer.media) throw new Conflict('Phòng họp đang khởi động lại phần media, hãy vào lại. / The media room restarted; please rejoin.');
  return peer.media;
}

/** createTransport: a WebRtcTransport on the peer's router, through its worker's single-port WebRtcServer. */
export const createTransport = handler('createTransport', 'admitted', async (ctx, p) => {
  return transportParams(await mediaOf(ctx).createTransport(p.direction));
});

export const connectTransport = handler('connectTransport', 'admitted', async (ctx, p) => {
  await mediaOf(ctx).connectTransport(p.transportId, p.dtlsParameters);
  return {};
});

/** restartIce: the first thing a client tries when its link drops, before a full rejoin. */
export const restartIce = handler('restartIce', 'admitted', async (ctx, p) => {
  const iceParameters = await mediaOf(ctx).restartIce(p.transportId);
  return { iceParameters };
});
