import type { IconName } from './components/icon.ts';
import type { Role } from './types.ts';
import type { MessageKey } from './i18n/index.ts';
import type { RenderPage } from './page.ts';
import * as home from './pages/home.ts';
import * as live from './pages/live.ts';
import * as login from './pages/login.ts';
import * as notFound from './pages/not-found.ts';
import * as units from './pages/units.ts';
import { loadChunk } from './load-chunk.ts';

/**
 * Every page of the app, in navigation order. `access`:
 *   session — needs a signed-in user, otherwise goes to login;
 *   public  — anyone (inside the shell when signed in);
 *   guest   — only without a session (login), otherwise goes home.
 */
export interface Route {
  path: string;
  titleKey: MessageKey;
  access: 'session' | 'public' | 'guest';
  render: RenderPage;
  /** Listed in the navigation with this icon. */
  nav?: IconName;
  /** Listed only for these roles (the server checks access itself). */
  roles?: readonly Role[];
}

/**
 * A page whose code loads on its first visit: the meetings pages bring luxon, the meeting
 * room mediasoup-client and socket.io-client, so the sign-in page and the shell stay light.
 */
function lazy(load: () => Promise<{ render: RenderPage }>): RenderPage {
  return async (ctx) => (await loadChunk(load)).render(ctx);
}

export const routes: readonly Route[] = [
  { path: '/', titleKey: 'nav.home', access: 'session', render: home.render, nav: 'home' },
  { path: '/meetings', titleKey: 'nav.meetings', access: 'session', render: lazy(() => import('./meetings/calendar-page.ts')), nav: 'calendar' },
  // "/meetings/new" before "/meetings/:id", which would also match it.
  { path: '/meetings/new', titleKey: 'create.title', access: 'session', render: lazy(() => import('./meetings/create-page.ts')) },
  { path: '/meetings/:id/edit', titleKey: 'edit.title', access: 'session', render: lazy(() => import('./meetings/edit-page.ts')) },
  { path: '/meetings/:id/records/:kind', titleKey: 'rec.card', access: 'session', render: lazy(() => import('./minutes/records-page.ts')) },
  { path: '/meetings/:id', titleKey: 'nav.meetings', access: 'session', render: lazy(() => import('./meetings/meeting-page.ts')) },
  { path: '/invitations', titleKey: 'nav.invitations', access: 'session', render: lazy(() => import('./meetings/invitations-page.ts')), nav: 'inbox' },
  { path: '/live', titleKey: 'nav.live', access: 'session', render: live.render, nav: 'video' },
  { path: '/live/:meetingId', titleKey: 'nav.live', access: 'session', render: lazy(() => import('./live/room-page.ts')) },
  { path: '/notifications', titleKey: 'nav.notifications', access: 'session', render: lazy(() => import('./notifications/page.ts')), nav: 'bell' },
  { path: '/tasks', titleKey: 'nav.tasks', access: 'session', render: lazy(() => import('./reports/tasks-page.ts')), nav: 'check' },
  // "/records" is the reader's own body; a province reaches a commune's from the dashboard.
  { path: '/records', titleKey: 'nav.records', access: 'session', render: lazy(() => import('./reports/record-page.ts')), nav: 'folder' },
  { path: '/records/:bodyId', titleKey: 'nav.records', access: 'session', render: lazy(() => import('./reports/record-page.ts')) },
  { path: '/dashboard', titleKey: 'nav.dashboard', access: 'session', render: lazy(() => import('./reports/dashboard-page.ts')), nav: 'chart', roles: ['admin', 'convener', 'secretary', 'observer'] },
  { path: '/units', titleKey: 'nav.units', access: 'public', render: units.render, nav: 'units' },
  { path: '/verify', titleKey: 'nav.verify', access: 'public', render: lazy(() => import('./signing/verify-page.ts')), nav: 'shield' },
  { path: '/access-log', titleKey: 'nav.accessLog', access: 'session', render: lazy(() => import('./signing/access-log-page.ts')), nav: 'list', roles: ['admin'] },
  { path: '/login', titleKey: 'login.title', access: 'guest', render: login.render },
];

const notFoundRoute: Route = { path: '*', titleKey: 'notFound.title', access: 'public', render: notFound.render };

export function findRoute(path: string): Route {
  return routes.find((route) => matches(route.path, path)) ?? notFoundRoute;
}

/** "/live/:meetingId" matches "/live/<anything but empty>"; the page reads the parameter from the path. */
function matches(pattern: string, path: string): boolean {
  if (!pattern.includes('/:')) return pattern === path;
  const want = pattern.split('/');
  const got = path.split('/');
  return want.length === got.length && want.every((segment, i) => (segment.startsWith(':') ? got[i] !== '' : segment === got[i]));
}
