import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { bodies, bodyDelegations, units } from '../units/schema.ts';
import type { Role } from './roles.ts';
import { users } from './schema.ts';

/** Who is acting: the user with their body and unit, as every policy check needs them. */
export interface SessionUser {
  id: string;
  username: string;
  fullName: string;
  position: string;
  role: Role;
  body: { id: string; name: string; shortName: string; symbol: string; unitCode: string };
  unit: { code: string; name: string; shortName: string; level: 'central' | 'province' | 'commune' };
  /** Bodies the user's body acts for by a standing delegation (body_delegations), with the signing wording. */
  actsFor: readonly Delegation[];
}

export interface Delegation {
  principalBodyId: string;
  wording: 'TM.' | 'KT.' | 'TL.' | 'TUQ.';
  signerOf: string;
}

/**
 * Built once per database (drizzle prepared statements): every signed-in request and socket
 * that is not remembered reads these, and building drizzle's query objects anew each time cost
 * more than the queries (a national meeting's 3,356 sockets connecting at once).
 */
function build(db: Db) {
  const user = db
    .select({ user: users, body: bodies, unit: units })
    .from(users)
    .innerJoin(bodies, eq(bodies.id, users.bodyId))
    .innerJoin(units, eq(units.code, bodies.unitCode))
    .where(eq(users.id, sql.placeholder('userId')))
    .prepare('session_user');
  const delegations = db
    .select({ principalBodyId: bodyDelegations.principalBodyId, wording: bodyDelegations.wording, signerOf: bodyDelegations.signerOf })
    .from(bodyDelegations)
    .where(eq(bodyDelegations.delegateBodyId, sql.placeholder('bodyId')))
    .prepare('session_user_delegations');
  return { user, delegations };
}

const built = new WeakMap<Db, ReturnType<typeof build>>();

export async function loadSessionUser(db: Db, userId: string): Promise<SessionUser | null> {
  let statements = built.get(db);
  if (!statements) {
    statements = build(db);
    built.set(db, statements);
  }
  const [row] = await statements.user.execute({ userId });
  if (!row || !row.user.active) return null;
  const { user, body, unit } = row;
  const actsFor = await statements.delegations.execute({ bodyId: body.id });
  return {
    id: user.id, username: user.username, fullName: user.fullName, position: user.position, role: user.role,
    body: { id: body.id, name: body.name, shortName: body.shortName, symbol: body.symbol, unitCode: body.unitCode },
    unit: { code: unit.code, name: unit.name, shortName: unit.shortName, level: unit.level },
    actsFor,
  };
}
