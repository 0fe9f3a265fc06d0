import type { FloorControl } from './floor.ts';
import { pauseMics, resumeChairPausedMics } from './mics.ts';
import type { LivePeer } from './peer.ts';
import type { EventName, ProducerStateEvent, ServerEvents } from './protocol.ts';

/** What the floor rules need of a live meeting. */
export interface FloorRoom {
  readonly floor: FloorControl;
  admitted(): LivePeer[];
  emitAll<E extends EventName>(event: E, payload: ServerEvents[E]): void;
  peerUpdated(peer: LivePeer): void;
  broadcastPaused(events: ProducerStateEvent[]): void;
  broadcastResumed(events: ProducerStateEvent[]): void;
}

/**
 * What holding the floor means for microphones, applied to a live meeting: the floor's queue
 * and log are FloorControl's (floor.ts); who may speak is mics.ts's rule.
 */

/** Gives the floor: the holder may speak, every other non-chair peer is muted. */
export async function grantFloor(live: FloorRoom, peer: LivePeer, by: LivePeer, limitSeconds: number | undefined): Promise<void> {
  live.floor.grant(peer, by, limitSeconds);
  const stored = live.floor.stored();
  peer.mutedByChair = false;
  // Microphones first, then the news: whoever sees the new floor sees the server already obeying it.
  live.broadcastResumed(await resumeChairPausedMics(peer));
  for (const other of live.admitted()) {
    if (other !== peer && other.role !== 'chair') live.broadcastPaused(await pauseMics(other));
  }
  live.emitAll('floor', live.floor.state());
  live.peerUpdated(peer);
  await stored;
}

/** Takes the floor back (chair or time limit); the former holder's microphone closes with it. */
export async function endFloor(live: FloorRoom, reason: 'chair' | 'limit'): Promise<void> {
  await afterFloorEnd(live, live.floor.end(reason));
}

/** A site withdraws its request, or the holder hands the floor back. */
export async function cancelFloor(live: FloorRoom, peer: LivePeer): Promise<void> {
  await afterFloorEnd(live, live.floor.cancel(peer));
}

async function afterFloorEnd(live: FloorRoom, holder: LivePeer | null): Promise<void> {
  const stored = live.floor.stored();
  try {
    if (holder && holder.role !== 'chair' && !holder.closed) live.broadcastPaused(await pauseMics(holder));
  } finally {
    // The floor has ended whatever happened to the microphone (its worker may have died meanwhile).
    live.emitAll('floor', live.floor.state());
  }
  await stored;
}
