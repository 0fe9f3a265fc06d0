import { h } from '../../dom.ts';
import { t, type MessageKey } from '../../i18n/index.ts';
import { cancelFloor, chair, mayUnmute, requestFloor, setCam, setMic, setReceiveMode, startScreen, stopScreen } from '../actions.ts';
import { canShareScreen } from '../devices.ts';
import type { LiveSession } from '../session.ts';
import { isChair, siteCounts } from '../state.ts';
import { askHeadcount } from './dialogs.ts';
import { icon, type IconName } from './icons.ts';

interface Control {
  node: HTMLButtonElement;
  set(labelKey: MessageKey, options?: { pressed?: boolean | null; disabled?: boolean; hidden?: boolean; tone?: string; icon?: IconName; params?: Record<string, string | number> }): void;
}

/**
 * A labelled button whose label, pressed state and availability change in place, so
 * keyboard focus stays on it across updates. Every control has its words: shown beside
 * the icon on a desktop, and on a phone (where only the icon fits) still its accessible
 * name — icons alone are not understood by everyone in a commune meeting room.
 */
function control(name: string, onClick: () => void, base = 'live-button'): Control {
  const label = h('span', { class: 'live-button-label' });
  const node = h('button', { type: 'button', class: base, 'data-control': name, on: { click: onClick } }, label);
  let shownIcon: IconName | null = null;
  return {
    node,
    set(labelKey, { pressed = null, disabled = false, hidden = false, tone = '', icon: iconName, params } = {}) {
      const text = t(labelKey, params);
      if (label.textContent !== text) label.textContent = text;
      if ((iconName ?? null) !== shownIcon) {
        node.querySelector('.live-icon')?.remove();
        if (iconName) node.prepend(icon(iconName));
        shownIcon = iconName ?? null;
      }
      // Written only when changed: the bar is updated on every repaint, and a large meeting repaints often.
      if (pressed === null) node.removeAttribute('aria-pressed');
      else if (node.getAttribute('aria-pressed') !== String(pressed)) node.setAttribute('aria-pressed', String(pressed));
      if (node.disabled !== disabled) node.disabled = disabled;
      if (node.hidden !== hidden) node.hidden = hidden;
      const className = `${base}${tone ? ` live-button--${tone}` : ''}`;
      if (node.className !== className) node.className = className;
    },
  };
}

export interface ControlsBar {
  node: HTMLElement;
  update(): void;
  dispose(): void;
}

/**
 * The bar under the stage: one's own media, the floor, receive mode, headcount, leave; chair
 * tools. On a phone it is one row of large icons (micrô, camera, phát biểu, điểm cầu, thêm,
 * rời phòng); the rarer actions sit in the "Thêm" menu, which on a desktop is simply inline.
 */
export function controlsBar(session: LiveSession, onLeave: () => void, onPeople: () => void): ControlsBar {
  const s = session.state;
  const busy = new WeakSet<HTMLButtonElement>();
  const run = (c: Control, action: () => Promise<unknown>) => async () => {
    if (busy.has(c.node)) return;
    busy.add(c.node);
    c.node.setAttribute('aria-busy', 'true');
    try {
      await action();
    } finally {
      busy.delete(c.node);
      c.node.removeAttribute('aria-busy');
      update();
    }
  };

  const mic: Control = control('mic', () => void run(mic, () => setMic(session, !s.local.micOn))());
  const cam: Control = control('camera', () => void run(cam, () => setCam(session, !s.local.camOn))());
  const screen: Control = control('screen', () =>
    void run(screen, () => (s.local.screenOn ? stopScreen(session) : startScreen(session)))(),
  );
  const holdsFloor = () => !!s.self && s.floor.holderPeerId === s.self.peerId;
  const floor: Control = control('floor', () =>
    void run(floor, () => (inQueue() || holdsFloor() ? cancelFloor(session) : requestFloor(session)))(),
  );
  const mode: Control = control('receive-mode', () =>
    void run(mode, () => setReceiveMode(session, s.receiveMode === 'audio-only' ? 'full' : 'audio-only'))(),
  );
  const headcount: Control = control('headcount', () => askHeadcount(session));
  const layout: Control = control('layout', () => {
    s.layout = s.layout === 'grid' ? 'presenter' : 'grid';
    session.mark('layout');
  });
  const leave: Control = control('leave', onLeave);
  const people: Control = control('people', onPeople, 'live-button live-button--phone');
  const more: Control = control('more', () => setMenu(!menuOpen), 'live-button live-button--phone');

  const muteAll: Control = control('mute-all', () => void run(muteAll, () => chair.muteAll(session))());
  const lock: Control = control('lock', () => void run(lock, () => chair.lock(session, !s.locked))());
  const rollCall: Control = control('roll-call', () => void run(rollCall, () => chair.startRollCall(session))());
  const end: Control = control('end', () => {
    if (confirm(t('live.endConfirm'))) void run(end, () => chair.end(session))();
  });

  const inQueue = () => !!s.self && s.floor.queue.some((q) => q.peerId === s.self?.peerId);
  const screenPossible = canShareScreen();

  function update(): void {
    const live = s.phase === 'live';
    const holds = !!s.self && s.floor.holderPeerId === s.self.peerId;
    const chairing = isChair(s);
    // Labels say what a click does ("Tắt micrô"); the colour says the current state.
    const unmutable = mayUnmute(session);
    const micLabel = !s.local.hasMic
      ? 'live.mic.none'
      : s.local.micOn
        ? 'live.mic.turnOff'
        : unmutable
          ? 'live.mic.turnOn'
          : s.local.mutedByChair
            ? 'live.mic.mutedByChair'
            : 'live.mic.floorHeld';
    mic.set(micLabel, {
      disabled: !s.local.hasMic || (!s.local.micOn && !unmutable),
      tone: s.local.micOn ? '' : 'off',
      icon: s.local.micOn ? 'mic' : 'micOff',
    });
    cam.set(!s.local.hasCam ? 'live.cam.none' : s.local.camOn ? 'live.cam.turnOff' : 'live.cam.turnOn', {
      disabled: !s.local.hasCam,
      tone: s.local.camOn ? '' : 'off',
      icon: s.local.camOn ? 'camera' : 'cameraOff',
    });
    screen.set(s.local.screenOn ? 'live.screen.stop' : 'live.screen.start', {
      disabled: !live,
      hidden: !screenPossible,
      tone: s.local.screenOn ? 'active' : '',
      icon: 'screen',
    });
    // The holder may hand the floor back early; a waiting site may withdraw its request.
    floor.set(holds ? 'live.floor.finish' : inQueue() ? 'live.floor.cancel' : 'live.floor.request', {
      disabled: !live || !s.started,
      hidden: chairing,
      tone: holds ? 'floor' : inQueue() ? 'waiting' : '',
      icon: 'hand',
    });
    people.set('live.controls.people', { params: { n: siteCounts(s).sites }, icon: 'people' });
    more.set('live.controls.more', { icon: 'more' });
    more.node.setAttribute('aria-expanded', String(menuOpen));
    more.node.setAttribute('aria-controls', menu.id);
    mode.set('live.mode.audioOnly', { pressed: s.receiveMode === 'audio-only', disabled: !live });
    headcount.set('live.headcount.declare', { disabled: !live && s.phase !== 'lobby' });
    layout.set(s.layout === 'grid' ? 'live.layout.presenter' : 'live.layout.grid');
    leave.set('live.leave', { tone: 'danger', icon: 'leave' });
    muteAll.set('live.chair.muteAll', { hidden: !chairing, disabled: !live });
    lock.set(s.locked ? 'live.chair.unlock' : 'live.chair.lock', { hidden: !chairing, pressed: s.locked, disabled: !live });
    rollCall.set('live.chair.rollCall', { hidden: !chairing, disabled: !live || !s.started });
    end.set('live.chair.end', { hidden: !chairing, disabled: !live, tone: 'danger' });
    chairGroup.hidden = !chairing;
  }

  const chairGroup = h(
    'div',
    { class: 'live-controls-group', role: 'group', 'aria-label': t('live.controls.chair') },
    muteAll.node,
    lock.node,
    rollCall.node,
    end.node,
  );
  const menu = h(
    'div',
    { class: 'live-controls-more', id: 'live-controls-more', role: 'group', 'aria-label': t('live.controls.moreTitle') },
    h('div', { class: 'live-controls-group', role: 'group', 'aria-label': t('live.controls.view') }, screen.node, mode.node, layout.node, headcount.node),
    chairGroup,
  );
  const node = h(
    'div',
    { class: 'live-controls' },
    h('div', { class: 'live-controls-group live-controls-group--own', role: 'group', 'aria-label': t('live.controls.own') }, mic.node, cam.node, floor.node),
    people.node,
    menu,
    more.node,
    h('div', { class: 'live-controls-group live-controls-group--end' }, leave.node),
  );

  // The menu only exists as a menu on a phone; on a desktop its buttons are always shown.
  let menuOpen = false;
  function setMenu(open: boolean): void {
    menuOpen = open;
    node.classList.toggle('live-controls--menu-open', open);
    more.node.setAttribute('aria-expanded', String(open));
    if (open) menu.querySelector<HTMLButtonElement>('button:not([hidden]):not(:disabled)')?.focus();
  }
  // A choice in the menu, a tap elsewhere or Escape closes it.
  menu.addEventListener('click', (event) => {
    if (menuOpen && (event.target as Element).closest('button')) setMenu(false);
  });
  const onOutside = (event: PointerEvent) => {
    if (menuOpen && !node.contains(event.target as Node)) setMenu(false);
  };
  const onKey = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !menuOpen) return;
    setMenu(false);
    more.node.focus();
  };
  document.addEventListener('pointerdown', onOutside);
  document.addEventListener('keydown', onKey);

  update();
  return {
    node,
    update,
    dispose() {
      document.removeEventListener('pointerdown', onOutside);
      document.removeEventListener('keydown', onKey);
    },
  };
}
