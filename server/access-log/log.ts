import { and, asc, desc, eq, gt, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { users } from '../auth/schema.ts';
import type { Db, DbOrTx } from '../db/client.ts';
import { one } from '../db/rows.ts';
import { InvalidInput } from '../lib/errors.ts';
import { ChainVerifier, entryHash, GENESIS_HASH, type ChainReport } from './chain.ts';
import { bodies } from '../units/schema.ts';
import { accessLog } from './schema.ts';

/** Who acted: a signed-in user, or the public (null id) on public pages. */
export interface Actor {
  id: string | null;
  name: string;
}

export interface AccessEntryInput {
  actor: Actor;
  /** "<record>.<verb>": minutes.read, minutes.change, document.sign, document.publish, document.verify … */
  action: string;
  documentId?: string | null;
  /** What was acted on as a person reads it ("07/GM-UBND"). */
  target?: string | null;
  ip?: string | null;
  details?: Record<string, unknown> | null;
}

export type AccessEntry = typeof accessLog.$inferSelect;

const ACTION = /^[a-z][a-z_]*(\.[a-z][a-z_]*)+$/;

/**
 * Appends one entry, chained to the last. The table lock serialises writers (each needs the
 * previous hash) and lets readers go on; pass the caller's transaction to log inside it, so
 * the entry commits or rolls back with what it records.
 */
export async function record(db: DbOrTx, input: AccessEntryInput): Promise<AccessEntry> {
  if (!ACTION.test(input.action)) throw new InvalidInput(`Hành động không hợp lệ: "${input.action}". / Invalid action "${input.action}".`);
  return db.transaction(async (tx) => {
    await tx.execute(sql`lock table access_log in exclusive mode`);
    const [last] = await tx.select({ seq: accessLog.seq, hash: accessLog.hash }).from(accessLog).orderBy(desc(accessLog.seq)).limit(1);
    const fields = {
      seq: (last?.seq ?? 0) + 1,
      at: new Date(),
      actorId: input.actor.id,
      actorName: input.actor.name,
      action: input.action,
      documentId: input.documentId ?? null,
      target: input.target ?? null,
      ip: input.ip ?? null,
      details: input.details ?? null,
    };
    const prevHash = last?.hash ?? GENESIS_HASH;
    return one(await tx.insert(accessLog).values({ ...fields, prevHash, hash: entryHash(prevHash, fields) }).returning());
  });
}

/** Checks the whole chain from the first entry, a page at a time. */
export async function verifyChain(db: Db, pageSize = 1000): Promise<ChainReport> {
  const verifier = new ChainVerifier();
  for (let after = 0; ; ) {
    const rows = await db.select().from(accessLog).where(gt(accessLog.seq, after)).orderBy(asc(accessLog.seq)).limit(pageSize);
    for (const row of rows) if (!verifier.next(row)) return verifier.report();
    if (rows.length < pageSize) return verifier.report();
    after = rows[rows.length - 1]!.seq;
  }
}

/** Whose entries an admin reads: actors of bodies in these units, and (province or above) the public's. */
export interface LogScope {
  unitCodes: readonly string[];
  includePublic: boolean;
}

/** Newest first, `limit` entries before `before` (a seq), of actors within `scope`, for the admin list. */
export async function listEntries(db: Db, opts: { before?: number | undefined; limit: number; scope: LogScope }): Promise<AccessEntry[]> {
  const inScope = or(
    opts.scope.unitCodes.length > 0 ? inArray(bodies.unitCode, [...opts.scope.unitCodes]) : sql`false`,
    opts.scope.includePublic ? isNull(accessLog.actorId) : sql`false`,
  );
  const where: (SQL | undefined)[] = [inScope, opts.before ? lt(accessLog.seq, opts.before) : undefined];
  const rows = await db
    .select({ entry: accessLog })
    .from(accessLog)
    .leftJoin(users, eq(users.id, accessLog.actorId))
    .leftJoin(bodies, eq(bodies.id, users.bodyId))
    .where(and(...where))
    .orderBy(desc(accessLog.seq))
    .limit(opts.limit);
  return rows.map((r) => r.entry);
}
