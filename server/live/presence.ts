/** One site session of one account in a meeting: the unit of presence. */
export interface PresenceKey {
  meetingId: string;
  siteId: string;
  userId: string;
  /** The client's site session id (one browser tab, kept across its reconnects). */
  sessionId: string;
}

/**
 * What the live room reports about who is present. The room keeps no attendance itself:
 * attendance/ (above live/) listens and turns the reports into durable records.
 */
export interface PresenceListener {
  /** Each report resolves once it is stored: what a client is answered for is durable first. */
  arrive(key: PresenceKey, data?: Record<string, unknown>): Promise<void>;
  /** 'leave' is final; 'away' (a lost connection) may still come back as the same presence. */
  depart(key: PresenceKey, how: 'leave' | 'away', data?: Record<string, unknown>): Promise<void>;
  /** A headcount declaration or a roll-call event: no change of presence. Rejects when not stored. */
  record(key: PresenceKey, kind: 'headcount' | 'rollcall', data: Record<string, unknown>): Promise<void>;
  /** Presences still waiting to come back end now: the meeting's (it ended), or all (the server stops). */
  settle(meetingId: string | undefined, data?: Record<string, unknown>): void;
  /** Resolves once everything reported so far is stored. */
  idle(): Promise<void>;
  /**
   * This node took the meeting over from a node that died: the presences that node left open
   * are lost links from now on, so a site that comes back is one presence with a gap.
   */
  adopt(meetingId: string): Promise<void>;
}

/** Hands every report to each listener, in the order they registered. */
export class PresenceFeed implements PresenceListener {
  private readonly listeners: PresenceListener[] = [];

  listen(listener: PresenceListener): void {
    this.listeners.push(listener);
  }

  async arrive(key: PresenceKey, data?: Record<string, unknown>): Promise<void> {
    await Promise.all(this.listeners.map((l) => l.arrive(key, data)));
  }

  async depart(key: PresenceKey, how: 'leave' | 'away', data?: Record<string, unknown>): Promise<void> {
    await Promise.all(this.listeners.map((l) => l.depart(key, how, data)));
  }

  async record(key: PresenceKey, kind: 'headcount' | 'rollcall', data: Record<string, unknown>): Promise<void> {
    await Promise.all(this.listeners.map((l) => l.record(key, kind, data)));
  }

  settle(meetingId: string | undefined, data?: Record<string, unknown>): void {
    for (const l of this.listeners) l.settle(meetingId, data);
  }

  async idle(): Promise<void> {
    await Promise.all(this.listeners.map((l) => l.idle()));
  }

  async adopt(meetingId: string): Promise<void> {
    await Promise.all(this.listeners.map((l) => l.adopt(meetingId)));
  }
}
