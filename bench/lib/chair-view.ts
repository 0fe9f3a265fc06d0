import type { Socket } from 'socket.io-client';
import type { PeerInfo } from '../../server/live/protocol.ts';
import { now, within } from './live-socket.ts';

/** What the chủ trì's page knows in bench:signal: who is present, and each roll-call answer. */
export class ChairView {
  readonly present = new Set<string>();
  readonly answers = new Set<string>();
  private readonly timeoutMs: number;
  private waiters: { test: () => boolean; resolve: (at: number) => void }[] = [];

  constructor(socket: Socket, timeoutMs: number) {
    this.timeoutMs = timeoutMs;
    socket.on('peerJoined', (p: PeerInfo) => this.change(() => this.present.add(p.peerId)));
    socket.on('peerLeft', ({ peerId }: { peerId: string }) => this.change(() => this.present.delete(peerId)));
    socket.on('rollCallConfirmed', ({ peerId }: { peerId: string }) => this.change(() => this.answers.add(peerId)));
  }

  private change(apply: () => void) {
    apply();
    const at = now();
    this.waiters = this.waiters.filter((w) => (w.test() ? (w.resolve(at), false) : true));
  }

  /** The instant `test` first held (null if not within the step's time). */
  when(test: () => boolean): Promise<number | null> {
    if (test()) return Promise.resolve(now());
    return within(new Promise<number>((resolve) => this.waiters.push({ test, resolve })), this.timeoutMs, null);
  }
}
