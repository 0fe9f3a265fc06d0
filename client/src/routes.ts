import type { IconName } from './components/icon.ts';
import type { MessageKey } from './i18n/index.ts';
import type { RenderPage } from './page.ts';
import * as home from './pages/home.ts';
import * as live from './pages/live.ts';
import * as liveRoom from './pages/live-room.ts';
import * as login from './pages/login.ts';
import * as meetingDetail from './pages/meeting-detail.ts';
import * as meetingNew from './pages/meeting-new.ts';
import * as meetings from './pages/meetings.ts';
import * as meetingsInvited from './pages/meetings-invited.ts';
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
  // "/meetings/new" before "/meetings/:id", which would also match it.
  { path: '/meetings/new', titleKey: 'create.title', access: 'session', render: meetingNew.render },
  { path: '/meetings/:id', titleKey: 'nav.meetings', access: 'session', render: meetingDetail.render },
  { path: '/invitations', titleKey: 'nav.invitations', access: 'session', render: meetingsInvited.render, nav: 'inbox' },
  { path: '/live', titleKey: 'nav.live', access: 'session', render: live.render, nav: 'video' },
  { path: '/live/:meetingId', titleKey: 'nav.live', access: 'session', render: liveRoom.render },
  { path: '/minutes', titleKey: 'nav.minutes', access: 'session', render: minutes.render, nav: 'minutes' },
  { path: '/tasks', titleKey: 'nav.tasks', access: 'session', render: tasks.render, nav: 'tasks' },
  { path: '/reports', titleKey: 'nav.reports', access: 'session', render: reports.render, nav: 'reports' },
  { path: '/notifications', titleKey: 'nav.notifications', access: 'session', render: notifications.render, nav: 'bell' },
  { path: '/units', titleKey: 'nav.units', access: 'public', render: units.render, nav: 'units' },
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
