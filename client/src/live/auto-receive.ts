import type { LinkMonitor } from './link-monitor.ts';
import type { Methods } from './protocol.ts';
import type { LiveState, Part } from './state.ts';

/** What following the link's audio-only rule needs of the session. */
export interface AutoReceiveHost {
  readonly state: LiveState;
  readonly monitor: Pick<LinkMonitor, 'reset'>;
  request<M extends keyof Methods>(method: M, payload: Methods[M]['req']): Promise<Methods[M]['res']>;
  mark(...parts: Part[]): void;
}

/** The link monitor changed its mind (link-quality.ts): the server is asked to send audio only, or everything again. */
export async function followLinkDecision(host: AutoReceiveHost, mode: 'full' | 'audio-only'): Promise<void> {
  const state = host.state;
  // A manual choice wins: the automatic rule only acts when the person has not chosen.
  if (state.receiveReason === 'manual' || state.phase !== 'live') return;
  // Shown at once: on the thin link that caused it, the answer can take many seconds (TCP with
  // 5 % loss), and the server's peerUpdated, which comes before it, must not read as a manual choice.
  const before = { mode: state.receiveMode, reason: state.receiveReason };
  const reason = mode === 'audio-only' ? 'auto' : null;
  state.receiveMode = mode;
  state.receiveReason = reason;
  host.mark('mode');
  try {
    await host.request('setReceiveMode', { mode, reason: 'auto' });
  } catch (err) {
    console.warn('[live] setReceiveMode failed', err);
    // The server did not change what it sends: the page and the rule go back to what it does.
    const now: { receiveMode: string; receiveReason: string | null } = state;
    if (now.receiveMode === mode && now.receiveReason === reason) {
      state.receiveMode = before.mode;
      state.receiveReason = before.reason;
      host.monitor.reset(before.mode);
      host.mark('mode');
    }
  }
}
