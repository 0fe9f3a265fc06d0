/** The live room's records on the wire: its agenda and its text channel (protocol.ts re-exports them). */

export interface AgendaItemInfo {
  title: string;
  presenter: string;
  plannedMinutes: number;
}

/** Which agenda item is under discussion (0-based; null before the chair opens one) and since when. */
export interface AgendaState {
  currentIndex: number | null;
  startedAt: string | null;
}

export interface AgendaInfo extends AgendaState {
  items: AgendaItemInfo[];
}

export type MessageAudience = 'chair' | 'all';

/** One message of the room's text channel, as its readers see it. */
export interface RoomMessage {
  id: string;
  siteId: string;
  siteName: string;
  senderName: string;
  to: MessageAudience;
  text: string;
  at: string;
}
