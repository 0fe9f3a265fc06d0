import type { FastifyInstance } from 'fastify';
import type { SessionUser } from '../auth/session-user.ts';
import { InvalidInput, Unavailable } from '../lib/errors.ts';
import type { LiveRoomControl } from '../meetings/live-rooms.ts';
import type { Nodes } from '../nodes/plugin.ts';
import type { Handler, HandlerContext } from './dispatcher.ts';
import { LiveOwners } from './owners.ts';
import type { LiveNamespace, LiveSocket } from './peer.ts';
import type { JoinResult } from './protocol.ts';
import type { LiveRegistry } from './registry.ts';
import { RemoteSocket } from './remote-socket.ts';

interface CallArgs {
  socketId: string;
  user: SessionUser;
  method: string;
  payload: unknown;
}

/** What a site is told when the node owning its meeting is gone: reconnect soon (here, or wherever the address sends it). */
const OWNER_GONE_NOTICE = { retryAfterMs: 300, spreadMs: 1_500 };

/**
 * One meeting served by several nodes. The node that owns a meeting (live_owners) keeps all of
 * its live state and runs every signalling call of its sites; a site connected to another node
 * has its calls forwarded there, one at a time and in order as its socket sends them, and gets
 * the owner's events through socket.io's adapter (the owner sees it as a RemoteSocket).
 *
 * A site's node that dies: the owner drops its peers as lost links (the media grace, then
 * attendance's 'away'), and the sites, reconnecting through another node, come back as the same
 * presence with a gap. An owner that dies: its sites' nodes tell them to reconnect; the first
 * rejoin claims the meeting for its node (a fresh room: floor and roll call start over).
 */
export class LiveCluster {
  private readonly app: FastifyInstance;
  private readonly nodes: Nodes;
  private readonly registry: LiveRegistry;
  private readonly nsp: LiveNamespace;
  private readonly owners: LiveOwners;
  private readonly byMethod: Map<string, Handler>;
  /** Sockets of other nodes in meetings this node owns, by socket id. */
  private readonly remote = new Map<string, RemoteSocket>();

  constructor(opts: { app: FastifyInstance; nodes: Nodes; registry: LiveRegistry; nsp: LiveNamespace; handlers: readonly Handler[] }) {
    this.app = opts.app;
    this.nodes = opts.nodes;
    this.registry = opts.registry;
    this.nsp = opts.nsp;
    this.owners = new LiveOwners(opts.app.db, opts.nodes.self, opts.app.config.NODE_DEAD_SECONDS);
    this.byMethod = new Map(opts.handlers.map((h) => [h.method, h]));
    const { link, directory } = opts.nodes;
    link.handle('live.call', (args, from) => this.served(args as CallArgs, from));
    link.handle('live.gone', async (args) => {
      this.gone((args as { socketId: string }).socketId);
      return null;
    });
    directory.onDeath((nodeId) => this.nodeDied(nodeId));
  }

  /**
   * Runs a socket's call where its meeting lives: here (`local`), or forwarded to the owner.
   * A join decides the owner; later calls go where the join went.
   */
  async route(socket: LiveSocket, method: string, payload: unknown, local: () => Promise<unknown>): Promise<unknown> {
    const at = socket.data.live;
    if (method !== 'join') {
      return at?.node ? this.forward(socket, at.node, method, payload) : local();
    }
    const meetingId = (payload as { meetingId?: unknown } | null)?.meetingId;
    if (typeof meetingId !== 'string') return local();
    const owner = this.registry.get(meetingId) ? this.nodes.self : await this.claim(meetingId);
    if (at?.node && (at.node !== owner || at.meetingId !== meetingId)) {
      // Leaving the meeting it was in on another node: that owner lets its peer go.
      await this.forward(socket, at.node, 'leave', {}).catch(() => undefined);
      delete socket.data.live;
    }
    if (owner === this.nodes.self) return local();
    const result = (await this.forward(socket, owner, 'join', payload)) as JoinResult;
    socket.data.live = { meetingId, peerId: result.peerId, node: owner };
    return result;
  }

  /**
   * HTTP's view of a live room (meetings/live-rooms.ts) across nodes: the room is on the node
   * that owns the meeting, so asking whether it is open, ending and starting it run there.
   * An owner that cannot be reached holds no open room (its sites are moving elsewhere).
   */
  roomControl(local: LiveRoomControl): LiveRoomControl {
    type RoomOp = { op: 'isOpen' } | { op: 'end'; byUserId: string } | { op: 'start'; by: { userId: string; name: string } };
    const run = (meetingId: string, call: RoomOp): Promise<unknown> => {
      if (call.op === 'isOpen') return local.isOpen(meetingId);
      if (call.op === 'end') return local.end(meetingId, call.byUserId);
      return local.start(meetingId, call.by);
    };
    this.nodes.link.handle('live.room', async (args) => {
      const { meetingId, ...call } = args as RoomOp & { meetingId: string };
      return (await run(meetingId, call)) ?? null;
    });
    const at = async (meetingId: string, call: RoomOp): Promise<unknown> => {
      if (this.registry.get(meetingId)) return run(meetingId, call);
      const owner = await this.owners.ownerOf(meetingId);
      if (!owner || owner === this.nodes.self) return run(meetingId, call);
      try {
        return await this.nodes.link.call(owner, 'live.room', { meetingId, ...call });
      } catch (err) {
        if (err instanceof Unavailable) return run(meetingId, call);
        throw err;
      }
    };
    return {
      isOpen: async (meetingId) => (await at(meetingId, { op: 'isOpen' })) === true,
      end: async (meetingId, byUserId) => {
        await at(meetingId, { op: 'end', byUserId });
      },
      start: async (meetingId, by) => {
        await at(meetingId, { op: 'start', by });
      },
    };
  }

  /** The socket closed: its meeting's owner (if another node) is told. */
  disconnected(socket: LiveSocket): void {
    const node = socket.data.live?.node;
    if (!node) return;
    this.nodes.link.call(node, 'live.gone', { socketId: socket.id }).catch((err: unknown) => this.app.log.warn({ err, node }, 'could not tell the owner a socket left'));
  }

  private async claim(meetingId: string): Promise<string> {
    if (!/^[0-9a-f-]{36}$/i.test(meetingId)) throw new InvalidInput('Dữ liệu không hợp lệ: /meetingId. / Invalid payload.');
    const before = await this.owners.ownerOf(meetingId);
    const owner = await this.owners.claim(meetingId);
    // Taken over from a node that died: the presences it left open wait for their sites here.
    if (owner === this.nodes.self && before && before !== owner) await this.registry.presence.adopt(meetingId);
    return owner;
  }

  private forward(socket: LiveSocket, node: string, method: string, payload: unknown): Promise<unknown> {
    const args: CallArgs = { socketId: socket.id, user: socket.data.user, method, payload };
    return this.nodes.link.call(node, 'live.call', args);
  }

  /** A call of a site on another node, run here as the owner. */
  private served(args: CallArgs, from: string): Promise<unknown> {
    const handler = this.byMethod.get(args.method);
    if (!handler) throw new InvalidInput(`Unknown method ${args.method}`);
    let socket = this.remote.get(args.socketId);
    if (!socket || !socket.connected) {
      socket = new RemoteSocket(this.nsp, args.socketId, from, { user: args.user });
      this.remote.set(args.socketId, socket);
    }
    const ctx: HandlerContext = { app: this.app, registry: this.registry, socket, user: args.user };
    return handler.call(ctx, args.payload);
  }

  private gone(socketId: string): void {
    const socket = this.remote.get(socketId);
    if (!socket) return;
    this.remote.delete(socketId);
    socket.gone();
    this.registry.disconnected(socket, 'disconnected');
  }

  private nodeDied(nodeId: string): void {
    for (const socket of [...this.remote.values()]) if (socket.node === nodeId) this.gone(socket.id);
    // Sites here in meetings the dead node owned: reconnect, and their rejoin claims the meeting.
    for (const socket of this.nsp.sockets.values()) {
      if (socket.data.live?.node !== nodeId) continue;
      delete socket.data.live;
      socket.emit('restarting', OWNER_GONE_NOTICE);
      socket.disconnect(true);
    }
  }
}
