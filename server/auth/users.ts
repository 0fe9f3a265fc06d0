import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { one } from '../db/rows.ts';
import { Conflict, NotFound } from '../lib/errors.ts';
import { bodies } from '../units/schema.ts';
import type { UnitIndex } from '../units/unit-index.ts';
import { hashPassword } from './passwords.ts';
import type { Role } from './roles.ts';
import { sessions, users } from './schema.ts';

const publicColumns = {
  id: users.id, username: users.username, fullName: users.fullName, position: users.position,
  role: users.role, bodyId: users.bodyId, active: users.active,
};

/** Accounts whose body lies in `unitCode`'s subtree. */
export async function listUsers(db: Db, index: UnitIndex, unitCode: string) {
  const codes = [unitCode, ...index.descendants(unitCode)];
  return db.select(publicColumns).from(users).innerJoin(bodies, eq(bodies.id, users.bodyId))
    .where(inArray(bodies.unitCode, codes)).orderBy(asc(users.username));
}

export interface NewUser {
  username: string;
  password: string;
  fullName: string;
  position?: string | undefined;
  email?: string | undefined;
  bodyId: string;
  role: Role;
}

export async function createUser(db: Db, input: NewUser) {
  const username = input.username.trim().toLowerCase();
  const [existing] = await db.select({ id: users.id }).from(users).where(and(eq(users.username, username)));
  if (existing) throw new Conflict(`Tên đăng nhập "${username}" đã có. / Username "${username}" is taken.`);
  return one(await db.insert(users).values({
    username, passwordHash: await hashPassword(input.password), fullName: input.fullName,
    position: input.position ?? '', email: input.email?.trim() || null, bodyId: input.bodyId, role: input.role,
  }).returning(publicColumns));
}

/** The body an account belongs to, for the scope check before changing it. */
export async function findUserBody(db: Db, userId: string): Promise<string> {
  const [row] = await db.select({ bodyId: users.bodyId }).from(users).where(eq(users.id, userId));
  if (!row) throw new NotFound('User');
  return row.bodyId;
}

/** Turns an account on or off; off also ends every session it has. */
export async function setUserActive(db: Db, userId: string, active: boolean) {
  return db.transaction(async (tx) => {
    const user = one(await tx.update(users).set({ active }).where(eq(users.id, userId)).returning(publicColumns));
    if (!active) await tx.delete(sessions).where(eq(sessions.userId, userId));
    return user;
  });
}
