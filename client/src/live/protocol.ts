/**
 * The signalling contract of the `/live` namespace. The server's schemas are the source of
 * truth; the client takes their types only (erased at build time, so no server code ships),
 * and a drift between the two fails `tsc -p client`.
 */
export type {
  Ack,
  ConsumeResult,
  EventName,
  FloorQueueEntry,
  FloorState,
  JoinResult,
  MediaSource,
  MeetingSummary,
  MethodName,
  Methods,
  PeerInfo,
  PeerRole,
  PeerState,
  ProducerInfo,
  ProducerStateEvent,
  ReceiveMode,
  ServerEvents,
  TransportParams,
} from '../../../server/live/protocol.ts';
