import type { Resource } from '../auth/policy.ts';
import type { WriteQueues } from '../lib/write-queue.ts';
import type { PooledWorker } from '../media/worker-pool.ts';
import type { MeetingRow } from '../meetings/schema.ts';
import { LiveMeeting, type CloseReason, type LiveContext } from './live-meeting.ts';
import type { PeerSocket } from './peer.ts';
import { PresenceFeed } from './presence.ts';

/**
 * The live meetings of this server, by meeting id. A meeting is opened by its first join and
 * forgotten when its last peer goes; opening is synchronous, so two joins racing for the same
 * meeting always find the same LiveMeeting (and through it the same media room).
 */
export class LiveRegistry {
  private readonly meetings = new Map<string, LiveMeeting>();
  private readonly ctx: LiveContext;
  /** Who comes and goes: attendance/ listens. */
  readonly presence = new PresenceFeed();

  constructor(ctx: Omit<LiveContext, 'onEmpty' | 'presence' | 'speakerWrites'> & { speakerWrites: WriteQueues }) {
    this.speakerWrites = ctx.speakerWrites;
    this.ctx = {
      ...ctx,
      speakerWrites: (meetingId) => ctx.speakerWrites.for(meetingId),
      presence: this.presence,
      onEmpty: (meeting) => {
        if (this.meetings.get(meeting.id) === meeting) this.meetings.delete(meeting.id);
      },
    };
  }

  /** The speaker log's pending writes, by meeting (readers wait for their meeting's). */
  readonly speakerWrites: WriteQueues;

  get size(): number {
    return this.meetings.size;
  }

  /** The live meetings (for metrics and shutdown notices). */
  all(): LiveMeeting[] {
    return [...this.meetings.values()];
  }

  get(meetingId: string): LiveMeeting | undefined {
    return this.meetings.get(meetingId);
  }

  /** The live meeting for this row, created if needed; its row and access resource are refreshed. */
  open(meeting: MeetingRow, resource: Resource): LiveMeeting {
    const existing = this.meetings.get(meeting.id);
    if (existing && !existing.closed) {
      // The live room knows it went live even if this row was read just before.
      existing.meeting = existing.meeting.status === 'live' && meeting.status !== 'ended' ? { ...meeting, status: 'live' } : meeting;
      existing.resource = resource;
      return existing;
    }
    const live = new LiveMeeting(this.ctx, meeting, resource);
    this.meetings.set(meeting.id, live);
    return live;
  }

  /** The socket's current peer and its meeting, if it joined one. */
  peerOf(socket: PeerSocket) {
    const at = socket.data.live;
    const live = at ? this.meetings.get(at.meetingId) : undefined;
    const peer = at ? live?.peers.get(at.peerId) : undefined;
    return live && peer ? { live, peer } : null;
  }

  /** The socket went away (network, tab closed, server stopping): its peer goes the one way peers go. */
  disconnected(socket: PeerSocket, reason: CloseReason): void {
    const found = this.peerOf(socket);
    if (!found) return;
    if (reason === 'disconnected' && found.live.grace.detach(found.peer)) return;
    void found.live.closePeer(found.peer, reason);
  }

  /** A media worker died: every meeting that had media on it drops its media and asks its peers to rejoin. */
  workerDied(dead: PooledWorker): void {
    for (const live of this.meetings.values()) {
      if (live.usesWorker(dead)) live.resetMedia('media_worker_restarted');
    }
  }

  /** Server stopping: every meeting closes its peers and media, and the open presences end. */
  async close(): Promise<void> {
    const closing = [...this.meetings.values()].map((live) => live.close('shutdown'));
    this.meetings.clear();
    this.ctx.presence.settle(undefined, { reason: 'shutdown' });
    await Promise.all(closing);
  }
}
