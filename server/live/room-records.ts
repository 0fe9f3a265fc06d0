import type { Resource } from '../auth/policy.ts';
import type { UnitIndex } from '../units/unit-index.ts';
import type { LiveAgenda } from './agenda.ts';
import { readsAllMessages, type LiveMessages } from './messages.ts';
import type { LivePeer } from './peer.ts';
import type { AgendaInfo, RoomMessage } from './protocol.ts';

/** What of a live meeting its records come from (a LiveMeeting). */
export interface RoomRecords {
  agenda: LiveAgenda;
  messages: LiveMessages;
  resource: Resource;
}

/** Reads what a site is shown of the meeting's records as it enters: the agenda, and the messages. */
export function prepareRecords(live: RoomRecords): Promise<void> {
  return Promise.all([live.agenda.ready(), live.messages.ready()]).then(() => undefined);
}

/** The agenda for anyone who joined; the text channel's history for an admitted peer, as it may read it. */
export function recordsFor(units: UnitIndex, live: RoomRecords, peer: LivePeer): { agenda: AgendaInfo; messages?: RoomMessage[] } {
  const agenda = live.agenda.info();
  if (peer.state !== 'admitted') return { agenda };
  return { agenda, messages: live.messages.visibleTo({ siteId: peer.siteId, readsAll: readsAllMessages(units, peer.user, live.resource) }) };
}
