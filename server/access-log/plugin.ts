import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { DbOrTx } from '../db/client.ts';
import type { ChainReport } from './chain.ts';
import { listEntries, record, verifyChain, type AccessEntry, type AccessEntryInput, type Actor, type LogScope } from './log.ts';

export interface AccessLogApi {
  /** Appends an entry; pass a transaction to make it part of the change it records. */
  record(entry: AccessEntryInput, tx?: DbOrTx): Promise<AccessEntry>;
  verifyChain(): Promise<ChainReport>;
  list(opts: { before?: number | undefined; limit: number; scope: LogScope }): Promise<AccessEntry[]>;
}

declare module 'fastify' {
  interface FastifyInstance {
    accessLog: AccessLogApi;
  }
}

/** The actor of a request: its signed-in user, or the public. */
export function actorOf(request: Pick<FastifyRequest, 'user'>): Actor {
  return request.user ? { id: request.user.id, name: request.user.fullName } : { id: null, name: 'Công chúng' };
}

async function accessLogPlugin(app: FastifyInstance) {
  app.decorate('accessLog', {
    record: (entry, tx) => record(tx ?? app.db, entry),
    verifyChain: () => verifyChain(app.db),
    list: (opts) => listEntries(app.db, opts),
  } satisfies AccessLogApi);
}

export default fp(accessLogPlugin, { name: 'access-log', dependencies: ['database'] });
