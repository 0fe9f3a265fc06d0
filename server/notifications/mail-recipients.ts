import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import { users } from '../auth/schema.ts';
import type { Db } from '../db/client.ts';
import type { Recipient } from './mailer.ts';

/** One delivery: the mailboxes of one recipient, and the body whose calendar copy it gets. */
export interface Mailbox {
  recipient: Recipient;
  bodyId: string;
  addresses: string[];
}

/**
 * Resolves recipients to mailboxes: a user to its own address, a body to the addresses of its
 * active accounts (its shared inbox). Recipients without any address are left out (in-app only).
 */
export async function resolveMailboxes(db: Db, to: readonly Recipient[]): Promise<Mailbox[]> {
  const userIds = to.flatMap((r) => ('userId' in r ? [r.userId] : []));
  const bodyIds = to.flatMap((r) => ('bodyId' in r ? [r.bodyId] : []));
  const rows: { id: string; bodyId: string; email: string | null }[] = [];
  const columns = { id: users.id, bodyId: users.bodyId, email: users.email };
  const withMail = and(eq(users.active, true), isNotNull(users.email));
  for (let i = 0; i < userIds.length; i += 1000) rows.push(...(await db.select(columns).from(users).where(and(withMail, inArray(users.id, userIds.slice(i, i + 1000))))));
  for (let i = 0; i < bodyIds.length; i += 1000) rows.push(...(await db.select(columns).from(users).where(and(withMail, inArray(users.bodyId, bodyIds.slice(i, i + 1000))))));
  const boxes: Mailbox[] = [];
  for (const r of to) {
    if ('userId' in r) {
      const user = rows.find((u) => u.id === r.userId && u.email);
      if (user) boxes.push({ recipient: r, bodyId: user.bodyId, addresses: [user.email!] });
    } else {
      const addresses = [...new Set(rows.filter((u) => u.bodyId === r.bodyId && u.email).map((u) => u.email!))];
      if (addresses.length > 0) boxes.push({ recipient: r, bodyId: r.bodyId, addresses });
    }
  }
  return boxes;
}
