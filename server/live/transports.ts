import type { FastifyBaseLogger } from 'fastify';
import type { PeerMedia, TransportAnswer } from '../media/peer-media.ts';
import type { PeerTransports, TransportParams } from './protocol.ts';

/** What the browser makes a transport from. */
export function transportParams(transport: TransportAnswer): TransportParams {
  const { id, iceParameters, iceCandidates, dtlsParameters } = transport;
  return { id, iceParameters, iceCandidates, dtlsParameters };
}

/**
 * Both transports of a peer being let in, for the answer that lets it in (its join asked:
 * `transports`). Null when they could not be made: the site then asks with createTransport,
 * which says why — admission itself does not fail for it.
 */
export async function openTransports(media: PeerMedia, log: FastifyBaseLogger): Promise<PeerTransports | null> {
  try {
    const [send, recv] = await Promise.all([media.createTransport('send'), media.createTransport('recv')]);
    return { send: transportParams(send), recv: transportParams(recv) };
  } catch (err) {
    log.warn({ err }, 'could not open a peer\'s transports with its admission; it will ask for them');
    return null;
  }
}
