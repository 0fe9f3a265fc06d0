import type { IncomingMessage } from 'node:http';

/**
 * Whether a socket.io request may come from the page that sent it. Browsers always send
 * Origin on WebSocket and cross-origin requests; a request without one is a same-origin
 * polling GET or not a browser, and cannot ride a foreign page's cookies.
 * `allowed` empty: only the request's own host (any scheme, as a proxy may end TLS).
 */
export function originAllowed(request: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (allowed.length > 0) return allowed.includes(parsed.origin);
  return parsed.host === request.headers.host;
}

export function allowedOrigins(setting: string | undefined): string[] {
  return (setting ?? '').split(',').map((o) => o.trim()).filter(Boolean).map((o) => new URL(o).origin);
}
