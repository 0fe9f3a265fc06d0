import { t } from '../i18n/index.ts';
import { applyGridPage, forgetPeer } from './grid-page.ts';
import type { MediaEngine } from './media.ts';
import type { FloorState, JoinResult, Methods, ProducerInfo, ProducerStateEvent, ServerEvents, Subscription } from './protocol.ts';
import { adoptRoom } from './room-adopt.ts';
import type { Signalling } from './signalling.ts';
import type { LiveState, Part } from './state.ts';

/** What entering the room takes: the join's answer or the `admitted` event (transports when the server opened them). */
export type RoomEntry = Pick<ServerEvents['admitted'], 'routerRtpCapabilities' | 'iceServers' | 'transports'> & {
  /** The page the join asked for, answered with it (JoinResult.view): no showPage before the first consume. */
  view?: { request: Methods['showPage']['req']; answer: Methods['showPage']['res'] };
};

/** What entering the room takes from a join's answer: with the page it asked for (`view`) answered, when it was. */
export function roomEntry(result: JoinResult, routerRtpCapabilities: RoomEntry['routerRtpCapabilities'], view?: Methods['showPage']['req']): RoomEntry {
  const { iceServers, transports, view: answer } = result;
  return {
    routerRtpCapabilities,
    ...(iceServers ? { iceServers } : {}),
    ...(transports ? { transports } : {}),
    ...(answer && view ? { view: { request: view, answer } } : {}),
  };
}

/** What the event handlers may touch of a live session (LiveSession implements it). */
export interface EventHost {
  readonly state: LiveState;
  readonly signalling: Signalling;
  readonly engine: MediaEngine | null;
  readonly tracks: { screen: MediaStreamTrack | null };
  mark(...parts: Part[]): void;
  consume(info: ProducerInfo): Promise<void>;
  applySubscription(subscription: Subscription): void;
  enterRoom(entry: RoomEntry): Promise<void>;
  rejoin(): Promise<void>;
  finish(phase: 'ended' | 'removed', message?: string | null): void;
  fail(err: unknown): void;
}

/**
 * What each server event does to the session. One handler per event, each small; they
 * only update state and the engine, the page re-renders from state. Returns the function
 * that unsubscribes them all.
 */
export function bindServerEvents(session: EventHost): () => void {
  const s = session.state;
  const on = session.signalling.on.bind(session.signalling);
  const isMe = (peerId: string) => peerId === s.self?.peerId;

  const offs = [
    on('peerJoined', (peer) => {
      s.peers.set(peer.peerId, peer);
      session.mark('peers');
    }),
    on('peerUpdated', (peer) => {
      s.peers.set(peer.peerId, peer);
      if (isMe(peer.peerId)) {
        // The server is the truth about what this site receives (a chair or a rejoin may change it).
        if (peer.receiveMode !== s.receiveMode) {
          s.receiveMode = peer.receiveMode;
          if (peer.receiveMode === 'full') s.receiveReason = null;
          session.mark('mode');
        }
        if (peer.headcount !== undefined && peer.headcount !== null) s.headcount = peer.headcount;
        // Whether the chair's mute is still on (a grant of the floor or the chair's unmute lifts it).
        if (peer.mutedByChair !== undefined && peer.mutedByChair !== s.local.mutedByChair) {
          s.local.mutedByChair = peer.mutedByChair;
          session.mark('local');
        }
      }
      session.mark('peers');
    }),
    // The counts of a room whose every arrival this site is not told (a summary roster).
    on('presence', (counts) => {
      s.presence = counts;
      session.mark('peers');
    }),
    on('peerLeft', ({ peerId }) => forgetPeer(session, peerId)),
    on('newProducer', (info) => {
      if (isMe(info.peerId) || session.engine?.ownsProducer(info.producerId)) return;
      s.producers.set(info.producerId, info);
      session.mark('producers');
      void session.consume(info);
    }),
    on('producerClosed', ({ producerId }) => {
      const own = session.engine?.ownsProducer(producerId);
      if (own) {
        // The server closed one of ours (e.g. the chair stopped a screen share).
        void session.engine?.closeProducer(own).catch(() => {});
        if (own === 'screen') {
          session.tracks.screen?.stop();
          session.tracks.screen = null;
          s.local.screenOn = false;
          session.mark('local');
        }
        return;
      }
      s.producers.delete(producerId);
      session.engine?.dropConsumer({ producerId });
      session.mark('producers');
    }),
    on('producerPaused', (event) => onProducerState(session, event, true)),
    on('producerResumed', (event) => onProducerState(session, event, false)),
    on('consumerClosed', ({ consumerId }) => {
      session.engine?.dropConsumer({ consumerId });
      session.mark('producers');
    }),
    on('encodeLayers', ({ producerId, spatialLayer }) => session.engine?.limitEncoding(producerId, spatialLayer)),
    // The page's sites changed; the subscription that goes with it comes next (the server sends it after).
    on('gridPage', (page) => applyGridPage(session, page)),
    on('subscription', (subscription) => session.applySubscription(subscription)),
    on('activeSpeaker', ({ peerId }) => {
      s.activeSpeaker = peerId;
      session.mark('speaker');
    }),
    // The whole lobby once, as this chair comes in; then each change.
    on('lobby', ({ waiting }) => {
      s.lobby = waiting;
      session.mark('lobby');
    }),
    on('lobbyAdded', (peer) => {
      s.lobby = [...s.lobby.filter((p) => p.peerId !== peer.peerId), peer];
      session.mark('lobby');
    }),
    on('lobbyRemoved', ({ peerId }) => {
      s.lobby = s.lobby.filter((p) => p.peerId !== peerId);
      session.mark('lobby');
    }),
    on('started', () => {
      s.started = true;
      session.mark('phase');
    }),
    on('admitted', (admitted) => {
      if (s.phase !== 'lobby') return;
      adoptRoom(session, admitted);
      session.enterRoom(admitted).catch((err: unknown) => session.fail(err));
    }),
    on('removed', ({ reason }) => session.finish('removed', t(reason === 'replaced' ? 'live.removed.replaced' : 'live.removed.chair'))),
    on('locked', ({ locked }) => {
      s.locked = locked;
      session.mark('phase');
    }),
    on('floor', (floor) => onFloor(session, floor)),
    on('rollCall', ({ rollCallId, startedAt }) => {
      s.rollCall = { rollCallId, startedAt, count: null, dismissed: false };
      session.mark('rollCall');
    }),
    // The answers themselves come with each site's peerUpdated (PeerInfo.rollCall).
    on('rollCallEnded', ({ rollCallId }) => {
      if (s.rollCall?.rollCallId !== rollCallId) return;
      s.rollCall = null;
      session.mark('rollCall');
    }),
    on('reconnect', () => void session.rejoin()),
    on('ended', () => session.finish('ended')),
  ];
  return () => {
    for (const off of offs) off();
  };
}

/** Pause/resume of any producer. Ours are mirrored locally, so the chair's mute really silences us. */
function onProducerState(session: EventHost, { producerId, byChair }: ProducerStateEvent, paused: boolean): void {
  const s = session.state;
  const own = session.engine?.ownsProducer(producerId);
  if (own) {
    const producer = session.engine?.producer(own);
    if (paused) producer?.pause();
    else producer?.resume();
    if (own === 'mic') {
      // Tell the person only when an open microphone was closed for them. Whether the mute
      // binds (the chair's mute vs someone else's floor) comes with peerUpdated.
      if (paused && byChair && s.local.micOn) {
        s.message = t('live.mic.pausedByChair');
        session.mark('message');
      }
      s.local.micOn = !paused;
    } else if (own === 'camera') {
      s.local.camOn = !paused;
    }
    session.mark('local');
    return;
  }
  const info = s.producers.get(producerId);
  if (info) info.paused = paused;
  const remote = session.engine?.remote(producerId);
  if (remote) remote.info.paused = paused;
  session.mark('producers');
}

function onFloor(session: EventHost, floor: FloorState): void {
  const s = session.state;
  // A grant we hear about as it happens tells us how far our clock is from the server's,
  // so the countdown is right even on an office PC whose clock is off.
  if (floor.grantedAt && floor.grantedAt !== s.floor.grantedAt) {
    s.floorSkewMs = Date.now() - Date.parse(floor.grantedAt);
  } else if (!floor.grantedAt) {
    s.floorSkewMs = 0;
  }
  s.floor = floor;
  session.mark('floor', 'local');
}
