import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../db/client.ts';
import { WriteQueue } from '../lib/write-queue.ts';
import type { PresenceKey, PresenceListener } from '../live/presence.ts';
import { attendanceEvents, type AttendanceKind } from './schema.ts';

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
 */
export class PresenceTracker implements PresenceListener {
  private readonly sessions = new Map<string, Session>();
  readonly writes: WriteQueue;

  constructor(
    private readonly db: Db,
    private readonly graceMs: number,
    log: FastifyBaseLogger,
  ) {
    this.writes = new WriteQueue(log, 'attendance');
  }

  /** A peer of this session is in the meeting. Returns what was recorded. */
  arrive(key: PresenceKey, data: Record<string, unknown> = {}): 'join' | 'reconnect' {
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
      this.write(key, 'reconnect', now, { ...data, awaySince: awaySince?.toISOString() ?? now.toISOString(), gapSeconds });
      return 'reconnect';
    }
    this.sessions.set(id, { ...key, peers: 1, awaySince: null, timer: null });
    this.write(key, 'join', now, data);
    return 'join';
  }

  /**
   * A peer of this session went away. 'leave' is final (the user left, was removed, the meeting
   * ended); 'away' waits for the grace period before it becomes a leave.
   */
  depart(key: PresenceKey, how: 'leave' | 'away', data: Record<string, unknown> = {}): void {
    const id = keyOf(key);
    const session = this.sessions.get(id);
    if (!session) return;
    session.peers = Math.max(0, session.peers - 1);
    if (session.peers > 0) return;
    const now = new Date();
    if (how === 'leave' || this.graceMs === 0) {
      this.finish(session, now, data);
      return;
    }
    session.awaySince = now;
    session.timer = setTimeout(() => this.finish(session, now, { ...data, reason: data['reason'] ?? 'disconnected' }), this.graceMs);
    session.timer.unref();
  }

  /** Headcount declarations and roll-call answers: plain events, no presence change. */
  record(key: PresenceKey, kind: Extract<AttendanceKind, 'headcount' | 'rollcall'>, data: Record<string, unknown>): void {
    this.write(key, kind, new Date(), data);
  }

  /** Sessions still in their grace period become leaves now (meeting ended, server stopping). */
  settle(meetingId?: string, data: Record<string, unknown> = {}): void {
    for (const session of [...this.sessions.values()]) {
      if (meetingId && session.meetingId !== meetingId) continue;
      // Dated when the link was lost, and still a disconnection: it did not stay to the end.
      if (session.awaySince) this.finish(session, session.awaySince, { reason: 'disconnected', settledBy: data['reason'] ?? null });
    }
  }

  idle(): Promise<void> {
    return this.writes.idle();
  }

  /** Sessions with a connected peer or within their grace period (tests, diagnostics). */
  get openSessions(): number {
    return this.sessions.size;
  }

  private finish(session: Session, at: Date, data: Record<string, unknown>): void {
    if (session.timer) clearTimeout(session.timer);
    this.sessions.delete(keyOf(session));
    this.write(session, 'leave', at, data);
  }

  private write(key: PresenceKey, kind: AttendanceKind, at: Date, data: Record<string, unknown>): void {
    const { meetingId, siteId, userId, sessionId } = key;
    void this.writes.push(() => this.db.insert(attendanceEvents).values({ meetingId, siteId, userId, sessionId, kind, at, data }));
  }
}

function keyOf(key: PresenceKey): string {
  return `${key.meetingId}|${key.userId}|${key.sessionId}`;
}
