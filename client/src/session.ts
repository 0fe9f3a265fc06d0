import { api, ApiError, setCsrfToken } from './api.ts';
import type { LoginBody, SessionInfo, SessionUser } from './types.ts';

/**
 * Who is signed in. Asked of the server once per page load (the cookie is HttpOnly, so
 * only the server knows); afterwards login and logout keep it current.
 */

let user: SessionUser | null = null;
let pending: Promise<SessionUser | null> | null = null;

/** The signed-in user, or null when there is no session (401). Other failures throw. */
export function loadSession(): Promise<SessionUser | null> {
  pending ??= api.get<SessionInfo>('/api/auth/me').then(
    (info) => adopt(info),
    (err: unknown) => {
      if (err instanceof ApiError && err.status === 401) return adopt(null);
      pending = null; // a network failure is worth asking again on the next navigation
      throw err;
    },
  );
  return pending;
}

export function currentUser(): SessionUser | null {
  return user;
}

export async function login(username: string, password: string): Promise<SessionUser> {
  const info = await api.post<SessionInfo>('/api/auth/login', { username, password } satisfies LoginBody);
  adopt(info);
  return info.user;
}

/** Ends the session on the server; locally it ends even if the server call fails. */
export async function logout(): Promise<void> {
  try {
    await api.post<void>('/api/auth/logout');
  } finally {
    forgetSession();
  }
}

/** The server said 401 to some later request: the session expired or was revoked. */
export function forgetSession(): void {
  adopt(null);
}

function adopt(info: SessionInfo | null): SessionUser | null {
  user = info?.user ?? null;
  setCsrfToken(info?.csrfToken ?? null);
  pending = Promise.resolve(user);
  return user;
}
