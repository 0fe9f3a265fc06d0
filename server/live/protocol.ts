/**
 * The signalling contract of the `/live` socket.io namespace: every client→server method's
 * payload schema, the data of its successful ack, and every server→client event.
 * Pure schemas and types (typebox, mediasoup-client's types and the pure error envelope only),
 * so the browser client can `import type` it.
 *
 * mediasoup's own structures (RTP parameters, capabilities, DTLS) are checked only for their
 * outline here and carried as-is: mediasoup validates them fully and throws TypeError, which
 * the dispatcher turns into an `invalid_input` ack.
 */
import { Type, type Static, type TSchema } from 'typebox';
import type { types as ms } from 'mediasoup-client';
import type { ErrorBody } from '../lib/error-body.ts';
import type { ConsumeResult, IceServer, PeerTransports, TransportParams } from './protocol-media.ts';
import type { AgendaInfo, AgendaState, RoomMessage } from './protocol-records.ts';

export type { AgendaInfo, AgendaItemInfo, AgendaState, MessageAudience, RoomMessage } from './protocol-records.ts';
export { IceServerSchema, type ConsumeResult, type IceServer, type PeerTransports, type TransportParams } from './protocol-media.ts';

const Id = Type.String({ minLength: 1, maxLength: 100 });
const Uuid = Type.String({ format: 'uuid' });
const Empty = Type.Object({});

/** An object whose inner fields are left for mediasoup to check (Clean keeps them). */
function Opaque<T>(required: string[], properties: Record<string, TSchema> = {}) {
  return Type.Unsafe<T>(Type.Object(properties, { additionalProperties: true, required }));
}
const RtpParameters = Opaque<ms.RtpParameters>(['codecs'], { codecs: Type.Array(Type.Object({}, { additionalProperties: true }), { minItems: 1 }) });
const RtpCapabilities = Opaque<ms.RtpCapabilities>(['codecs'], { codecs: Type.Array(Type.Object({}, { additionalProperties: true })) });
const DtlsParameters = Opaque<ms.DtlsParameters>(['fingerprints'], { fingerprints: Type.Array(Type.Object({}, { additionalProperties: true }), { minItems: 1 }) });

export const peerRoles = ['chair', 'participant', 'observer'] as const;
export const mediaSources = ['mic', 'camera', 'screen'] as const;
const Kind = Type.Union([Type.Literal('audio'), Type.Literal('video')]);
const Source = Type.Union([Type.Literal('mic'), Type.Literal('camera'), Type.Literal('screen')]);
const ReceiveModeSchema = Type.Union([Type.Literal('full'), Type.Literal('audio-only')]);
const Headcount = Type.Integer({ minimum: 0, maximum: 10_000 });
/** Most grid tiles a site may show (and receive) at once: a 5×5 page. */
export const VIEW_MAX = 25;
/** Longest message of the room's text channel, in characters. */
export const MESSAGE_MAX_LENGTH = 1000;

/**
 * Which page of the grid this site shows, how many sites a page holds (at most VIEW_MAX) and
 * the simulcast layer their tile size needs. The server keeps the grid's order and answers
 * with the page's sites (grid-order.ts); the chủ trì, the floor holder, the active speaker and
 * screen shares come on top without asking (subscription.ts decides what a site receives).
 */
const PageRequest = Type.Object({
  page: Type.Integer({ minimum: 0, maximum: 100_000 }),
  pageSize: Type.Integer({ minimum: 1, maximum: VIEW_MAX }),
  gridLayer: Type.Optional(Type.Integer({ minimum: 0, maximum: 2 })),
});

/** Payload schemas, one per method. Unknown fields are dropped before a handler sees them. */
export const schemas = {
  join: Type.Object({
    meetingId: Uuid,
    /** Client-generated and kept in sessionStorage: a reconnect keeps the site's identity. */
    siteSessionId: Type.String({ minLength: 8, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    headcount: Type.Optional(Headcount),
    /** The invited body's account is used by its approved substitute (người dự thay). */
    asSubstitute: Type.Optional(Type.Boolean()),
    /** The client still holds its media objects: re-attach to the kept peer and restart ICE, rather than start over. */
    resume: Type.Optional(Type.Boolean()),
    /** Open both transports once let in and send them with the answer (or with `admitted`): no createTransport round trip. */
    transports: Type.Optional(Type.Boolean()),
    /** The page of the grid the site will show: answered with the join, as showPage would (no showPage round trip before the first consume). */
    view: Type.Optional(PageRequest),
  }),
  /**
   * The router's RTP capabilities, before joining: the pre-join page loads its device with them
   * while the person picks a camera, so pressing "Vào phòng họp" does not wait for it. The same
   * for every meeting of the server (join still sends them; a client that finds them different
   * loads them again).
   */
  capabilities: Empty,
  createTransport: Type.Object({ direction: Type.Union([Type.Literal('send'), Type.Literal('recv')]) }),
  connectTransport: Type.Object({ transportId: Id, dtlsParameters: DtlsParameters }),
  restartIce: Type.Object({ transportId: Id }),
  produce: Type.Object({ transportId: Id, kind: Kind, rtpParameters: RtpParameters, source: Source }),
  closeProducer: Type.Object({ producerId: Id }),
  pauseProducer: Type.Object({ producerId: Id }),
  resumeProducer: Type.Object({ producerId: Id }),
  consume: Type.Object({ producerId: Id, rtpCapabilities: RtpCapabilities }),
  resumeConsumer: Type.Object({ consumerId: Id }),
  setPreferredLayers: Type.Object({
    consumerId: Id,
    spatialLayer: Type.Integer({ minimum: 0, maximum: 10 }),
    temporalLayer: Type.Optional(Type.Integer({ minimum: 0, maximum: 10 })),
  }),
  setReceiveMode: Type.Object({ mode: ReceiveModeSchema, reason: Type.Union([Type.Literal('manual'), Type.Literal('auto')]) }),
  /** The page of the grid this site shows (PageRequest). */
  showPage: PageRequest,
  declareHeadcount: Type.Object({ count: Headcount }),
  'floor:request': Empty,
  'floor:cancel': Empty,
  'rollCall:confirm': Type.Object({ rollCallId: Uuid, count: Headcount }),
  leave: Empty,
  admit: Type.Object({ peerId: Id }),
  mute: Type.Object({ peerId: Id }),
  /** Lets a peer the chair muted unmute themselves again (their microphone stays as they left it). */
  unmute: Type.Object({ peerId: Id }),
  muteAll: Empty,
  remove: Type.Object({ peerId: Id }),
  lock: Type.Object({ locked: Type.Boolean() }),
  'floor:grant': Type.Object({ peerId: Id, limitSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 3600 })) }),
  'floor:revoke': Empty,
  'rollCall:start': Empty,
  /** The chair closes the roll call: sites that have not answered are no longer asked. */
  'rollCall:end': Empty,
  /** The chair starts the meeting: until then the room is a waiting room (devices tested, nothing counted). */
  start: Empty,
  end: Empty,
  /** The chủ trì opens agenda item `index` (0-based): the one before it ends, speakers from now on belong to it. */
  setAgendaItem: Type.Object({ index: Type.Integer({ minimum: 0, maximum: 99 }) }),
  /** A question to the chủ trì (seen by the chairs, the secretary and the sending site) or a note to every site. */
  sendMessage: Type.Object({
    text: Type.String({ minLength: 1, maxLength: MESSAGE_MAX_LENGTH, pattern: '\\S' }),
    to: Type.Union([Type.Literal('chair'), Type.Literal('all')]),
  }),
} as const;

export type MethodName = keyof typeof schemas;
export type Payload<M extends MethodName> = Static<(typeof schemas)[M]>;

export type PeerRole = (typeof peerRoles)[number];
export type PeerState = 'lobby' | 'admitted';
export type ReceiveMode = Static<typeof ReceiveModeSchema>;
export type MediaSource = (typeof mediaSources)[number];

export interface PeerInfo {
  peerId: string;
  userId: string;
  /** The body attending (also when its approved substitute attends for it). */
  siteId: string;
  siteName: string;
  /** The account's name (or the approved substitute's): the identity attendance and the speaker log record. */
  displayName: string;
  /** A name the site typed for itself, shown as self-declared ("… (tự khai)"); null when none. */
  declaredName: string | null;
  role: PeerRole;
  state: PeerState;
  headcount?: number | null;
  receiveMode: ReceiveMode;
  connected: boolean;
  /** True when the chair muted this peer: it cannot unmute itself until unmuted or given the floor. */
  mutedByChair?: boolean;
  /** "Người dự thay" name when a substitute attends for the site. */
  substituteName?: string | null;
  /** This site's answer to a roll call (kept across its rejoins); compare the id with the open roll call's. */
  rollCall?: RollCallAnswer | null;
}

/** How many sites are in the room and how many people they declared: what a site that sees no full roster is shown. */
export interface SiteCounts {
  sites: number;
  people: number;
}

/**
 * What a peer hears of the others. 'full': every site (the chủ trì, the convening body's staff
 * and secretary, who run the meeting). 'summary': the chủ trì, the sites once on the stage, the
 * sites of its grid page (`gridPage`) and the counts (`presence`) — a commune does not need, and
 * a thousand sites cannot afford, every other commune's arrival, camera or headcount.
 */
export type RosterView = 'full' | 'summary';

export interface RollCallAnswer {
  rollCallId: string;
  count: number;
}

/** The roll call the chair has opened, as a joining site learns it (`count`: this site's answer, if any). */
export interface OpenRollCall {
  rollCallId: string;
  startedAt: string;
  count: number | null;
}

export interface ProducerInfo {
  producerId: string;
  peerId: string;
  kind: ms.MediaKind;
  source: MediaSource;
  paused: boolean;
}

export interface FloorQueueEntry {
  peerId: string;
  siteName: string;
  requestedAt: string;
}

export interface FloorState {
  holderPeerId: string | null;
  holderSiteName: string | null;
  grantedAt: string | null;
  /** When a time limit was set: the instant the floor is taken back automatically. */
  endsAt: string | null;
  queue: FloorQueueEntry[];
}

export interface MeetingSummary {
  id: string;
  title: string;
  startsAt: string;
  status: string;
}

export interface JoinResult {
  peerId: string;
  siteId: string;
  /** As other sites see this one (PeerInfo.displayName, PeerInfo.declaredName). */
  displayName: string;
  declaredName: string | null;
  role: PeerRole;
  state: PeerState;
  /** Absent in the lobby: it comes with the `admitted` event. */
  routerRtpCapabilities?: ms.RtpCapabilities;
  /** TURN relays with this peer's credentials, when the server has TURN (TURN_URLS); like routerRtpCapabilities, only once admitted. */
  iceServers?: IceServer[];
  peers: PeerInfo[];
  producers: ProducerInfo[];
  floor: FloorState;
  locked: boolean;
  /** The chair has started the meeting; before that the room is a waiting room (no attendance, floor or roll call). */
  started: boolean;
  meeting: MeetingSummary;
  /** The roll call still open, so a site that rejoins or reloads is asked (or shows its progress) again. */
  rollCall?: OpenRollCall | null;
  /** The kept peer (same peerId, transports, producers, consumers) was re-attached: restart ICE on its transports. */
  resumed?: boolean;
  /** The meeting's agenda and the item under discussion. */
  agenda?: AgendaInfo;
  /** The text channel so far, as this site may read it (absent in the lobby: it comes with `admitted`). */
  messages?: RoomMessage[];
  /** Whether `peers` is everyone or only the chairs, the sites on the stage and those of its grid page (absent in the lobby). */
  roster?: RosterView;
  /** The room's counts now (absent in the lobby); then `presence` events. */
  presence?: SiteCounts;
  /** The first page of the grid (absent in the lobby); the site then asks for its own (showPage). */
  grid?: GridPage;
  /** Both transports, when the join asked for them and the site is in (else it makes them with createTransport). */
  transports?: PeerTransports;
  /** The page the join asked for (`view`) and what the site receives with it, as showPage answers; absent in the lobby. */
  view?: GridPage & { subscription: Subscription };
}

type EmptyResult = Record<string, never>;

/** What each method's successful ack carries in `data`. */
export interface Results {
  join: JoinResult;
  capabilities: { routerRtpCapabilities: ms.RtpCapabilities };
  createTransport: TransportParams;
  connectTransport: EmptyResult;
  restartIce: { iceParameters: ms.IceParameters };
  produce: { producerId: string };
  closeProducer: EmptyResult;
  pauseProducer: EmptyResult;
  resumeProducer: EmptyResult;
  consume: ConsumeResult;
  resumeConsumer: EmptyResult;
  setPreferredLayers: EmptyResult;
  setReceiveMode: EmptyResult;
  showPage: GridPage & { subscription: Subscription };
  declareHeadcount: EmptyResult;
  'floor:request': EmptyResult;
  'floor:cancel': EmptyResult;
  'rollCall:confirm': EmptyResult;
  leave: EmptyResult;
  admit: EmptyResult;
  mute: EmptyResult;
  unmute: EmptyResult;
  muteAll: EmptyResult;
  remove: EmptyResult;
  lock: EmptyResult;
  'floor:grant': EmptyResult;
  'floor:revoke': EmptyResult;
  'rollCall:start': EmptyResult;
  'rollCall:end': EmptyResult;
  start: EmptyResult;
  end: EmptyResult;
  setAgendaItem: EmptyResult;
  sendMessage: { message: RoomMessage };
}

/** Client→server methods: payload and the `data` of a successful ack. */
export type Methods = { [M in MethodName]: { req: Payload<M>; res: Results[M] } };

/** The producers of other sites this site receives now (the server pauses or closes the rest). */
export interface Subscription {
  video: string[];
  audio: string[];
}

/**
 * One page of the grid as the server made it for one site (issue #13: a site hears only of the
 * sites it shows). The grid is every admitted site but the chairs (pinned ahead of the pages)
 * and the site itself: those with a camera first, in the order their camera came, then the
 * others in the order they came in, so pages move only when a site on or before them changes.
 */
export interface GridPage {
  /** The page shown (0-based, kept within the pages there are) and how many sites a page holds. */
  page: number;
  pageSize: number;
  /** The grid's sites when the page was made (pages = ceil(sites / pageSize), at least 1). */
  sites: number;
  /** The sites of the page, in grid order. */
  peerIds: string[];
  /** The page's sites and their producers: a summary roster learns of them from here only. */
  peers: PeerInfo[];
  producers: ProducerInfo[];
  /** Sites left off the page that this site hears no more of (not chairs, not on the stage): drop them. */
  forget: string[];
}

export interface ProducerStateEvent {
  producerId: string;
  peerId: string;
  byChair: boolean;
}

/** Server→client events and their payloads. */
export interface ServerEvents {
  /** A site came in: to the full-roster viewers; to everyone when it is featured (a chair, or once on the stage: floor, speaker, screen). */
  peerJoined: PeerInfo;
  peerLeft: { peerId: string };
  peerUpdated: PeerInfo;
  newProducer: ProducerInfo;
  producerClosed: { producerId: string };
  producerPaused: ProducerStateEvent;
  producerResumed: ProducerStateEvent;
  consumerClosed: { consumerId: string };
  /** This site's simulcast producer need send spatial layers 0..`spatialLayer` only: the most anyone receives of it now. */
  encodeLayers: { producerId: string; spatialLayer: number };
  /** What this site receives changed (its view, the floor, the active speaker, a site came or went). */
  subscription: Subscription;
  /** The sites on this site's page of the grid changed (came, went, moved); at most one per refresh. */
  gridPage: GridPage;
  activeSpeaker: { peerId: string | null };
  /** To a chair as it comes in: everyone waiting. After that it hears each change (lobbyAdded, lobbyRemoved). */
  lobby: { waiting: PeerInfo[] };
  /** To the chairs: a site started waiting in the lobby. */
  lobbyAdded: PeerInfo;
  /** To the chairs: a site stopped waiting (admitted, or gone). */
  lobbyRemoved: { peerId: string };
  admitted: {
    routerRtpCapabilities: ms.RtpCapabilities; peers: PeerInfo[]; producers: ProducerInfo[]; floor: FloorState; locked: boolean; started: boolean;
    agenda?: AgendaInfo; messages?: RoomMessage[]; iceServers?: IceServer[]; roster: RosterView; presence: SiteCounts; grid: GridPage;
    transports?: PeerTransports;
  };
  /** To summary-roster sites only (a full roster counts its own): the room's counts changed, at most one per tick (200 ms, up to 1 s for a room of 1,000 sites and more: site-counts.ts), whatever the number of arrivals in it. */
  presence: SiteCounts;
  /** The meeting started (by its chair, or at its time with the chair present): attendance counts from now. */
  started: { startedAt: string; by: string };
  removed: { reason: string };
  locked: { locked: boolean };
  floor: FloorState;
  rollCall: { rollCallId: string; startedAt: string };
  /** To the chairs: a site confirmed the roll call. */
  rollCallConfirmed: { rollCallId: string; peerId: string; siteId: string; siteName: string; count: number };
  /** The chair closed the roll call. */
  rollCallEnded: { rollCallId: string };
  reconnect: { reason: string };
  /**
   * The server is stopping (a restart, an upgrade): the socket closes next. Connect again after
   * retryAfterMs plus a random share of spreadMs (so thousands of sites do not arrive at once) and rejoin.
   */
  restarting: { retryAfterMs: number; spreadMs: number };
  ended: EmptyResult;
  /** The chủ trì moved to another agenda item. */
  agenda: AgendaState;
  /** A message this site may read (its own included). */
  message: RoomMessage;
}

export type EventName = keyof ServerEvents;
export type AckError = ErrorBody['error'];
export type Ack<T> = { ok: true; data: T } | { error: AckError };

/** The namespace's events in socket.io's typed form: each method is called with its payload and an ack. */
export type ClientToServerEvents = { [M in MethodName]: (payload: Payload<M>, ack: (answer: Ack<Results[M]>) => void) => void };
export type ServerToClientEvents = { [E in EventName]: (payload: ServerEvents[E]) => void };
