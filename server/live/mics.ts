import type { ProducerView } from '../media/peer-media.ts';
import type { LivePeer } from './peer.ts';
import type { ProducerStateEvent } from './protocol.ts';

/**
 * Who may have an open microphone. While the floor is held only its holder and the chair
 * speak; a peer the chair muted stays muted until unmuted or given the floor.
 */
export function micAllowed(peer: LivePeer, holder: LivePeer | null): boolean {
  if (peer.role === 'chair' || holder === peer) return true;
  return !holder && !peer.mutedByChair;
}

export function micProducers(peer: LivePeer): ProducerView[] {
  return peer.media ? [...peer.media.producers.values()].filter((p) => p.kind === 'audio' && !p.closed) : [];
}

/** Pauses the peer's open microphones on the server; returns the events to broadcast. */
export async function pauseMics(peer: LivePeer): Promise<ProducerStateEvent[]> {
  const events: ProducerStateEvent[] = [];
  for (const producer of micProducers(peer)) {
    if (!peer.media || !(await peer.media.pauseProducer(producer.id, true))) continue;
    events.push({ producerId: producer.id, peerId: peer.peerId, byChair: true });
  }
  return events;
}

/** Reopens the microphones the chair (not the peer itself) closed; returns the events to broadcast. */
export async function resumeChairPausedMics(peer: LivePeer): Promise<ProducerStateEvent[]> {
  const events: ProducerStateEvent[] = [];
  for (const producer of micProducers(peer)) {
    if (!peer.media || !(await peer.media.resumeProducer(producer.id, true))) continue;
    events.push({ producerId: producer.id, peerId: peer.peerId, byChair: true });
  }
  return events;
}
