/**
 * The signalling contract of the `/live` namespace. The server's schemas are the source of
 * truth; the client takes their types only (erased at build time, so no server code ships),
 * and a drift between the two fails `tsc -p client`.
 */
export type {
  Ack,
  AgendaInfo,
  AgendaState,
  ConsumeResult,
  EventName,
  FloorQueueEntry,
  FloorState,
  GridPage,
  IceServer,
  JoinResult,
  MediaSource,
  MessageAudience,
  MeetingSummary,
  MethodName,
  Methods,
  PeerInfo,
  PeerRole,
  PeerState,
  ProducerInfo,
  ProducerStateEvent,
  ReceiveMode,
  RoomMessage,
  RosterView,
  ServerEvents,
  SiteCounts,
  Subscription,
  TransportParams,
} from '../../../server/live/protocol.ts';
