import type { ChildProcess } from 'node:child_process';

/** A server process a test started on one of its hosts: its output so far, a wait on it, and its stop. */
export interface Started {
  child: ChildProcess;
  output(): string;
  /** Resolves once `ready(output)` holds; rejects if the process exits first or `timeoutMs` passes (and then stops it). */
  until(ready: (output: string) => boolean, timeoutMs: number): Promise<void>;
  stop(): Promise<number | null>;
}

/** Servers still running when the test process ends (a failed suite): killed with it, never left behind. */
const running = new Set<ChildProcess>();
process.on('exit', () => { for (const child of running) child.kill('SIGKILL'); });

export function waitForOutput(child: ChildProcess, name: string): Started {
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of [...listeners]) listener();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  child.on('exit', () => { for (const listener of [...listeners]) listener(); });
  return {
    child,
    output: () => output,
    until: (ready, timeoutMs) => new Promise<void>((resolve, reject) => {
      const check = () => {
        if (ready(output)) finish();
        else if (child.exitCode !== null || child.signalCode !== null) finish(new Error(`${name} exited (${child.exitCode ?? child.signalCode}):\n${output.slice(-4000)}`));
      };
      const timer = setTimeout(() => finish(new Error(`${name}: not ready after ${timeoutMs} ms:\n${output.slice(-4000)}`)), timeoutMs);
      const finish = (error?: Error) => {
        clearTimeout(timer);
        listeners.delete(check);
        if (error) void stopChild(child, 5_000).finally(() => reject(error));
        else resolve();
      };
      listeners.add(check);
      check();
    }),
    stop: () => stopChild(child),
  };
}

/** SIGTERM, and SIGKILL if it is still there after `graceMs`; resolves with the exit code. */
export function stopChild(child: ChildProcess, graceMs = 30_000): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    child.kill('SIGTERM');
  });
}
