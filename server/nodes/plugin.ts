import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { EndedSessions } from '../auth/session-signals.ts';
import { attachAdapter } from './adapter.ts';
import { NodeDirectory } from './directory.ts';
import { NodeLink } from './link.ts';

export interface Nodes {
  directory: NodeDirectory;
  link: NodeLink;
  /** This node's id. */
  self: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The deployment's nodes when NODE_ID is set; null for a single node. */
    nodes: Nodes | null;
  }
}

/**
 * Several nodes on one PostgreSQL (NODE_ID set): this node's heartbeat row, the node-to-node
 * link, socket.io's PostgreSQL adapter, and logouts told to every node (each caches sessions
 * for a few seconds). A single node (NODE_ID unset) has none of these: `app.nodes` is null.
 */
async function nodesPlugin(app: FastifyInstance) {
  const { NODE_ID, NODE_URL, NODE_SECRET, NODE_PORT, NODE_DEAD_SECONDS, DATABASE_URL, HOST } = app.config;
  if (!NODE_ID || !NODE_URL || !NODE_SECRET || !DATABASE_URL) {
    app.decorate('nodes', null);
    return;
  }
  const directory = new NodeDirectory({ db: app.db, self: { id: NODE_ID, url: NODE_URL }, deadMs: NODE_DEAD_SECONDS * 1000, log: app.log });
  const link = new NodeLink({ directory, secret: NODE_SECRET, log: app.log });
  await directory.start();
  await link.listen(NODE_PORT, HOST);
  const closeAdapter = attachAdapter(app.io, DATABASE_URL);

  link.handle('sessions.ended', async (args) => {
    app.sessionSignals.ended(args as EndedSessions, true);
    return null;
  });
  app.sessionSignals.onEnded((ended, fromNode) => {
    if (fromNode) return;
    for (const node of directory.nodes()) {
      if (node.id !== NODE_ID) link.call(node.id, 'sessions.ended', ended).catch((err: unknown) => app.log.warn({ err, nodeId: node.id }, 'could not tell a node of ended sessions'));
    }
  });

  app.decorate('nodes', { directory, link, self: NODE_ID });
  app.log.info({ nodeId: NODE_ID, url: NODE_URL }, 'node of a multi-node deployment');
  app.addHook('onClose', async () => {
    await directory.stop();
    await link.close();
    closeAdapter();
  });
}

export default fp(nodesPlugin, { name: 'nodes', dependencies: ['database', 'auth', 'socket-server'] });
