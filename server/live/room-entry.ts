import type { UnitIndex } from '../units/unit-index.ts';
import type { LiveMeeting } from './live-meeting.ts';
import type { LivePeer } from './peer.ts';
import type { GridPage, ServerEvents } from './protocol.ts';
import { recordsFor } from './room-records.ts';

/**
 * What a site let into the room is told of it, with its join's answer or with `admitted` when
 * the chủ trì lets it in from the lobby: the one place both are made (the router's capabilities
 * and the transports come from its media, by the caller).
 */
export function roomEntry(units: UnitIndex, live: LiveMeeting, peer: LivePeer, grid: GridPage): Omit<ServerEvents['admitted'], 'routerRtpCapabilities' | 'transports'> {
  return {
    peers: live.peers.visibleTo(peer), producers: live.peers.producers(peer),
    floor: live.floor.state(), locked: live.locked, started: live.started,
    ...recordsFor(units, live, peer), ...live.iceServersFor(peer),
    roster: peer.roster, presence: live.counts(), grid,
  };
}
