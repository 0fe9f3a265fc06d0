import type { FastifyBaseLogger } from 'fastify';
import type { types } from 'mediasoup';
import { NotFound } from '../lib/errors.ts';
import type { NodePipes } from '../media/node-pipes.ts';
import type { MediaPeer } from '../media/peer.ts';
import type { Direction, ViewWant } from '../media/peer-media.ts';
import type { MediaSource, ReceiveMode } from '../media/types.ts';
import type { MediaPool } from '../media/worker-pool.ts';
import type { Nodes } from '../nodes/plugin.ts';
import { emit } from './emit.ts';
import { MeetingMedia } from './meeting-media.ts';
import type { LiveNamespace } from './peer.ts';
import type { MediaEvent } from './remote-media.ts';

/** A meeting another node owns, as far as its sites here need media. */
interface Hosted {
  owner: string;
  media: MeetingMedia;
  peers: Map<string, MediaPeer>;
  /** The socket each peer speaks through (here): a resume on a new socket moves it (`media.attach`). */
  sockets: Map<string, string>;
  /** Peers whose media is being made: the meeting stays while they are. */
  opening: number;
}

type Args = Record<string, unknown>;
type Op = (media: MediaPeer, a: Args) => Promise<unknown>;

/** What each `media.peer` call runs on the peer's MediaPeer; answers are plain JSON for the owner. */
const ops: Record<string, Op> = {
  createTransport: async (m, a) => {
    const t = await m.createTransport(a.direction as Direction);
    return { id: t.id, iceParameters: t.iceParameters, iceCandidates: t.iceCandidates, dtlsParameters: t.dtlsParameters };
  },
  connectTransport: (m, a) => m.connectTransport(a.transportId as string, a.dtlsParameters as types.DtlsParameters),
  restartIce: (m, a) => m.restartIce(a.transportId as string),
  produce: async (m, a) => {
    const p = await m.produce(a.transportId as string, a.kind as types.MediaKind, a.rtpParameters as types.RtpParameters, a.source as MediaSource, a.byChair === true);
    return { id: p.id, paused: p.paused };
  },
  closeProducer: (m, a) => m.closeProducer(a.producerId as string),
  pauseProducer: (m, a) => m.pauseProducer(a.producerId as string, a.byChair === true),
  resumeProducer: (m, a) => m.resumeProducer(a.producerId as string, a.onlyByChair === true),
  consume: async (m, a) => {
    const c = await m.consume(a.producerId as string, a.rtpCapabilities as types.RtpCapabilities, a.source as MediaSource,
      a.preferredLayers as types.ConsumerLayers | undefined, (a.home as string | null | undefined) ?? null);
    return { id: c.id, producerId: c.producerId, kind: c.kind, rtpParameters: c.rtpParameters, type: c.type, producerPaused: c.producerPaused };
  },
  setOffscreen: (m, a) => m.setOffscreen(a.consumerId as string, a.offscreen === true),
  acknowledge: (m, a) => m.acknowledge(a.consumerId as string),
  setPreferredLayers: (m, a) => m.setPreferredLayers(a.consumerId as string, a.layers as types.ConsumerLayers),
  setReceiveMode: (m, a) => m.setReceiveMode(a.mode as ReceiveMode),
  applyView: (m, a) => m.applyView(a.want as ViewWant),
};

/**
 * The media of this node's sites in meetings other nodes own (docs/scaling.md, "Media across
 * nodes"): the owner runs the signalling and its rules, and calls here (`media.open`,
 * `media.peer`, `media.close`) for what a site's MediaPeer does, and `media.attach` when the
 * site resumes on a new socket here. Each such meeting has a MeetingMedia of its own on this
 * node's workers, closed when its last peer here goes or its owner dies. A consumer closing is told to the site's socket from here; a producer closing and
 * the loudest producer heard here are told to the owner (`media.event`).
 */
export class MediaHost {
  private readonly meetings = new Map<string, Hosted>();
  private readonly nodes: Nodes;
  private readonly pool: MediaPool;
  private readonly nsp: LiveNamespace;
  private readonly log: FastifyBaseLogger;
  private readonly pipeConsumers: number;
  private readonly pipes: NodePipes | null;
  private readonly stopWatching: () => void;

  constructor(opts: { nodes: Nodes; pool: MediaPool; nsp: LiveNamespace; log: FastifyBaseLogger; pipeConsumers: number; pipes: NodePipes | null }) {
    this.pipes = opts.pipes;
    this.nodes = opts.nodes;
    this.pool = opts.pool;
    this.nsp = opts.nsp;
    this.log = opts.log;
    this.pipeConsumers = opts.pipeConsumers;
    const { link, directory } = opts.nodes;
    link.handle('media.open', (args, from) => this.open(args as { meetingId: string; peerId: string; socketId: string }, from));
    link.handle('media.peer', (args) => this.run(args as { meetingId: string; peerId: string; op: string; args: Args }));
    link.handle('media.attach', async (args) => {
      const { meetingId, peerId, socketId } = args as { meetingId: string; peerId: string; socketId: string };
      const hosted = this.meetings.get(meetingId);
      if (!hosted?.peers.has(peerId)) throw new NotFound(`Media of peer ${peerId}`);
      hosted.sockets.set(peerId, socketId);
      return null;
    });
    link.handle('media.close', async (args) => {
      const { meetingId, peerId } = args as { meetingId: string; peerId: string };
      this.closePeer(meetingId, peerId);
      return null;
    });
    this.stopWatching = opts.pool.onWorkerDied((dead) => {
      for (const [meetingId, hosted] of this.meetings) {
        if (!hosted.media.lost(dead) && ![...hosted.peers.values()].some((m) => m.usesWorker(dead))) continue;
        // As on the owner's own workers: the meeting's peers rejoin (the owner asks them to).
        const [peerId] = hosted.peers.keys();
        if (peerId) this.tell(hosted, { meetingId, peerId, kind: 'lost' });
        this.closeMeeting(meetingId, hosted);
      }
    });
    directory.onDeath((nodeId) => {
      for (const [meetingId, hosted] of this.meetings) if (hosted.owner === nodeId) this.closeMeeting(meetingId, hosted);
    });
  }

  /** A site's media kept here for a meeting another node owns. */
  peer(meetingId: string, peerId: string): MediaPeer | undefined {
    return this.meetings.get(meetingId)?.peers.get(peerId);
  }

  /** This node's room of a meeting it hosts media for, if open. */
  room(meetingId: string) {
    return this.meetings.get(meetingId)?.media.current() ?? null;
  }

  /** The media this node hosts, by meeting (metrics count it as they count the meetings owned here). */
  hosted(): { meetingId: string; media: MediaPeer[] }[] {
    return [...this.meetings].map(([meetingId, hosted]) => ({ meetingId, media: [...hosted.peers.values()] }));
  }

  /** Meetings whose media this node hosts for their owners. */
  get size(): number {
    return this.meetings.size;
  }

  close(): void {
    this.stopWatching();
    for (const [meetingId, hosted] of this.meetings) this.closeMeeting(meetingId, hosted);
  }

  private async open(a: { meetingId: string; peerId: string; socketId: string }, owner: string) {
    let hosted = this.meetings.get(a.meetingId);
    if (!hosted) {
      const media = new MeetingMedia({
        pool: this.pool, pipeConsumers: this.pipeConsumers, log: this.log, meetingId: a.meetingId, remote: null, pipes: this.pipes,
        onActiveSpeaker: (producerId, volume) => this.tellSpeaker(a.meetingId, producerId, volume), onRemoteLost: () => {},
      });
      hosted = { owner, media, peers: new Map(), sockets: new Map(), opening: 0 };
      this.meetings.set(a.meetingId, hosted);
    }
    // The meeting changed hands (its owner died, another took it): its news go to the new one.
    hosted.owner = owner;
    const at = hosted;
    at.opening++;
    let media: MediaPeer;
    try {
      media = await at.media.newLocalPeer(a.peerId, {
        consumerClosed: (consumerId) => emit(this.nsp.to(at.sockets.get(a.peerId) ?? a.socketId), 'consumerClosed', { consumerId }),
        producerClosed: (producerId) => this.tell(at, { meetingId: a.meetingId, peerId: a.peerId, kind: 'producerClosed', producerId }),
        encodeLayers: (producerId, spatialLayer) => emit(this.nsp.to(at.sockets.get(a.peerId) ?? a.socketId), 'encodeLayers', { producerId, spatialLayer }),
      });
    } finally {
      at.opening--;
    }
    at.peers.get(a.peerId)?.close();
    at.peers.set(a.peerId, media);
    at.sockets.set(a.peerId, a.socketId);
    return { rtpCapabilities: media.rtpCapabilities };
  }

  private async run(a: { meetingId: string; peerId: string; op: string; args: Args }): Promise<unknown> {
    const media = this.meetings.get(a.meetingId)?.peers.get(a.peerId);
    if (!media) throw new NotFound(`Media of peer ${a.peerId}`);
    const op = ops[a.op];
    if (!op) throw new NotFound(`Media call ${a.op}`);
    return op(media, a.args);
  }

  private closePeer(meetingId: string, peerId: string): void {
    const hosted = this.meetings.get(meetingId);
    const media = hosted?.peers.get(peerId);
    if (!hosted || !media) return;
    hosted.peers.delete(peerId);
    hosted.sockets.delete(peerId);
    media.close();
    if (hosted.peers.size === 0 && hosted.opening === 0) this.closeMeeting(meetingId, hosted);
  }

  private closeMeeting(meetingId: string, hosted: Hosted): void {
    if (this.meetings.get(meetingId) === hosted) this.meetings.delete(meetingId);
    for (const media of hosted.peers.values()) media.close();
    hosted.peers.clear();
    hosted.sockets.clear();
    hosted.media.close();
  }

  private tellSpeaker(meetingId: string, producerId: string | null, volume: number | null): void {
    const hosted = this.meetings.get(meetingId);
    const [peerId] = hosted?.peers.keys() ?? [];
    if (hosted && peerId) this.tell(hosted, { meetingId, peerId, kind: 'speaker', producerId, volume });
  }

  private tell(hosted: Hosted, event: MediaEvent): void {
    this.nodes.link.call(hosted.owner, 'media.event', event).catch((err: unknown) => this.log.warn({ err, owner: hosted.owner }, 'could not tell the owner of a media event'));
  }
}
