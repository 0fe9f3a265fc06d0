import { startScreen } from './actions.ts';
import type { JoinStep } from './join-timeline.ts';
import type { LinkThresholds } from './link-quality.ts';
import type { LiveSession } from './session.ts';
import { paintStats } from './ui/paint-stats.ts';

/**
 * `window.__hopso`: read-only views of the live session for browser tests and for
 * support staff diagnosing a site ("what is this browser receiving?") from the console.
 * It exposes what the page already knows; the server checks every action anyway.
 */

export interface InboundStat {
  peerId: string;
  source: string;
  kind: string;
  paused: boolean;
  /** In the subscription the server sent: on this site's screen (or heard), so the server lets it flow. */
  onScreen: boolean;
  bytesReceived: number;
  packetsReceived: number;
  packetsLost: number;
  framesDecoded: number;
  /** Key frames decoded, and the picture-loss indications (PLI) and full intra requests (FIR) this browser sent for them. */
  keyFramesDecoded: number | null;
  pliCount: number | null;
  firCount: number | null;
  frameWidth: number | null;
  frameHeight: number | null;
  /** Audio: samples played out, and of those, how many the decoder made up for lost or late packets. */
  totalSamplesReceived: number | null;
  concealedSamples: number | null;
  /** Concealed samples that were silence anyway (DTX pauses); they cost nothing to a listener. */
  silentConcealedSamples: number | null;
  concealmentEvents: number | null;
  jitterBufferDelay: number | null;
  jitterBufferEmittedCount: number | null;
  /** The negotiated codec: "audio/opus minptime=10;usedtx=1;useinbandfec=1". */
  codec: string | null;
}

/** The path one transport's media takes: its selected ICE candidate pair (null before one is chosen). */
export interface TransportPath {
  direction: 'send' | 'recv';
  state: string;
  bytesSent: number;
  bytesReceived: number;
  /** 'host', 'srflx', 'prflx' or 'relay' (through a TURN server). */
  localType: string | null;
  /** How this browser reaches its TURN server ('udp', 'tcp', 'tls'), for a relay candidate. */
  relayProtocol: string | null;
  /** The transport the pair's packets use ('udp' or 'tcp'). */
  protocol: string | null;
  remoteAddress: string | null;
  remotePort: number | null;
}

/** One encoding this site sends (a simulcast layer of its camera, its microphone…). */
export interface OutboundStat {
  source: string;
  kind: string;
  rid: string | null;
  /** False while the encoding is turned off (the server said nobody receives that layer: `encodeLayers`). */
  active: boolean | null;
  framesEncoded: number | null;
  keyFramesEncoded: number | null;
  /** Key frame requests the server sent for this encoding. */
  pliCount: number | null;
  firCount: number | null;
  frameWidth: number | null;
  framesPerSecond: number | null;
  /** Why the encoder sends less than asked: 'cpu', 'bandwidth', 'other' or 'none'. */
  qualityLimitationReason: string | null;
}

export interface LiveHook {
  stats(): Promise<InboundStat[]>;
  /** What this site sends, per encoding. */
  outbound(): Promise<OutboundStat[]>;
  /** When each step of the first join happened (performance.now()); see join-timeline.ts. */
  timeline(): Partial<Record<JoinStep, number>>;
  /** The selected ICE path of the send and recv transports. */
  paths(): Promise<TransportPath[]>;
  state(): unknown;
  /** Shares a generated canvas as the screen, for browsers without a screen to capture. */
  shareTestScreen(): Promise<boolean>;
  /** Drops the socket as a network failure would (for `holdMs`, if given); the session must recover by itself. */
  dropConnection(holdMs?: number): void;
  /** Tunes the automatic audio-only rule of this page (see link-quality.ts). */
  setLinkThresholds(overrides: Partial<LinkThresholds>): void;
  /** The room's repaints so far: how many, and their total and longest time in ms. */
  paints(): { count: number; totalMs: number; maxMs: number };
  session: LiveSession;
}

declare global {
  interface Window {
    __hopso?: LiveHook;
  }
}

export function installHook(session: LiveSession): () => void {
  const hook: LiveHook = {
    session,
    async stats() {
      const out: InboundStat[] = [];
      for (const remote of session.engine?.remotes() ?? []) {
        const report = await remote.consumer.getStats();
        const entries = [...(report.values() as Iterable<Record<string, unknown>>)];
        const numberOf = (value: unknown) => (typeof value === 'number' ? value : null);
        for (const entry of entries) {
          if (entry['type'] !== 'inbound-rtp') continue;
          const codec = entries.find((e) => e['type'] === 'codec' && e['id'] === entry['codecId']);
          out.push({
            peerId: remote.info.peerId,
            source: remote.info.source,
            kind: remote.consumer.kind,
            paused: remote.info.paused,
            onScreen: session.receives(remote.info.producerId),
            bytesReceived: Number(entry['bytesReceived'] ?? 0),
            packetsReceived: Number(entry['packetsReceived'] ?? 0),
            packetsLost: Number(entry['packetsLost'] ?? 0),
            framesDecoded: Number(entry['framesDecoded'] ?? 0),
            keyFramesDecoded: numberOf(entry['keyFramesDecoded']),
            pliCount: numberOf(entry['pliCount']),
            firCount: numberOf(entry['firCount']),
            frameWidth: numberOf(entry['frameWidth']),
            frameHeight: numberOf(entry['frameHeight']),
            totalSamplesReceived: numberOf(entry['totalSamplesReceived']),
            concealedSamples: numberOf(entry['concealedSamples']),
            silentConcealedSamples: numberOf(entry['silentConcealedSamples']),
            concealmentEvents: numberOf(entry['concealmentEvents']),
            jitterBufferDelay: numberOf(entry['jitterBufferDelay']),
            jitterBufferEmittedCount: numberOf(entry['jitterBufferEmittedCount']),
            codec: codec ? `${String(codec['mimeType'])} ${typeof codec['sdpFmtpLine'] === 'string' ? codec['sdpFmtpLine'] : ''}`.trim() : null,
          });
        }
      }
      return out;
    },
    async outbound() {
      const out: OutboundStat[] = [];
      for (const source of ['mic', 'camera', 'screen'] as const) {
        const producer = session.engine?.producer(source);
        if (!producer || producer.closed) continue;
        const report = await producer.getStats();
        for (const entry of report.values() as Iterable<Record<string, unknown>>) {
          if (entry['type'] !== 'outbound-rtp') continue;
          const numberOf = (value: unknown) => (typeof value === 'number' ? value : null);
          out.push({
            source,
            kind: producer.kind,
            rid: typeof entry['rid'] === 'string' ? entry['rid'] : null,
            active: typeof entry['active'] === 'boolean' ? entry['active'] : null,
            framesEncoded: numberOf(entry['framesEncoded']),
            keyFramesEncoded: numberOf(entry['keyFramesEncoded']),
            pliCount: numberOf(entry['pliCount']),
            firCount: numberOf(entry['firCount']),
            frameWidth: numberOf(entry['frameWidth']),
            framesPerSecond: numberOf(entry['framesPerSecond']),
            qualityLimitationReason: typeof entry['qualityLimitationReason'] === 'string' ? entry['qualityLimitationReason'] : null,
          });
        }
      }
      return out;
    },
    timeline: () => ({ ...session.timeline.steps }),
    async paths() {
      const out: TransportPath[] = [];
      for (const [direction, transport] of [['send', session.engine?.sendTransport], ['recv', session.engine?.recvTransport]] as const) {
        if (transport && !transport.closed) out.push(selectedPath(direction, transport.connectionState, await transport.getStats()));
      }
      return out;
    },
    state() {
      const s = session.state;
      return {
        phase: s.phase,
        message: s.message,
        self: s.self,
        meeting: s.meeting,
        peers: [...s.peers.values()],
        producers: [...s.producers.values()],
        ownProducers: (['mic', 'camera', 'screen'] as const).flatMap((source) => {
          const p = session.engine?.producer(source);
          return p ? [{ source, producerId: p.id, paused: p.paused, maxSpatialLayer: session.engine?.encodeLimit(p.id) ?? null }] : [];
        }),
        floor: s.floor,
        locked: s.locked,
        started: s.started,
        lobby: s.lobby,
        activeSpeaker: s.activeSpeaker,
        // The page asked for; `grid` is the page the server last sent (its sites, the grid's size then).
        page: s.page,
        pageSize: s.pageSize,
        grid: s.grid && { page: s.grid.page, pageSize: s.grid.pageSize, sites: s.grid.sites, peerIds: s.grid.peerIds },
        subscription: { video: [...s.subscription.video], audio: [...s.subscription.audio] },
        receiveMode: s.receiveMode,
        receiveReason: s.receiveReason,
        local: s.local,
        headcount: s.headcount,
        rollCall: s.rollCall,
        reconnects: s.reconnects,
        siteSessionId: session.siteSessionId,
        linkSample: session.monitor.sample,
      };
    },
    shareTestScreen: () => startScreen(session, canvasTrack()),
    dropConnection: (holdMs) => session.signalling.simulateDrop(holdMs),
    setLinkThresholds: (overrides) => session.monitor.configure(overrides),
    paints: () => ({ ...paintStats }),
  };
  window.__hopso = hook;
  return () => {
    if (window.__hopso === hook) delete window.__hopso;
  };
}

function selectedPath(direction: 'send' | 'recv', state: string, report: RTCStatsReport): TransportPath {
  const entries = [...(report.values() as Iterable<Record<string, unknown>>)];
  const byId = (id: unknown) => entries.find((e) => e['id'] === id);
  const ice = entries.find((e) => e['type'] === 'transport');
  const pair = byId(ice?.['selectedCandidatePairId']) ?? entries.find((e) => e['type'] === 'candidate-pair' && e['nominated'] === true && e['state'] === 'succeeded');
  const local = byId(pair?.['localCandidateId']);
  const remote = byId(pair?.['remoteCandidateId']);
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return {
    direction,
    state,
    bytesSent: Number(pair?.['bytesSent'] ?? 0),
    bytesReceived: Number(pair?.['bytesReceived'] ?? 0),
    localType: text(local?.['candidateType']),
    relayProtocol: text(local?.['relayProtocol']),
    protocol: text(local?.['protocol']),
    remoteAddress: text(remote?.['address']),
    remotePort: typeof remote?.['port'] === 'number' ? remote['port'] : null,
  };
}

/** A moving "slide" drawn on a canvas: frames keep changing, so the encoder keeps sending. */
function canvasTrack(): MediaStreamTrack {
  const canvas = document.createElement('canvas');
  canvas.width = 1280;
  canvas.height = 720;
  const ctx = canvas.getContext('2d');
  let frame = 0;
  const draw = () => {
    if (!ctx) return;
    ctx.fillStyle = '#1d3557';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.fillStyle = '#ffffff';
    ctx.font = '64px sans-serif';
    ctx.fillText(`Trình chiếu thử nghiệm ${frame++}`, 80, 360);
  };
  draw();
  const timer = setInterval(draw, 100);
  const track = canvas.captureStream(10).getVideoTracks()[0];
  if (!track) throw new Error('canvas.captureStream gave no track');
  track.addEventListener('ended', () => clearInterval(timer));
  const stop = track.stop.bind(track);
  track.stop = () => {
    clearInterval(timer);
    stop();
  };
  return track;
}
