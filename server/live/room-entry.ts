import type { UnitIndex } from '../units/unit-index.ts';
import type { LivePeer } from './peer.ts';
import type { FloorState, GridPage, IceServer, ServerEvents, SiteCounts } from './protocol.ts';
import type { RoomPeers } from './room-peers.ts';
import { recordsFor, type RoomRecords } from './room-records.ts';

/** What of a live meeting (live-meeting.ts) the entry reads. */
export interface EnteredRoom extends RoomRecords {
  readonly peers: RoomPeers;
  readonly floor: { state(): FloorState };
  readonly locked: boolean;
  readonly started: boolean;
  iceServersFor(peer: LivePeer): { iceServers?: IceServer[] };
  counts(): SiteCounts;
}

/**
 * What a site let into the room is told of it, with its join's answer or with `admitted` when
 * the chủ trì lets it in from the lobby: the one place both are made (the router's capabilities
 * and the transports come from its media, by the caller).
 */
export function roomEntry(units: UnitIndex, live: EnteredRoom, peer: LivePeer, grid: GridPage): Omit<ServerEvents['admitted'], 'routerRtpCapabilities' | 'transports'> {
  return {
    peers: live.peers.visibleTo(peer), producers: live.peers.producers(peer),
    floor: live.floor.state(), locked: live.locked, started: live.started,
    ...recordsFor(units, live, peer), ...live.iceServersFor(peer),
    roster: peer.roster, presence: live.counts(), grid,
  };
}
