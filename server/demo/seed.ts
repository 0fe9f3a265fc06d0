import { createRequire } from 'node:module';
import { and, eq } from 'drizzle-orm';
import { hashPassword } from '../auth/passwords.ts';
import type { Role } from '../auth/roles.ts';
import { users } from '../auth/schema.ts';
import type { Db } from '../db/client.ts';
import { bodies, units } from '../units/schema.ts';

interface DemoAccount {
  username: string;
  fullName: string;
  position: string;
  role: Role;
  body?: string;
  commune?: { province: string; name: string };
}
interface DemoData {
  password: string;
  accounts: DemoAccount[];
}

export interface DemoLogin {
  username: string;
  password: string;
  role: Role;
  body: string;
  bodyId: string;
}

async function bodyIdFor(db: Db, account: DemoAccount): Promise<string> {
  if (account.body) return account.body;
  const { province, name } = account.commune!;
  const [unit] = await db.select({ code: units.code }).from(units).where(and(eq(units.parentCode, province), eq(units.name, name)));
  if (!unit) throw new Error(`Demo commune ${name} is not in the registry`);
  return `${unit.code}:ubnd`;
}

/** Demo accounts for Hà Tĩnh; idempotent (existing usernames are left alone). */
export async function seedDemo(db: Db): Promise<DemoLogin[]> {
  const data = createRequire(import.meta.url)('./accounts.json') as DemoData;
  const passwordHash = await hashPassword(data.password);
  const logins: DemoLogin[] = [];
  for (const account of data.accounts) {
    const bodyId = await bodyIdFor(db, account);
    await db.insert(users).values({
      username: account.username, passwordHash, fullName: account.fullName, position: account.position, bodyId, role: account.role,
    }).onConflictDoNothing({ target: users.username });
    const [body] = await db.select({ name: bodies.shortName }).from(bodies).where(eq(bodies.id, bodyId));
    logins.push({ username: account.username, password: data.password, role: account.role, body: body?.name ?? bodyId, bodyId });
  }
  return logins;
}
