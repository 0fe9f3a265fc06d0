import { href } from '../../router.ts';
import { api } from '../../api.ts';
import { h, replaceChildren } from '../../dom.ts';
import { t, type MessageKey } from '../../i18n/index.ts';
import type { LiveSession } from '../session.ts';
import type { Part } from '../state.ts';
import { chair } from '../actions.ts';
import { isChair } from '../state.ts';
import { agendaPanel } from './agenda-panel.ts';
import { chatPanel } from './chat-panel.ts';
import { controlsBar } from './controls.ts';
import { endedView } from './ended.ts';
import { floorPanel } from './floor-panel.ts';
import { icon } from './icons.ts';
import { countPaint } from './paint-stats.ts';
import { peoplePanel } from './people-panel.ts';
import { rollCallCard } from './roll-call.ts';
import { Stage } from './stage.ts';

const phaseKeys: Record<string, MessageKey> = {
  connecting: 'live.phase.connecting',
  lobby: 'live.phase.lobby',
  reconnecting: 'live.phase.reconnecting',
  left: 'live.phase.left',
  removed: 'live.phase.removed',
  refused: 'live.phase.refused',
};

/**
 * The meeting room: title and status line, the stage, the speaking queue and the list of
 * sites beside it, the controls under it. It repaints only the parts the session marks
 * as changed. States other than "live" (connecting, lobby, reconnecting, ended…) show as
 * a banner over the same frame so the person always knows where they are; an ended meeting
 * replaces the room with the ended screen. On a phone the side panels open as a sheet
 * from the control bar ("Điểm cầu").
 */
export function roomView(session: LiveSession, onLeave: () => void, onRetry: () => void): { node: HTMLElement; dispose(): void } {
  const s = session.state;
  const stage = new Stage(session);
  const controls = controlsBar(session, onLeave, () => setSide(!sideOpen));
  const floor = floorPanel(session);
  const people = peoplePanel(session);
  const agenda = agendaPanel(session);
  const chat = chatPanel(session);
  const rollCall = rollCallCard(session);
  const title = h('h1', { class: 'page-title live-title', tabindex: '-1' }, t('nav.live'));
  const chips = h('div', { class: 'live-chips', role: 'status', 'aria-live': 'polite' });
  const banner = h('div', { class: 'live-banner', role: 'status', 'aria-live': 'assertive', hidden: true });
  const message = h('p', { class: 'live-message', role: 'alert', hidden: true });
  const audioBlocked = h(
    'button',
    {
      type: 'button',
      class: 'button button--primary',
      hidden: true,
      on: {
        click: () => {
          stage.resumeAudio();
          audioBlocked.hidden = true;
        },
      },
    },
    t('live.audioBlocked'),
  );
  stage.node.addEventListener('audioblocked', () => (audioBlocked.hidden = false));
  const ended = h('div', { class: 'live-ended-slot' });
  // The secretary drafts the biên bản beside the room (another window), during the meeting and after it.
  const minutesLink = h('a', { class: 'button button--secondary button--small live-minutes-link', href: href(`/meetings/${s.meetingId}/records/minutes`), target: '_blank', rel: 'noopener', hidden: true, 'data-action': 'minutes' }, t('rec.openInRoom'));
  void api.get<{ may: { write: boolean; chair: boolean } }>(`/api/meetings/${s.meetingId}/records`, { follow: true })
    .then((d) => (minutesLink.hidden = !(d.may.write || d.may.chair)), () => undefined);

  // The side panels: beside the stage on a desktop, a sheet over it on a phone.
  let sideOpen = false;
  const closeSide = h(
    'button',
    { type: 'button', class: 'live-button live-button--phone live-side-close', 'aria-label': t('live.panel.close'), on: { click: () => setSide(false) } },
    icon('close'),
  );
  const side = h('aside', { class: 'live-side', id: 'live-side', 'aria-label': t('live.side') }, closeSide, floor.node, people.node);
  side.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && sideOpen) setSide(false);
  });
  function setSide(open: boolean): void {
    sideOpen = open;
    node.classList.toggle('live--side-open', open);
    const toggle = controls.node.querySelector<HTMLButtonElement>('[data-control="people"]');
    toggle?.setAttribute('aria-expanded', String(open));
    toggle?.setAttribute('aria-controls', side.id);
    if (open) closeSide.focus();
    else if (toggle && document.activeElement && side.contains(document.activeElement)) toggle.focus();
  }

  const node = h(
    'div',
    { class: 'live', 'data-phase': s.phase },
    h('header', { class: 'live-header' }, title, chips, minutesLink),
    banner,
    message,
    audioBlocked,
    ended,
    rollCall.node,
    // The agenda and the text channel stay in view on a phone; the other side panels are a sheet there.
    h('div', { class: 'live-body' }, stage.node, h('div', { class: 'live-column' }, agenda.node, chat.node, side)),
    controls.node,
  );

  // Before the chair starts the meeting the room is a waiting room (issue #9): the chair is
  // offered the start, everyone else is told what they are waiting for.
  const startButton = h('button', {
    type: 'button', class: 'button button--primary', 'data-control': 'start',
    on: {
      click: () => {
        startButton.disabled = true;
        void chair.start(session).finally(() => (startButton.disabled = false));
      },
    },
  }, t('live.start.button'));

  function renderBanner(): void {
    const waiting = s.phase === 'live' && !s.started;
    const chairing = isChair(s);
    const key = phaseKeys[s.phase] ?? (waiting ? (chairing ? 'live.start.chairTitle' : 'live.start.waitingTitle') : undefined);
    node.dataset['phase'] = s.phase;
    node.dataset['started'] = String(s.started);
    if (s.phase === 'ended' && !ended.firstChild) {
      ended.replaceChildren(endedView(s.meetingId));
      setSide(false);
      ended.querySelector<HTMLElement>('h2')?.focus();
    }
    banner.hidden = !key;
    if (!key) return;
    const finished = ['left', 'ended', 'removed', 'refused'].includes(s.phase);
    replaceChildren(
      banner,
      h('strong', null, t(key)),
      waiting ? h('span', null, t(chairing ? 'live.start.chairHint' : 'live.start.waitingHint')) : null,
      waiting && chairing ? startButton : null,
      s.phase === 'lobby' ? h('span', null, t('live.phase.lobbyHint')) : null,
      s.phase === 'reconnecting' ? h('span', null, t('live.phase.reconnectingHint')) : null,
      finished && s.message ? h('span', { class: 'live-banner-reason' }, s.message) : null,
      finished ? h('button', { type: 'button', class: 'button button--secondary', on: { click: onRetry } }, t('live.rejoin')) : null,
    );
    banner.className = `live-banner live-banner--${waiting ? 'waiting' : s.phase}`;
  }

  let chipsKey = '';
  function renderChips(): void {
    const items: [string, string][] = [];
    // Only a room one is in has a state worth showing.
    if (!session.inMeeting()) {
      chipsKey = '';
      return chips.replaceChildren();
    }
    if (s.phase === 'live') items.push(s.started ? ['live', t('live.chip.live')] : ['waiting', t('live.chip.waiting')]);
    if (s.locked) items.push(['locked', t('live.chip.locked')]);
    if (s.receiveMode === 'audio-only') items.push(['audio-only', t(s.receiveReason === 'auto' ? 'live.mode.audioOnlyAuto' : 'live.mode.audioOnlyOn')]);
    if (s.self && s.floor.holderPeerId === s.self.peerId) items.push(['floor', t('live.floor.speaking')]);
    if (s.local.mutedByChair) items.push(['muted', t('live.mic.mutedByChairNotice')]);
    const pendingRollCall = s.phase === 'live' && !!s.rollCall && s.rollCall.count === null && s.rollCall.dismissed;
    // Rebuilt only when they changed: a large meeting repaints many times a second while sites arrive.
    const key = JSON.stringify([items, pendingRollCall]);
    if (key === chipsKey) return;
    chipsKey = key;
    chips.replaceChildren(...items.map(([kind, text]) => h('span', { class: `chip chip--${kind}`, 'data-chip': kind }, text)));
    // A roll call put aside stays one tap away.
    if (pendingRollCall) {
      chips.append(h('button', { type: 'button', class: 'chip chip--rollcall', 'data-chip': 'roll-call', on: { click: () => rollCall.reopen() } }, t('live.rollCall.pending')));
    }
  }

  function renderMessage(): void {
    const finished = !session.inMeeting();
    message.hidden = finished || !s.message;
    message.textContent = finished ? '' : (s.message ?? '');
  }

  function paint(parts: ReadonlySet<Part>): void {
    const started = performance.now();
    if (s.meeting && title.textContent !== s.meeting.title) title.textContent = s.meeting.title;
    if (parts.has('phase') || parts.has('message')) renderBanner();
    renderChips();
    renderMessage();
    rollCall.update();
    stage.render();
    controls.update();
    if (parts.has('floor') || parts.has('phase')) floor.update();
    if (parts.has('agenda') || parts.has('phase')) agenda.update();
    if (parts.has('messages') || parts.has('phase')) chat.update();
    people.update(parts);
    countPaint(performance.now() - started);
  }

  const off = session.changes.on(paint);
  paint(new Set<Part>(['phase', 'message', 'floor', 'rollCall', 'agenda', 'messages']));
  let messageTimer: ReturnType<typeof setTimeout> | null = null;
  // Refusals (e.g. "you may not unmute now") are read once, then fade after a while.
  const offMessage = session.changes.on((parts) => {
    if (!parts.has('message') || !s.message || !session.inMeeting()) return;
    if (messageTimer) clearTimeout(messageTimer);
    messageTimer = setTimeout(() => {
      s.message = null;
      renderMessage();
    }, 8_000);
  });

  return {
    node,
    dispose() {
      off();
      offMessage();
      if (messageTimer) clearTimeout(messageTimer);
      controls.dispose();
      floor.dispose();
      agenda.dispose();
      stage.dispose();
    },
  };
}
