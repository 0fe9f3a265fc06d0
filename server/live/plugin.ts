import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { WriteQueues } from '../lib/write-queue.ts';
import type { LiveRoomControl } from '../meetings/live-rooms.ts';
import { LiveCluster } from './cluster.ts';
import { attachHandlers } from './dispatcher.ts';
import { NodePipes } from '../media/node-pipes.ts';
import type { MediaRoom } from '../media/room.ts';
import { handlers } from './handlers/index.ts';
import { MediaHost } from './media-host.ts';
import type { LiveNamespace } from './peer.ts';
import { LiveRegistry } from './registry.ts';
import { RemoteMedia } from './remote-media.ts';
import { turnSettings } from './turn.ts';

declare module 'fastify' {
  interface FastifyInstance {
    live: LiveRegistry;
    /** This node's media of its sites in meetings another node owns (several nodes only). */
    mediaHost: MediaHost | null;
    /** The media pipes between this node's rooms and other nodes' (NODE_MEDIA=site). */
    mediaPipes: NodePipes | null;
  }
}

/** socket.io reasons for a disconnect the server caused while stopping. */
const shutdownReasons = new Set(['server namespace disconnect', 'server shutting down']);

/**
 * Live meetings: the `/live` signalling namespace (authenticated by sockets/plugin.ts) and the
 * registry of live meetings (the speaker log route is registered in app.ts). On close, every room is closed (peers,
 * media, attendance) before the media pool goes: plugins close in reverse order of
 * registration and this one is registered after the media plugin.
 */
async function livePlugin(app: FastifyInstance) {
  // socket.io gives every namespace its server's (untyped) events; /live has its own contract.
  const nsp = app.io.of('/live') as unknown as LiveNamespace;
  const speakerWrites = new WriteQueues(app.log, 'speaker log');
  // Several nodes: this node hosts the media of its sites in meetings others own (media-host.ts);
  // with NODE_MEDIA=site the meetings it owns open their remote sites' media on their nodes.
  // Producers cross between the nodes' rooms of a meeting through pipes (the owner's room or the one hosted here).
  const { PIPE_LISTEN_IP, PIPE_ANNOUNCED_ADDRESS, PIPE_MIN_PORT, PIPE_MAX_PORT } = app.config;
  const pipes: NodePipes | null = app.nodes && app.media && app.config.NODE_MEDIA === 'site'
    ? new NodePipes({
      nodes: app.nodes, log: app.log,
      settings: { listenIp: PIPE_LISTEN_IP, ...(PIPE_ANNOUNCED_ADDRESS ? { announcedAddress: PIPE_ANNOUNCED_ADDRESS } : {}), minPort: PIPE_MIN_PORT, maxPort: PIPE_MAX_PORT },
      roomOf: (meetingId): MediaRoom | null => registry.get(meetingId)?.media.current() ?? host?.room(meetingId) ?? null,
    })
    : null;
  const host = app.nodes && app.media
    ? new MediaHost({ nodes: app.nodes, pool: app.media, nsp, log: app.log, pipeConsumers: app.config.LIVE_PIPE_CONSUMERS, pipes })
    : null;
  const remoteMedia = app.nodes && app.config.NODE_MEDIA === 'site' ? new RemoteMedia(app.nodes, app.log) : null;
  const registry: LiveRegistry = new LiveRegistry({
    db: app.db, units: app.units, log: app.log, pool: app.media, nsp, speakerWrites, remoteMedia, pipes,
    pipeConsumers: app.config.LIVE_PIPE_CONSUMERS, mediaGraceMs: app.config.LIVE_MEDIA_GRACE_SECONDS * 1000,
    lobbyLimit: app.config.LIVE_LOBBY_MAX, turn: turnSettings(app.config),
  });
  app.decorate('live', registry);
  app.decorate('mediaHost', host);
  app.decorate('mediaPipes', pipes);
  const stopWatching = app.media?.onWorkerDied((dead) => registry.workerDied(dead));

  // Several nodes: calls of a meeting another node owns go there (cluster.ts).
  const cluster = app.nodes ? new LiveCluster({ app, nodes: app.nodes, registry, nsp, handlers }) : null;
  const local: LiveRoomControl = {
    isOpen: async (meetingId) => (registry.get(meetingId)?.peers.size ?? 0) > 0,
    end: async (meetingId, byUserId) => {
      await registry.get(meetingId)?.end(byUserId);
    },
    start: async (meetingId, by) => {
      await registry.get(meetingId)?.start(by);
    },
  };
  // With several nodes the room may be on another node: HTTP's start and end reach it there.
  app.liveRooms.attach(cluster ? cluster.roomControl(local) : local);
  const route = cluster ? cluster.route.bind(cluster) : undefined;

  nsp.on('connection', (socket) => {
    attachHandlers(socket, { app, registry }, handlers, route);
    socket.on('disconnect', (reason) => {
      cluster?.disconnected(socket);
      registry.disconnected(socket, shutdownReasons.has(reason) ? 'shutdown' : 'disconnected');
    });
  });

  // io.disconnectSockets() in sockets/plugin.ts reaches the main namespace only; an open /live
  // websocket would keep the HTTP server from closing.
  // (The sockets plugin, closing first, has already told them 'restarting' and let them go.)
  app.addHook('preClose', async () => {
    // This node's sockets only: with several nodes the others' stay (nodes/adapter.ts).
    nsp.local.disconnectSockets(true);
  });
  app.addHook('onClose', async () => {
    stopWatching?.();
    await registry.close();
    host?.close();
    await Promise.all([speakerWrites.idle(), registry.presence.idle()]);
  });
}

export default fp(livePlugin, { name: 'live', dependencies: ['socket-server', 'nodes', 'media', 'meetings'] });
