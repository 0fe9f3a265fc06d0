import type { MediaEngine } from './media.ts';
import type { GridPage } from './protocol.ts';
import type { LiveState, Part } from './state.ts';

/** What applying a page of the grid touches of a live session (LiveSession implements it). */
export interface GridHost {
  readonly state: LiveState;
  readonly engine: Pick<MediaEngine, 'ownsProducer' | 'remote' | 'dropConsumer'> | null;
  mark(...parts: Part[]): void;
}

/**
 * A site this one hears nothing more of: it left the room, or (a summary roster) it left this
 * site's page and the stage. Its row, its producers and their consumers go; the server sends
 * no producerClosed for them.
 */
export function forgetPeer(host: GridHost, peerId: string): void {
  const s = host.state;
  s.peers.delete(peerId);
  for (const [producerId, producer] of s.producers) {
    if (producer.peerId !== peerId) continue;
    s.producers.delete(producerId);
    host.engine?.dropConsumer({ producerId });
  }
  if (s.activeSpeaker === peerId) s.activeSpeaker = null;
  host.mark('peers', 'producers', 'speaker');
}

/**
 * A page of the grid as the server made it (the join, the `admitted` event, showPage's answer,
 * a `gridPage` event): its sites and their producers become known — for a summary roster this
 * is the only way it hears of them — and the sites it lists to forget are dropped first, so a
 * site both forgotten and on the page (it cannot be, but the page is the newer word) stays.
 * Consuming is left to the subscription, which comes with the answer or right after the event.
 */
export function applyGridPage(host: GridHost, page: GridPage): void {
  const s = host.state;
  const selfId = s.self?.peerId;
  for (const peerId of page.forget) if (peerId !== selfId) forgetPeer(host, peerId);
  for (const peer of page.peers) if (peer.peerId !== selfId) s.peers.set(peer.peerId, peer);
  for (const producer of page.producers) {
    if (producer.peerId === selfId || host.engine?.ownsProducer(producer.producerId)) continue;
    s.producers.set(producer.producerId, producer);
    // A producer paused or resumed while this site did not hear of its site: the tile shows what it is now.
    const remote = host.engine?.remote(producer.producerId);
    if (remote) remote.info.paused = producer.paused;
  }
  s.grid = page;
  host.mark('peers', 'producers', 'layout');
}
