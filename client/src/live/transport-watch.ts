import type { MediaEngine, TransportTrouble } from './media.ts';

/** A transport that stays disconnected this long gets an ICE restart… */
const ICE_RESTART_AFTER_MS = 3_000;
/** …and if that does not bring it back within this, the site rejoins from scratch. */
const REJOIN_AFTER_MS = 12_000;

/** What the watch needs of the session: whether acting makes sense now, the current engine, a full rejoin. */
export interface TransportWatchHost {
  /** Not disposed, and the signalling socket is up (an ICE restart is a call to the server). */
  active(): boolean;
  engine(): MediaEngine | null;
  rejoin(): Promise<void>;
}

/**
 * Brings a media transport back after it dropped: an ICE restart once it stayed disconnected
 * a while, a full rejoin if that did not help. A transport that reconnects by itself cancels both.
 */
export class TransportWatch {
  private readonly timers = new Map<'send' | 'recv', ReturnType<typeof setTimeout>>();
  private readonly host: TransportWatchHost;
  constructor(host: TransportWatchHost) {
    this.host = host;
  }

  onTrouble({ direction, state }: TransportTrouble): void {
    const pending = this.timers.get(direction);
    if (state === 'connected') {
      if (pending) clearTimeout(pending);
      this.timers.delete(direction);
      return;
    }
    if ((state !== 'disconnected' && state !== 'failed') || pending) return;
    this.timers.set(
      direction,
      setTimeout(() => {
        if (!this.host.active()) return this.timers.delete(direction);
        this.host.engine()?.restartIce(direction).catch(() => this.host.rejoin());
        this.timers.set(
          direction,
          setTimeout(() => {
            this.timers.delete(direction);
            const engine = this.host.engine();
            const transport = direction === 'send' ? engine?.sendTransport : engine?.recvTransport;
            if (transport && transport.connectionState !== 'connected') void this.host.rejoin();
          }, REJOIN_AFTER_MS),
        );
      }, ICE_RESTART_AFTER_MS),
    );
  }

  /** This join's media is gone: nothing of it is to be restarted. */
  clear(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
