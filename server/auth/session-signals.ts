/**
 * Auth tells the layers above it (the socket server) that sessions stopped being valid, so
 * they can drop what those sessions opened. Auth sits below sockets and cannot call them.
 */
export class SessionSignals {
  private readonly listeners: Array<(ended: EndedSessions) => void> = [];

  onEnded(listener: (ended: EndedSessions) => void): void {
    this.listeners.push(listener);
  }

  ended(ended: EndedSessions): void {
    for (const listener of this.listeners) listener(ended);
  }
}

/** One session (logout) or every session of a user (account deactivated). */
export type EndedSessions = { sessionId: string } | { userId: string };
