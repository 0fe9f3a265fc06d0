import type { IconName } from './components/icon.ts';
import type { MessageKey } from './i18n/index.ts';
import type { RenderPage } from './page.ts';
import * as home from './pages/home.ts';
import * as live from './pages/live.ts';
import * as login from './pages/login.ts';
import * as meetings from './pages/meetings.ts';
import * as minutes from './pages/minutes.ts';
import * as notFound from './pages/not-found.ts';
import * as notifications from './pages/notifications.ts';
import * as reports from './pages/reports.ts';
import * as tasks from './pages/tasks.ts';
import * as units from './pages/units.ts';

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
}

export const routes: readonly Route[] = [
  { path: '/', titleKey: 'nav.home', access: 'session', render: home.render, nav: 'home' },
  { path: '/meetings', titleKey: 'nav.meetings', access: 'session', render: meetings.render, nav: 'calendar' },
  { path: '/live', titleKey: 'nav.live', access: 'session', render: live.render, nav: 'video' },
  { path: '/minutes', titleKey: 'nav.minutes', access: 'session', render: minutes.render, nav: 'minutes' },
  { path: '/tasks', titleKey: 'nav.tasks', access: 'session', render: tasks.render, nav: 'tasks' },
  { path: '/reports', titleKey: 'nav.reports', access: 'session', render: reports.render, nav: 'reports' },
  { path: '/notifications', titleKey: 'nav.notifications', access: 'session', render: notifications.render, nav: 'bell' },
  { path: '/units', titleKey: 'nav.units', access: 'public', render: units.render, nav: 'units' },
  { path: '/login', titleKey: 'login.title', access: 'guest', render: login.render },
];

const notFoundRoute: Route = { path: '*', titleKey: 'notFound.title', access: 'public', render: notFound.render };

export function findRoute(path: string): Route {
  return routes.find((route) => route.path === path) ?? notFoundRoute;
}
