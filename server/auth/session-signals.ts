/**
 * Auth tells the layers above it (the socket server) that sessions stopped being valid, so
 * they can drop what those sessions opened. Auth sits below sockets and cannot call them.
 */
export class SessionSignals {
  private readonly listeners: Array<(ended: EndedSessions, fromNode: boolean) => void> = [];
  private count = 0;

  /**
   * How many endings were signalled so far. A socket's handshake reads it before it looks its
   * session up: when it has moved by the time the socket is connected, a logout may have come
   * between the two and missed the socket, so the session is looked up again.
   */
  get signalled(): number {
    return this.count;
  }

  /** `fromNode`: another node of the deployment ended them (nodes/ passes it on; not to be sent back). */
  onEnded(listener: (ended: EndedSessions, fromNode: boolean) => void): void {
    this.listeners.push(listener);
  }

  ended(ended: EndedSessions, fromNode = false): void {
    this.count++;
    for (const listener of this.listeners) listener(ended, fromNode);
  }
}

/** One session (logout) or every session of a user (account deactivated). */
export type EndedSessions = { sessionId: string } | { userId: string };
