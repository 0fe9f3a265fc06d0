/**
 * Where a visitor was going when sent to sign in, so signing in takes them there.
 * Kept in memory only: it matters within one visit, and a stale one would surprise.
 */
let returnPath: string | null = null;

export function rememberReturnPath(path: string): void {
  returnPath = path === '/login' ? null : path;
}

export function takeReturnPath(): string | null {
  const path = returnPath;
  returnPath = null;
  return path;
}
