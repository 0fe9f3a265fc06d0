import type { FastifyBaseLogger } from 'fastify';
import { Unavailable } from '../lib/errors.ts';
import { MediaPeer, type MediaPeerEvents } from '../media/peer.ts';
import type { NodePipes } from '../media/node-pipes.ts';
import type { PeerMedia } from '../media/peer-media.ts';
import { MediaRoom } from '../media/room.ts';
import type { MediaPool, PooledWorker } from '../media/worker-pool.ts';
import type { RemoteMedia } from './remote-media.ts';
import { NodeSpeakers } from './node-speakers.ts';

export interface MeetingMediaOptions {
  pool: MediaPool | null;
  pipeConsumers: number;
  log: FastifyBaseLogger;
  meetingId: string;
  /** With media on each site's node (NODE_MEDIA=site): opens the media of a peer whose socket is on another node there. */
  remote: RemoteMedia | null;
  /** Several nodes with media on each site's node: pipes producers in from the node they are on. */
  pipes: NodePipes | null;
  onActiveSpeaker(producerId: string | null, volume: number | null): void;
  /** A worker of another node holding peers' media died under the meeting. */
  onRemoteLost(): void;
}

/**
 * A live meeting's media room: created once on first use (one cached promise, so two
 * simultaneous first admissions share one router), replaced when closed, and closed when the
 * last admitted peer goes — unless an admission is still waiting for a router.
 */
export class MeetingMedia {
  private media: Promise<MediaRoom> | null = null;
  private resolvedRoom: MediaRoom | null = null;
  /** Admissions waiting for a router: the media room must not close under them. */
  private admitting = 0;
  /** The loudest producer each node reported ('' this one). */
  private readonly loudest = new NodeSpeakers();
  private speaker: string | null = null;

  private readonly opts: MeetingMediaOptions;
  constructor(opts: MeetingMediaOptions) {
    this.opts = opts;
  }

  /** The meeting's media room, created on first use; a closed one is replaced. */
  room(): Promise<MediaRoom> {
    const { pool } = this.opts;
    if (!pool) return Promise.reject(new Unavailable('Máy chủ media chưa chạy. / No media server is running (MEDIA_WORKERS=0).'));
    if (!this.media) {
      const { pipes, meetingId } = this.opts;
      const created = MediaRoom.create(pool, {
        pipeConsumers: this.opts.pipeConsumers, log: this.opts.log, onActiveSpeaker: (producerId, volume) => this.speakerOn('', producerId, volume),
        ...(pipes ? { fetchRemote: (room: MediaRoom, producerId: string, home: string) => pipes.fetch(meetingId, room, producerId, home) } : {}),
      });
      this.media = created;
      created.then(
        (room) => {
          this.resolvedRoom = room;
        },
        () => {
          if (this.media === created) this.media = null;
        },
      );
    }
    const current = this.media;
    return current.then((room) => {
      if (!room.closed) return room;
      if (this.media === current) this.media = null;
      return this.room();
    });
  }

  /** A new peer's media: on the node holding its socket when that is another node (and media goes there), else here. */
  newPeer(peerId: string, events: MediaPeerEvents, at: { node: string; socketId: string } | null): Promise<PeerMedia> {
    const { remote, meetingId } = this.opts;
    if (!at || !remote) return this.newLocalPeer(peerId, events);
    return remote.open({ ...at, meetingId, peerId, events, speaker: (producerId, volume) => this.speakerOn(at.node, producerId, volume), lost: () => this.opts.onRemoteLost() });
  }

  /** A new peer's media on a router of this node's room; the room stays open while it is being made. */
  async newLocalPeer(peerId: string, events: MediaPeerEvents): Promise<MediaPeer> {
    this.admitting++;
    try {
      const room = await this.room();
      const home = await room.routerForPeer();
      return new MediaPeer(room, home, peerId, events);
    } finally {
      this.admitting--;
    }
  }

  /** The room as it is now, if open (the pipes of other nodes reach it by meeting). */
  current(): MediaRoom | null {
    return this.resolvedRoom && !this.resolvedRoom.closed ? this.resolvedRoom : null;
  }

  /** True when a worker's death broke the room itself (peers' routers are checked by the meeting). */
  lost(slot: PooledWorker): boolean {
    return this.resolvedRoom?.lostWorker === slot;
  }

  /** "Router closed when the last peer leaves." */
  closeIfIdle(admittedPeers: number): void {
    if (admittedPeers === 0 && this.admitting === 0) this.close();
  }

  close(): void {
    const media = this.media;
    this.media = null;
    this.loudest.forget('');
    void media?.then((room) => room.close(), () => undefined);
  }

  /** The meeting's active speaker over its nodes: the loudest any node hears (node-speakers.ts). */
  private speakerOn(node: string, producerId: string | null, volume: number | null): void {
    const loudest = this.loudest.report(node, producerId, volume);
    const next = loudest?.producerId ?? null;
    if (next === this.speaker) return;
    this.speaker = next;
    this.opts.onActiveSpeaker(next, loudest?.volume ?? null);
  }

  /** A worker died under the room: close it and build a new one right away, on the surviving or replacement workers. */
  rebuild(): void {
    this.close();
    void this.room().catch((err: unknown) => this.opts.log.error({ err, meetingId: this.opts.meetingId }, 'could not rebuild media room'));
  }
}
