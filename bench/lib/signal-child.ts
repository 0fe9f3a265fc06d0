import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { within } from './live-socket.ts';
import type { ServerRequest } from './signal-server.ts';
import type { SitesRequest } from './signal-sites.ts';

/** A process of bench:signal (signal-server.ts or signal-sites.ts), asked over IPC. */
export class Child {
  private readonly process: ChildProcess;
  private readonly timeoutMs: number;

  constructor(file: string, timeoutMs: number, execArgv: string[] = []) {
    this.timeoutMs = timeoutMs;
    this.process = fork(path.join(import.meta.dirname, file), [], { execArgv: [...process.execArgv, ...execArgv], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  }

  /** One request, one answer (requests to a child are never concurrent). */
  ask<T>(message: ServerRequest | SitesRequest, timeoutMs = this.timeoutMs): Promise<T> {
    return new Promise((resolve, reject) => {
      const listener = (answer: T & { error?: string }) => {
        clearTimeout(timer);
        if (answer.error) reject(new Error(answer.error));
        else resolve(answer);
      };
      const timer = setTimeout(() => {
        this.process.off('message', listener);
        reject(new Error(`${message.op}: no answer in ${timeoutMs} ms`));
      }, timeoutMs);
      this.process.once('message', listener);
      this.process.send(message);
    });
  }

  async exit(): Promise<void> {
    if (this.process.exitCode !== null) return;
    const exited = new Promise((resolve) => this.process.once('exit', resolve));
    await within(this.ask({ op: 'exit' }, 60_000).catch(() => undefined), 60_000, undefined);
    await within(exited, 5_000, undefined);
    if (this.process.exitCode === null) this.process.kill('SIGKILL');
  }
}
