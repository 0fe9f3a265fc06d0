import { ApiError } from './api.ts';
import { h } from './dom.ts';
import { applyLangToDocument, onLangChange, t } from './i18n/index.ts';
import type { PageResult } from './page.ts';
import { rememberReturnPath } from './return-path.ts';
import { currentPath, navigate, onRouteChange } from './router.ts';
import { findRoute, type Route } from './routes.ts';
import { forgetSession, loadSession, logout } from './session.ts';
import { bareLayout } from './shell/bare.ts';
import { publicLayout, shell } from './shell/shell.ts';
import type { SessionUser } from './types.ts';

/**
 * Turns the address into a screen: checks the session against the route's access rule,
 * renders the page and puts it in the right layout. A language switch renders the same
 * route again, so every label comes from `t()` at render time and nothing needs patching.
 */
export function startApp(root: HTMLElement): void {
  applyLangToDocument();
  onRouteChange(() => void show(root, true));
  onLangChange(() => void show(root, false));
  void show(root, false);
}

let generation = 0;
let cleanupPage: (() => void) | null = null;

async function show(root: HTMLElement, moveFocus: boolean): Promise<void> {
  // Navigations can overlap (a slow /me, a fast click); only the newest may paint.
  const mine = ++generation;
  const path = currentPath();
  const route = findRoute(path);

  let user: SessionUser | null;
  try {
    user = await loadSession();
  } catch (err) {
    if (mine === generation) paint(root, bareLayout(fatal(err, () => void show(root, false))), route);
    return;
  }
  if (mine !== generation) return;

  if (route.access === 'session' && !user) {
    rememberReturnPath(path);
    navigate('/login', { replace: true });
    return;
  }
  if (route.access === 'guest' && user) {
    navigate('/', { replace: true });
    return;
  }

  let result: PageResult;
  try {
    result = await route.render({ user, path });
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      forgetSession();
      rememberReturnPath(path);
      navigate('/login', { replace: true });
      return;
    }
    result = fatal(err, () => void show(root, false));
  }
  if (mine !== generation) {
    if (!(result instanceof Node)) result.cleanup();
    return;
  }

  const content = result instanceof Node ? result : result.node;
  const frame =
    route.access === 'guest'
      ? bareLayout(content)
      : user
        ? shell(user, path, content, () => void signOut())
        : publicLayout(content);
  paint(root, frame, route);
  cleanupPage = result instanceof Node ? null : () => result.cleanup();
  // On narrow screens the navigation is a horizontal strip; keep the current entry in view.
  root.querySelector('.nav-link[aria-current="page"]')?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  if (moveFocus) root.querySelector<HTMLElement>('h1')?.focus();
}

function paint(root: HTMLElement, frame: Node, route: Route): void {
  cleanupPage?.();
  cleanupPage = null;
  root.replaceChildren(frame);
  document.title = `${t(route.titleKey)} · ${t('app.name')}`;
}

async function signOut(): Promise<void> {
  try {
    await logout();
  } catch {
    // The local session is gone either way; an expired server session is not an error here.
  }
  navigate('/login');
}

/** Shown when the server cannot be reached or a page fails to render. */
function fatal(err: unknown, retry: () => void): HTMLElement {
  const message = err instanceof ApiError && err.status === 0 ? t('error.network') : t('error.generic');
  return h(
    'div',
    { class: 'page page--error' },
    h('h1', { class: 'page-title', tabindex: '-1' }, message),
    err instanceof ApiError && err.status !== 0 ? h('p', { class: 'muted' }, err.message) : null,
    h('button', { type: 'button', class: 'button button--primary', on: { click: retry } }, t('error.retry')),
  );
}
