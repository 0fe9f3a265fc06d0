import { Forbidden } from '../lib/errors.ts';
import { requireUser } from './policy.ts';
import type { Role } from './roles.ts';
import type { SessionUser } from './session-user.ts';

/** Who may read the server's internals (API docs, detailed health): those who run meetings. */
const staffRoles: readonly Role[] = ['admin', 'convener', 'secretary'];

export function requireStaff(user: SessionUser | null): SessionUser {
  const signedIn = requireUser(user);
  if (!staffRoles.includes(signedIn.role)) throw new Forbidden();
  return signedIn;
}
