import type { Db } from '../db/client.ts';
import type { EndedSessions, SessionSignals } from './session-signals.ts';
import { loadSessionUser, type SessionUser } from './session-user.ts';
import { findSession, sessionIdOf } from './sessions.ts';

interface Entry {
  sessionId: string;
  userId: string;
  expiresAt: number;
  user: SessionUser | null;
  checkedAt: number;
}

/**
 * Who a session cookie belongs to, remembered for a few seconds. Resolving it costs three
 * queries (session, user with body and unit, delegations): on every request that was most of
 * a signed-in read's cost. A session or account ended in this process (logout, deactivation:
 * SessionSignals) is forgotten at once; one ended by another server process sharing the
 * PostgreSQL database, or by a hand edit of the database, is seen again within `ttlMs`.
 */
export class SessionCache {
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<Entry | null>>();
  private readonly db: Db;
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private generation = 0;

  constructor(db: Db, signals: SessionSignals, options: { ttlMs?: number; maxEntries?: number } = {}) {
    this.db = db;
    this.ttlMs = options.ttlMs ?? 5_000;
    this.maxEntries = options.maxEntries ?? 20_000;
    signals.onEnded((ended) => this.forget(ended));
  }

  /** The session's user, or null when the token names no live session of an active account. */
  async resolve(token: string): Promise<SessionUser | null> {
    const id = sessionIdOf(token);
    const now = Date.now();
    const cached = this.entries.get(id);
    if (cached && now - cached.checkedAt < this.ttlMs) return cached.expiresAt > now ? cached.user : null;
    // Concurrent requests of one session share one lookup.
    let lookup = this.pending.get(id);
    if (!lookup) {
      lookup = this.lookUp(token, id).finally(() => this.pending.delete(id));
      this.pending.set(id, lookup);
    }
    const entry = await lookup;
    return entry && entry.expiresAt > Date.now() ? entry.user : null;
  }

  private async lookUp(token: string, id: string): Promise<Entry | null> {
    const generation = this.generation;
    const checkedAt = Date.now();
    const session = await findSession(this.db, token);
    const user = session ? await loadSessionUser(this.db, session.userId) : null;
    if (!session) {
      this.entries.delete(id);
      return null;
    }
    const entry: Entry = { sessionId: id, userId: session.userId, expiresAt: session.expiresAt.getTime(), user, checkedAt };
    // A logout or deactivation signalled while this lookup ran may have read the old rows:
    // answer this request with them (it started before), but do not remember them.
    if (generation === this.generation) {
      if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(id, entry);
    }
    return entry;
  }

  private forget(ended: EndedSessions): void {
    this.generation++;
    // Requests from now on look the session up afresh rather than join a lookup begun before.
    this.pending.clear();
    if ('sessionId' in ended) this.entries.delete(ended.sessionId);
    else for (const [id, entry] of this.entries) if (entry.userId === ended.userId) this.entries.delete(id);
  }
}
