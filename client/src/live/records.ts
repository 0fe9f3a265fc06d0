import type { AgendaInfo, RoomMessage } from './protocol.ts';
import type { Signalling } from './signalling.ts';
import type { LiveState, Part } from './state.ts';

/** What the agenda and text channel need of a live session (LiveSession implements it). */
export interface RecordsHost {
  readonly state: LiveState;
  readonly signalling: Signalling;
  mark(...parts: Part[]): void;
}

/** What a join (or an admission from the lobby) brings of the meeting's records. */
export function adoptRecords(host: RecordsHost, from: { agenda?: AgendaInfo; messages?: RoomMessage[] }): void {
  const s = host.state;
  if (from.agenda) {
    s.agenda = from.agenda;
    s.agendaSkewMs = 0;
    host.mark('agenda');
  }
  // Absent in the lobby: keep what we had (a rejoin after a drop brings it again).
  if (from.messages) {
    s.messages = from.messages;
    host.mark('messages');
  }
}

/** Adds a message once (our own arrives both as the answer to sendMessage and as an event). */
export function addMessage(host: RecordsHost, message: RoomMessage): void {
  const s = host.state;
  if (s.messages.some((m) => m.id === message.id)) return;
  s.messages.push(message);
  host.mark('messages');
}

/** The server events of the agenda and the text channel; returns the function that unsubscribes them. */
export function bindRecordEvents(host: RecordsHost): () => void {
  const s = host.state;
  const offs = [
    host.signalling.on('agenda', (agenda) => {
      // An item opened as we watch tells us how far our clock is from the server's.
      s.agendaSkewMs = agenda.startedAt && agenda.startedAt !== s.agenda.startedAt ? Date.now() - Date.parse(agenda.startedAt) : 0;
      s.agenda = { ...s.agenda, ...agenda };
      host.mark('agenda');
    }),
    host.signalling.on('message', (message) => addMessage(host, message)),
    host.signalling.on('admitted', (admitted) => adoptRecords(host, admitted)),
  ];
  return () => {
    for (const off of offs) off();
  };
}

/** mm:ss (or h:mm:ss) since `startedAt`, as the room's clocks show it. */
export function elapsed(startedAt: string, skewMs: number, now = Date.now()): string {
  const seconds = Math.max(0, Math.floor((now - skewMs - Date.parse(startedAt)) / 1000));
  const mm = String(Math.floor(seconds / 60) % 60).padStart(2, '0');
  const ss = String(seconds % 60).padStart(2, '0');
  const hours = Math.floor(seconds / 3600);
  return hours > 0 ? `${hours}:${mm}:${ss}` : `${mm}:${ss}`;
}
