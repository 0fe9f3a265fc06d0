import type { Db } from '../db/client.ts';
import { Conflict } from '../lib/errors.ts';
import type { Writes } from '../lib/write-queue.ts';
import type { CurrentItem } from './agenda.ts';
import type { LivePeer } from './peer.ts';
import type { FloorState } from './protocol.ts';
import type { FloorEndReason } from './schema.ts';
import { endGrant, insertGrant } from './speaker-log.ts';

interface Holder {
  peer: LivePeer;
  grantedAt: Date;
  endsAt: Date | null;
  /** speaker_log row id, filled in by the queued insert before the queued end runs. */
  log: { id: string | null };
}

export interface FloorDeps {
  db: Db;
  writes: Writes;
  meetingId: string;
  /** The time limit ran out; the meeting takes the floor back (with its mute rules). */
  onLimit(): void;
  /** The agenda item under discussion: each grant belongs to it. */
  currentItem(): CurrentItem | null;
}

/**
 * The formal speaking queue (đăng ký phát biểu): sites ask for the floor, the chair grants it
 * to one at a time, optionally for a limited time, and takes it back. Every grant becomes a
 * speaker_log row (start, end, why it ended). This class keeps only the queue and the log;
 * the live meeting applies what holding the floor means for microphones.
 */
export class FloorControl {
  private holderEntry: Holder | null = null;
  private readonly waiting: { peer: LivePeer; requestedAt: Date }[] = [];
  private timer: NodeJS.Timeout | null = null;
  /** The last speaker-log write; a handler awaits it before answering (acknowledged means stored). */
  private lastWrite: Promise<void> = Promise.resolve();

  private readonly deps: FloorDeps;
  constructor(deps: FloorDeps) {
    this.deps = deps;
  }

  get holder(): LivePeer | null {
    return this.holderEntry?.peer ?? null;
  }

  state(): FloorState {
    const h = this.holderEntry;
    return {
      holderPeerId: h?.peer.peerId ?? null,
      holderSiteName: h?.peer.siteName ?? null,
      grantedAt: h?.grantedAt.toISOString() ?? null,
      endsAt: h?.endsAt?.toISOString() ?? null,
      queue: this.waiting.map((w) => ({ peerId: w.peer.peerId, siteName: w.peer.siteName, requestedAt: w.requestedAt.toISOString() })),
    };
  }

  request(peer: LivePeer): void {
    if (this.holderEntry?.peer === peer) throw new Conflict('Bạn đang được phát biểu. / You already have the floor.');
    if (!this.waiting.some((w) => w.peer === peer)) this.waiting.push({ peer, requestedAt: new Date() });
  }

  /** Withdraws a request; the holder giving the floor back ends the grant as 'cancel'. Returns the holder that ended, if any. */
  cancel(peer: LivePeer): LivePeer | null {
    this.dequeue(peer);
    return this.holderEntry?.peer === peer ? this.end('cancel') : null;
  }

  /** Gives the floor to `peer` (ending the current grant, if any, as the chair's). Returns the previous holder. */
  grant(peer: LivePeer, by: LivePeer, limitSeconds: number | undefined): LivePeer | null {
    const previous = this.end('chair');
    this.dequeue(peer);
    const grantedAt = new Date();
    const endsAt = limitSeconds ? new Date(grantedAt.getTime() + limitSeconds * 1000) : null;
    const log = { id: null as string | null };
    this.holderEntry = { peer, grantedAt, endsAt, log };
    const { db, meetingId } = this.deps;
    const item = this.deps.currentItem();
    this.track(this.deps.writes.enqueue(async () => {
      log.id = await insertGrant(db, {
        meetingId, siteId: peer.siteId, siteName: peer.siteName, userId: peer.user.id,
        speakerName: peer.substituteName ?? peer.displayName, limitSeconds: limitSeconds ?? null, grantedBy: by.user.id, grantedAt,
        agendaIndex: item?.index ?? null, agendaTitle: item?.title ?? null,
      });
    }));
    if (limitSeconds) {
      this.timer = setTimeout(() => this.deps.onLimit(), limitSeconds * 1000);
      this.timer.unref();
    }
    return previous;
  }

  /** Ends the current grant, if any; returns the peer that held the floor. */
  end(reason: FloorEndReason): LivePeer | null {
    const h = this.holderEntry;
    if (!h) return null;
    this.holderEntry = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const endedAt = new Date();
    const { db } = this.deps;
    this.track(this.deps.writes.enqueue(async () => {
      if (h.log.id) await endGrant(db, h.log.id, endedAt, reason);
    }));
    return h.peer;
  }

  /** A peer left: out of the queue, and its grant ends as 'left'. Returns true if the floor state changed. */
  peerGone(peer: LivePeer): boolean {
    const queued = this.dequeue(peer);
    if (this.holderEntry?.peer === peer) {
      this.end('left');
      return true;
    }
    return queued;
  }

  /** A site reconnected as a new peer: its grant or place in the queue follows it. */
  replacePeer(old: LivePeer, next: LivePeer): void {
    if (this.holderEntry?.peer === old) this.holderEntry.peer = next;
    for (const w of this.waiting) if (w.peer === old) w.peer = next;
  }

  /** Meeting over: the grant ends as the chair's, the queue is dropped. */
  close(): void {
    this.end('chair');
    this.waiting.length = 0;
  }

  /** Resolves once every grant and end made so far is in the speaker log. */
  stored(): Promise<void> {
    return this.lastWrite;
  }

  private track(write: Promise<void>): void {
    this.lastWrite = write;
  }

  private dequeue(peer: LivePeer): boolean {
    const at = this.waiting.findIndex((w) => w.peer === peer);
    if (at === -1) return false;
    this.waiting.splice(at, 1);
    return true;
  }
}
