import { h } from '../../dom.ts';
import { t, type MessageKey } from '../../i18n/index.ts';
import { cancelFloor, chair, mayUnmute, requestFloor, setCam, setMic, setReceiveMode, startScreen, stopScreen } from '../actions.ts';
import type { LiveSession } from '../session.ts';
import { isChair } from '../state.ts';
import { askHeadcount } from './dialogs.ts';

interface Control {
  node: HTMLButtonElement;
  set(labelKey: MessageKey, options?: { pressed?: boolean | null; disabled?: boolean; hidden?: boolean; tone?: string }): void;
}

/**
 * A labelled button whose label, pressed state and availability change in place, so
 * keyboard focus stays on it across updates. Every control has visible text: icons
 * alone are not understood by everyone in a commune meeting room.
 */
function control(name: string, onClick: () => void): Control {
  const node = h('button', { type: 'button', class: 'live-button', 'data-control': name, on: { click: onClick } });
  return {
    node,
    set(labelKey, { pressed = null, disabled = false, hidden = false, tone = '' } = {}) {
      const label = t(labelKey);
      if (node.textContent !== label) node.textContent = label;
      if (pressed === null) node.removeAttribute('aria-pressed');
      else node.setAttribute('aria-pressed', String(pressed));
      node.disabled = disabled;
      node.hidden = hidden;
      node.className = `live-button${tone ? ` live-button--${tone}` : ''}`;
    },
  };
}

/** The bar under the stage: one's own media, the floor, receive mode, headcount, leave; chair tools. */
export function controlsBar(session: LiveSession, onLeave: () => void): { node: HTMLElement; update(): void } {
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

  const muteAll: Control = control('mute-all', () => void run(muteAll, () => chair.muteAll(session))());
  const lock: Control = control('lock', () => void run(lock, () => chair.lock(session, !s.locked))());
  const rollCall: Control = control('roll-call', () => void run(rollCall, () => chair.startRollCall(session))());
  const end: Control = control('end', () => {
    if (confirm(t('live.endConfirm'))) void run(end, () => chair.end(session))();
  });

  const inQueue = () => !!s.self && s.floor.queue.some((q) => q.peerId === s.self?.peerId);

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
    });
    cam.set(!s.local.hasCam ? 'live.cam.none' : s.local.camOn ? 'live.cam.turnOff' : 'live.cam.turnOn', {
      disabled: !s.local.hasCam,
      tone: s.local.camOn ? '' : 'off',
    });
    screen.set(s.local.screenOn ? 'live.screen.stop' : 'live.screen.start', { disabled: !live, tone: s.local.screenOn ? 'active' : '' });
    // The holder may hand the floor back early; a waiting site may withdraw its request.
    floor.set(holds ? 'live.floor.finish' : inQueue() ? 'live.floor.cancel' : 'live.floor.request', {
      disabled: !live || !s.started,
      hidden: chairing,
      tone: holds ? 'floor' : inQueue() ? 'waiting' : '',
    });
    mode.set('live.mode.audioOnly', { pressed: s.receiveMode === 'audio-only', disabled: !live });
    headcount.set('live.headcount.declare', { disabled: !live && s.phase !== 'lobby' });
    layout.set(s.layout === 'grid' ? 'live.layout.presenter' : 'live.layout.grid');
    leave.set('live.leave', { tone: 'danger' });
    muteAll.set('live.chair.muteAll', { hidden: !chairing, disabled: !live });
    lock.set(s.locked ? 'live.chair.unlock' : 'live.chair.lock', { hidden: !chairing, pressed: s.locked, disabled: !live });
    rollCall.set('live.chair.rollCall', { hidden: !chairing, disabled: !live || !s.started });
    end.set('live.chair.end', { hidden: !chairing, disabled: !live, tone: 'danger' });
  }

  const node = h(
    'div',
    { class: 'live-controls' },
    h('div', { class: 'live-controls-group', role: 'group', 'aria-label': t('live.controls.own') }, mic.node, cam.node, screen.node, floor.node),
    h('div', { class: 'live-controls-group', role: 'group', 'aria-label': t('live.controls.view') }, mode.node, layout.node, headcount.node),
    h(
      'div',
      { class: 'live-controls-group', role: 'group', 'aria-label': t('live.controls.chair') },
      muteAll.node,
      lock.node,
      rollCall.node,
      end.node,
    ),
    h('div', { class: 'live-controls-group live-controls-group--end' }, leave.node),
  );
  update();
  return { node, update };
}
