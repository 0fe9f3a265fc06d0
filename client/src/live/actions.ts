import { t } from '../i18n/index.ts';
import { openScreen } from './devices.ts';
import type { ReceiveMode } from './protocol.ts';
import type { LiveSession } from './session.ts';
import { SignallingError } from './signalling.ts';
import { isChair, maySpeak } from './state.ts';

/**
 * What a person can do in the room, as functions of the session. Each one changes the
 * server first and the local state after the server agreed, so the page never shows a
 * state the others do not see. A refusal becomes the page's message (the server's text).
 */

async function attempt(session: LiveSession, action: () => Promise<unknown>): Promise<boolean> {
  try {
    await action();
    return true;
  } catch (err) {
    // The room is over for this site (ended, removed, left): an answer lost with the closed
    // link is not news to anyone — the chair's own "end" is answered by the `ended` event.
    if (!session.inMeeting()) return false;
    session.state.message = err instanceof Error ? err.message : String(err);
    session.mark('message');
    return false;
  }
}

/**
 * Turns a local source on or off. Before the room (lobby) there is no producer yet: the
 * choice is remembered and applies when the source is sent.
 */
function setSource(session: LiveSession, source: 'mic' | 'camera', on: boolean): Promise<boolean> {
  const { local } = session.state;
  const producer = session.engine?.producer(source);
  const remember = (value: boolean) => {
    if (source === 'mic') local.micOn = value;
    else local.camOn = value;
    session.mark('local');
  };
  if (!producer) {
    remember(on && (source === 'mic' ? local.hasMic : local.hasCam));
    return Promise.resolve(true);
  }
  return attempt(session, async () => {
    if (on) {
      await session.request('resumeProducer', { producerId: producer.id });
      producer.resume();
      if (source === 'mic') local.mutedByChair = false;
    } else {
      producer.pause();
      await session.request('pauseProducer', { producerId: producer.id });
    }
    remember(on);
  });
}

export const setMic = (session: LiveSession, on: boolean) => setSource(session, 'mic', on);
export const setCam = (session: LiveSession, on: boolean) => setSource(session, 'camera', on);

/** Whether the microphone button can turn the microphone on right now. */
export function mayUnmute(session: LiveSession): boolean {
  const s = session.state;
  const holdsFloor = !!s.self && s.floor.holderPeerId === s.self.peerId;
  return s.local.hasMic && maySpeak(s) && (!s.local.mutedByChair || holdsFloor || isChair(s));
}

/**
 * Starts sharing a screen (slides). `track` lets a caller supply its own capture
 * (the test hook uses a canvas stream where the browser has no screen to capture).
 */
export async function startScreen(session: LiveSession, track?: MediaStreamTrack): Promise<boolean> {
  const engine = session.engine;
  if (!engine || session.state.local.screenOn) return false;
  let screen: MediaStreamTrack | null;
  try {
    screen = track ?? (await openScreen());
  } catch (err) {
    session.state.message = err instanceof Error ? err.message : String(err);
    session.mark('message');
    return false;
  }
  if (!screen) return false; // the person cancelled the browser's picker
  const ok = await attempt(session, () => engine.produce('screen', screen));
  if (!ok) {
    screen.stop();
    return false;
  }
  session.tracks.screen = screen;
  session.state.local.screenOn = true;
  // The browser's own "Stop sharing" bar ends the track: stop the share with it.
  screen.addEventListener('ended', () => void stopScreen(session));
  session.mark('local', 'producers');
  return true;
}

export async function stopScreen(session: LiveSession): Promise<void> {
  const track = session.tracks.screen;
  session.tracks.screen = null;
  session.state.local.screenOn = false;
  session.mark('local', 'producers');
  track?.stop();
  await attempt(session, async () => session.engine?.closeProducer('screen'));
}

export async function setReceiveMode(session: LiveSession, mode: ReceiveMode): Promise<boolean> {
  const ok = await attempt(session, () => session.request('setReceiveMode', { mode, reason: 'manual' }));
  if (!ok) return false;
  const s = session.state;
  s.receiveMode = mode;
  // Choosing full video hands the decision back to the automatic rule.
  s.receiveReason = mode === 'audio-only' ? 'manual' : null;
  session.monitor.reset(mode);
  session.mark('mode');
  return true;
}

export async function declareHeadcount(session: LiveSession, count: number): Promise<boolean> {
  const ok = await attempt(session, () => session.request('declareHeadcount', { count }));
  if (ok) {
    session.state.headcount = count;
    session.mark('local');
  }
  return ok;
}

export async function confirmRollCall(session: LiveSession, count: number): Promise<boolean> {
  const rollCall = session.state.rollCall;
  if (!rollCall) return false;
  const ok = await attempt(session, () => session.request('rollCall:confirm', { rollCallId: rollCall.rollCallId, count }));
  if (ok) {
    rollCall.count = count;
    session.state.headcount = count;
    session.mark('rollCall', 'local', 'peers');
  }
  return ok;
}

export const requestFloor = (session: LiveSession) => attempt(session, () => session.request('floor:request', {}));
export const cancelFloor = (session: LiveSession) => attempt(session, () => session.request('floor:cancel', {}));

/** Chair controls. The server checks the role again; these only send the request. */
export const chair = {
  admit: (session: LiveSession, peerId: string) => attempt(session, () => session.request('admit', { peerId })),
  /**
   * Lets in every site waiting now, one after another: a locked room or early arrivals can leave
   * hundreds waiting, one click each. A site that left or was let in meanwhile is not a failure;
   * the others are counted and said once.
   */
  admitAll: async (session: LiveSession): Promise<void> => {
    let failed = 0;
    for (const peerId of session.state.lobby.map((p) => p.peerId)) {
      // The server paces a chair's admissions (live/call-limits.ts): past its burst, wait and go on.
      for (let pause = 250; ; pause = Math.min(pause * 2, 2_000)) {
        if (!session.inMeeting()) return;
        if (!session.state.lobby.some((p) => p.peerId === peerId)) break;
        const error = await session.request('admit', { peerId }).then(() => null, (err: unknown) => err);
        if (!(error instanceof SignallingError && error.code === 'rate_limited')) {
          if (error && !(error instanceof SignallingError && (error.code === 'conflict' || error.code === 'not_found'))) failed++;
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, pause));
      }
    }
    if (failed > 0 && session.inMeeting()) {
      session.state.message = t('live.lobby.admitFailed', { n: failed });
      session.mark('message');
    }
  },
  mute: (session: LiveSession, peerId: string) => attempt(session, () => session.request('mute', { peerId })),
  /** Lifts the chair's mute; the site turns its microphone on itself (nobody is put on air unasked). */
  unmute: (session: LiveSession, peerId: string) => attempt(session, () => session.request('unmute', { peerId })),
  muteAll: (session: LiveSession) => attempt(session, () => session.request('muteAll', {})),
  remove: (session: LiveSession, peerId: string) => attempt(session, () => session.request('remove', { peerId })),
  lock: (session: LiveSession, locked: boolean) => attempt(session, () => session.request('lock', { locked })),
  grant: (session: LiveSession, peerId: string, limitSeconds?: number) =>
    attempt(session, () => session.request('floor:grant', { peerId, ...(limitSeconds ? { limitSeconds } : {}) })),
  revoke: (session: LiveSession) => attempt(session, () => session.request('floor:revoke', {})),
  start: (session: LiveSession) => attempt(session, () => session.request('start', {})),
  startRollCall: (session: LiveSession) => attempt(session, () => session.request('rollCall:start', {})),
  endRollCall: (session: LiveSession) => attempt(session, () => session.request('rollCall:end', {})),
  end: (session: LiveSession) => attempt(session, () => session.request('end', {})),
};
