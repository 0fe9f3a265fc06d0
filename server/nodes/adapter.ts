import { createAdapter } from '@socket.io/postgres-adapter';
import pg from 'pg';
import type { Server } from 'socket.io';

/**
 * socket.io across the nodes: a room's emit, a socket's join and disconnect reach the sockets of
 * every node, over PostgreSQL's LISTEN/NOTIFY. The adapter publishes through pool.query, and a
 * pool runs queries side by side on several connections — two emits in a row could arrive in the
 * other order. They go through one chain here, so each node's messages arrive in the order sent.
 */
export function attachAdapter(io: Server, databaseUrl: string): () => void {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 3, application_name: 'hopso-adapter' });
  pool.on('error', () => undefined);
  let chain: Promise<unknown> = Promise.resolve();
  const ordered = new Proxy(pool, {
    get(target, key, receiver) {
      if (key !== 'query') return Reflect.get(target, key, receiver) as unknown;
      return (...args: unknown[]) => {
        const run = chain.then(() => (target.query as (...a: unknown[]) => Promise<unknown>)(...args));
        chain = run.catch(() => undefined);
        return run;
      };
    },
  });
  io.adapter(createAdapter(ordered, { heartbeatInterval: 2_000, heartbeatTimeout: 6_000 }));
  // Not awaited by the caller: the adapter lets go of its LISTEN connection only when socket.io closes, after this.
  return () => void pool.end().catch(() => undefined);
}
