import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/client.ts';
import { WriteQueues } from '../lib/write-queue.ts';
import type { PresenceKey, PresenceListener } from '../live/presence.ts';
import { openPresencesOf, storeArrivals, storeAways, storeEvents, storeLeaves, touchPresences, type PresenceEvent } from './open-presences.ts';
import type { AttendanceKind } from './schema.ts';

interface Session extends PresenceKey {
  peers: number;
  /** Set while no peer of the session is connected; the grace period runs from here. */
  awaySince: Date | null;
  timer: NodeJS.Timeout | null;
}

/**
 * Turns live presence into durable attendance events. A site session that drops and comes back
 * within the grace period is one presence with a gap: a 'reconnect' event (with the gap), not a
 * leave and a second join. The leave of a session that never came back is written when the grace
 * period ends, dated when the connection was lost.
 *
 * What a client is answered for (its join, headcount, roll-call answer, leave) is stored before
 * the answer: each method returns the write's promise. Open presences are kept in
 * live_presences with a heartbeat, so a server that dies leaves enough to close them at start.
 */
export class PresenceTracker implements PresenceListener {
  private readonly sessions = new Map<string, Session>();
  /** One queue per meeting: a report waits for its own meeting's writes only. */
  readonly writes: WriteQueues;
  private readonly heartbeat: NodeJS.Timeout;

  private readonly db: Db;
  private readonly graceMs: number;
  constructor(
    db: Db,
    graceMs: number,
    log: FastifyBaseLogger,
    heartbeatMs = 15_000,
  ) {
    this.db = db;
    this.graceMs = graceMs;
    this.writes = new WriteQueues(log, 'attendance');
    this.heartbeat = setInterval(() => {
      // One statement per interval for every presence; skipped while the queue still has work.
      if (this.sessions.size > 0 && this.writes.pending() === 0) {
        const meetings = [...new Set([...this.sessions.values()].filter((s) => !s.awaySince).map((s) => s.meetingId))];
        void this.writes.for(HEARTBEAT).enqueue(() => touchPresences(this.db, meetings));
      }
    }, heartbeatMs);
    this.heartbeat.unref();
  }

  /** A peer of this session is in the meeting; resolves once stored. */
  arrive(key: PresenceKey, data: Record<string, unknown> = {}): Promise<void> {
    const id = keyOf(key);
    const session = this.sessions.get(id);
    const now = new Date();
    if (session) {
      const awaySince = session.awaySince;
      if (session.timer) clearTimeout(session.timer);
      session.timer = null;
      session.awaySince = null;
      session.peers++;
      const gapSeconds = awaySince ? Math.max(0, (now.getTime() - awaySince.getTime()) / 1000) : 0;
      const gap = { ...data, awaySince: awaySince?.toISOString() ?? now.toISOString(), gapSeconds };
      return this.arrival({ key, kind: 'reconnect', at: now, data: gap });
    }
    this.sessions.set(id, { ...key, peers: 1, awaySince: null, timer: null });
    return this.arrival({ key, kind: 'join', at: now, data });
  }

  /** Arrivals queued back to back are stored together: a thousand sites joining cost a few transactions. */
  private arrival(event: PresenceEvent<'join' | 'reconnect'>): Promise<void> {
    return this.writes.for(event.key.meetingId).batch('arrivals', event, (events) => storeArrivals(this.db, events), false);
  }

  /**
   * A peer of this session went away. 'leave' is final (the user left, was removed, the meeting
   * ended); 'away' waits for the grace period before it becomes a leave.
   */
  depart(key: PresenceKey, how: 'leave' | 'away', data: Record<string, unknown> = {}): Promise<void> {
    const id = keyOf(key);
    const session = this.sessions.get(id);
    if (!session) return Promise.resolve();
    session.peers = Math.max(0, session.peers - 1);
    if (session.peers > 0) return Promise.resolve();
    const now = new Date();
    if (how === 'leave' || this.graceMs === 0) return this.finish(session, now, data);
    session.awaySince = now;
    session.timer = setTimeout(() => void this.finish(session, now, { ...data, reason: data['reason'] ?? 'disconnected' }), this.graceMs);
    session.timer.unref();
    return this.writes.for(key.meetingId).batch('aways', { key, at: now }, (aways) => storeAways(this.db, aways), false);
  }

  /**
   * Headcount declarations and roll-call answers: plain events, no presence change. Resolves
   * once stored; rejects when the write failed or the queue is full (the client is told).
   */
  record(key: PresenceKey, kind: Extract<AttendanceKind, 'headcount' | 'rollcall'>, data: Record<string, unknown>): Promise<void> {
    const now = new Date();
    return this.writes.for(key.meetingId).batch('events', { key, kind, at: now, data }, (events) => storeEvents(this.db, events), true);
  }

  /** Sessions still in their grace period become leaves now (meeting ended, server stopping). */
  settle(meetingId?: string, data: Record<string, unknown> = {}): void {
    for (const session of [...this.sessions.values()]) {
      if (meetingId && session.meetingId !== meetingId) continue;
      // Dated when the link was lost, and still a disconnection: it did not stay to the end.
      if (session.awaySince) void this.finish(session, session.awaySince, { reason: 'disconnected', settledBy: data['reason'] ?? null });
    }
  }

  /**
   * Taken over from a node that died: its open presences of the meeting become this node's
   * lost links, away since their last known moment. A site back within the grace (counted from
   * now: the takeover came only after the node was found dead) is a reconnect with its gap;
   * one that is not is a leave dated when it was last seen.
   */
  adopt(meetingId: string): Promise<void> {
    return this.writes.for(meetingId).enqueue(async () => {
      for (const p of await openPresencesOf(this.db, meetingId)) {
        const id = keyOf(p);
        if (this.sessions.has(id)) continue;
        const { awaySince, ...key } = p;
        const session: Session = { ...key, peers: 0, awaySince, timer: null };
        session.timer = setTimeout(() => void this.finish(session, awaySince, { reason: 'disconnected', settledBy: 'takeover' }), this.graceMs);
        session.timer.unref();
        this.sessions.set(id, session);
      }
    });
  }

  /** The server stops: no more heartbeats. */
  stop(): void {
    clearInterval(this.heartbeat);
  }

  idle(): Promise<void> {
    return this.writes.idle();
  }

  /** Sessions with a connected peer or within their grace period (tests, diagnostics). */
  get openSessions(): number {
    return this.sessions.size;
  }

  private finish(session: Session, at: Date, data: Record<string, unknown>): Promise<void> {
    if (session.timer) clearTimeout(session.timer);
    this.sessions.delete(keyOf(session));
    const { meetingId, siteId, userId, sessionId } = session;
    const leave: PresenceEvent<'leave'> = { key: { meetingId, siteId, userId, sessionId }, kind: 'leave', at, data };
    return this.writes.for(meetingId).batch('leaves', leave, (leaves) => storeLeaves(this.db, leaves), false);
  }
}

/** The heartbeat stamps every meeting's presences at once: its own queue. */
const HEARTBEAT = '*';

function keyOf(key: PresenceKey): string {
  return `${key.meetingId}|${key.userId}|${key.sessionId}`;
}
