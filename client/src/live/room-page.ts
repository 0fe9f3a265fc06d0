import { api } from '../api.ts';
import { pageHeader } from '../components/page-header.ts';
import { h } from '../dom.ts';
import { t } from '../i18n/index.ts';
import type { MeetingDetail } from '../meetings/types.ts';
import type { PageContext, PageResult } from '../page.ts';
import { href } from '../router.ts';
import './styles/room.css';
import './styles/stage.css';
import './styles/panels.css';
import './styles/records.css';
import { LiveSession, type Prepared } from './session.ts';
import { installHook } from './test-hook.ts';
import { endedView } from './ui/ended.ts';
import { prejoin, type JoinChoice } from './ui/prejoin.ts';
import { roomView } from './ui/room-view.ts';
import { JoinWarmup } from './warm-up.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The session outlives one render of the page: switching the language renders the page
 * again (the app's rule), and that must not drop the site from the meeting. The newest
 * render adopts the running session; only the render that owns it may end it.
 */
let active: { meetingId: string; session: LiveSession; owner: number; unhook: () => void } | null = null;
let renders = 0;

/** `#/live/<meetingId>`: pick devices, join, and the meeting room itself. */
export function render({ user, path }: PageContext): PageResult {
  const meetingId = path.split('/')[2] ?? '';
  if (!user || !UUID.test(meetingId)) {
    return h(
      'div',
      { class: 'page' },
      pageHeader(t('nav.live'), t('live.badLink')),
      h('a', { class: 'button button--secondary', href: href('/live') }, t('live.backToList')),
    );
  }
  const mine = ++renders;
  const container = h('div', { class: 'page page--live' });
  let view: { node: Node; dispose(): void } | null = null;

  const show = (next: { node: Node; dispose(): void }) => {
    view?.dispose();
    view = next;
    container.replaceChildren(next.node);
  };

  const showPrejoin = () => {
    const header = pageHeader(t('nav.live'), t('live.prejoin.lead'));
    // The connection and the media device get ready while the person picks devices.
    const warmup = new JoinWarmup();
    const picker = prejoin(user.fullName, (choice) => start(choice, warmup.take()));
    const shown = h('div', { class: 'prejoin-page' }, header, picker.node);
    // Said on the page for support staff and benchmarks: pressing now goes straight to the join.
    void warmup.device.then((loaded) => {
      if (loaded) shown.dataset['prepared'] = 'true';
    });
    show({
      node: shown,
      dispose: () => {
        picker.dispose();
        warmup.dispose();
      },
    });
    // The title, and whether the meeting is already over; choosing devices needs neither: if
    // the meeting cannot be read, the heading stays generic and joining tells the site why it
    // may not enter.
    void api
      .get<MeetingDetail>(`/api/meetings/${meetingId}`)
      .then((meeting) => {
        if (view?.node !== shown) return; // the person has joined meanwhile
        const title = header.querySelector('h1');
        if (title) title.textContent = meeting.title;
        if (meeting.status === 'ended' || meeting.status === 'closed') {
          const node = h('div', { class: 'live', 'data-phase': 'ended' }, h('h1', { class: 'page-title live-title' }, meeting.title), endedView(meetingId));
          show({ node, dispose: () => {} });
        }
      })
      .catch(() => {});
  };

  const showRoom = (session: LiveSession) => {
    show(roomView(session, () => void session.leave(), () => restart()));
  };

  const start = (choice: JoinChoice, prepared: Prepared) => {
    const session = new LiveSession({ meetingId, siteName: user.body.name, ...choice }, prepared);
    active = { meetingId, session, owner: mine, unhook: installHook(session) };
    showRoom(session);
    void session.start();
  };

  const restart = () => {
    endActive();
    showPrejoin();
  };

  if (active && active.meetingId === meetingId) {
    active.owner = mine;
    showRoom(active.session);
  } else {
    endActive();
    showPrejoin();
  }

  return {
    node: container,
    cleanup() {
      view?.dispose();
      view = null;
      if (active?.owner === mine) endActive();
    },
  };
}

function endActive(): void {
  if (!active) return;
  const { session, unhook } = active;
  active = null;
  unhook();
  void session.dispose();
}
