import type { FastifyBaseLogger } from 'fastify';
import type { LivePeer } from './peer.ts';

// setTimeout's longest delay (~24.8 days); a later start time is re-checked when it fires.
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface StartHost {
  readonly id: string;
  readonly log: FastifyBaseLogger;
  /** The scheduled start time (a postponement moves it). */
  startsAt(): Date;
  /** An admitted chair still in the room, if any. */
  chairPresent(): LivePeer | undefined;
  /** Starts the meeting on the chair's behalf. */
  start(by: LivePeer): Promise<void>;
}

/**
 * Entering the room is not starting the meeting (issue #9): the room opens as a waiting room,
 * and the meeting starts when its chair says so — or by itself at its scheduled time while a
 * chair is in the room (a chair who comes in after that time starts it by coming in).
 * This class owns only that timer; the meeting owns the `started` flag it sets.
 */
export class StartTimer {
  private timer: NodeJS.Timeout | null = null;

  private readonly host: StartHost;
  constructor(host: StartHost) {
    this.host = host;
  }

  /** A chair is in the room: start now if the time has come, else when it comes. */
  chairArrived(): Promise<void> {
    const left = this.host.startsAt().getTime() - Date.now();
    if (left <= 0) {
      const chair = this.host.chairPresent();
      return chair ? this.host.start(chair) : Promise.resolve();
    }
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.chairArrived().catch((err: unknown) => this.host.log.error({ err, meetingId: this.host.id }, 'could not start the meeting at its time'));
      }, Math.min(left, MAX_TIMER_MS));
      this.timer.unref();
    }
    return Promise.resolve();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
