/**
 * Hash routing: `#/meetings` → "/meetings". The server only has to serve index.html at `/`,
 * and a reload or a shared link lands on the same page.
 */

export function currentPath(): string {
  adoptPathAddress();
  const raw = decodeURIComponent(location.hash.replace(/^#/, ''));
  const path = raw.split('?')[0] ?? '';
  if (path === '' || path === '/') return '/';
  // Trailing slashes are noise in a typed address: "#/meetings/" is "#/meetings".
  return (path.startsWith('/') ? path : `/${path}`).replace(/\/+$/, '');
}

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  const hash = `#${path}`;
  if (location.hash === hash) {
    // Same address: no hashchange event will fire, so render again explicitly.
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else if (options.replace) {
    // A redirect (e.g. to login) must not leave a history entry that redirects again on Back.
    history.replaceState(history.state, '', hash);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    location.hash = hash;
  }
}

export function onRouteChange(listener: () => void): void {
  window.addEventListener('hashchange', listener);
}

/** href for an in-app link. */
export function href(path: string): string {
  return `#${path}`;
}

/**
 * Calendar files link to `<host>/meetings/<id>` (a plain path, readable in any mail or
 * calendar app). The server answers such paths with index.html; here the path becomes the
 * hash route, replacing the history entry so Back does not bounce.
 */
function adoptPathAddress(): void {
  if (location.hash || !/^\/meetings\/[^/]+\/?$/.test(location.pathname)) return;
  history.replaceState(history.state, '', `/#${location.pathname.replace(/\/+$/, '')}${location.search}`);
}
