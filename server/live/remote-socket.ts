import type { LiveNamespace, LiveSocket, LiveSocketData, PeerSocket } from './peer.ts';

/**
 * A site's socket on another node, as the meeting's owner sees it: what it emits and the rooms
 * it joins reach the socket through socket.io's adapter; its `data` is the owner's own record of
 * it (the user the other node signed in, the peer it joined as). The node holding the socket
 * reports its disconnect (`gone`), or the owner finds that node dead.
 */
export class RemoteSocket implements PeerSocket {
  readonly id: string;
  /** The node that holds the socket. */
  readonly node: string;
  readonly data: LiveSocketData;
  private readonly nsp: LiveNamespace;
  private open = true;

  constructor(nsp: LiveNamespace, id: string, node: string, data: LiveSocketData) {
    this.nsp = nsp;
    this.id = id;
    this.node = node;
    this.data = data;
  }

  get connected(): boolean {
    return this.open;
  }

  readonly emit: LiveSocket['emit'] = ((event: string, ...args: unknown[]) =>
    (this.nsp.to(this.id).emit as (e: string, ...a: unknown[]) => boolean)(event, ...args));

  join(rooms: string | string[]): void {
    this.nsp.in(this.id).socketsJoin(rooms);
  }

  leave(room: string): void {
    this.nsp.in(this.id).socketsLeave(room);
  }

  disconnect(close = false): void {
    this.open = false;
    this.nsp.in(this.id).disconnectSockets(close);
  }

  /** Its node reported it gone (or the node died). */
  gone(): void {
    this.open = false;
  }
}
