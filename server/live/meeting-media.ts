import type { FastifyBaseLogger } from 'fastify';
import { Unavailable } from '../lib/errors.ts';
import { MediaPeer, type MediaPeerEvents } from '../media/peer.ts';
import { MediaRoom } from '../media/room.ts';
import type { MediaPool, PooledWorker } from '../media/worker-pool.ts';

export interface MeetingMediaOptions {
  pool: MediaPool | null;
  pipeConsumers: number;
  log: FastifyBaseLogger;
  meetingId: string;
  onActiveSpeaker(producerId: string | null): void;
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

  private readonly opts: MeetingMediaOptions;
  constructor(opts: MeetingMediaOptions) {
    this.opts = opts;
  }

  /** The meeting's media room, created on first use; a closed one is replaced. */
  room(): Promise<MediaRoom> {
    const { pool } = this.opts;
    if (!pool) return Promise.reject(new Unavailable('Máy chủ media chưa chạy. / No media server is running (MEDIA_WORKERS=0).'));
    if (!this.media) {
      const created = MediaRoom.create(pool, { pipeConsumers: this.opts.pipeConsumers, log: this.opts.log, onActiveSpeaker: (producerId) => this.opts.onActiveSpeaker(producerId) });
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

  /** A new peer's media on a router of the room; the room stays open while it is being made. */
  async newPeer(peerId: string, events: MediaPeerEvents): Promise<MediaPeer> {
    this.admitting++;
    try {
      const room = await this.room();
      const home = await room.routerForPeer();
      return new MediaPeer(room, home, peerId, events);
    } finally {
      this.admitting--;
    }
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
    void media?.then((room) => room.close(), () => undefined);
  }

  /** A worker died under the room: close it and build a new one right away, on the surviving or replacement workers. */
  rebuild(): void {
    this.close();
    void this.room().catch((err: unknown) => this.opts.log.error({ err, meetingId: this.opts.meetingId }, 'could not rebuild media room'));
  }
}
