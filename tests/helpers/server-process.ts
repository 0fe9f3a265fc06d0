import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createServer } from 'node:net';
import { eventually } from './wait.ts';

/** A free TCP port of 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** The real server (server/main.ts) as a child process, to be killed with SIGKILL and started again on the same database. */
export class ServerProcess {
  private child: ChildProcess | null = null;
  output = '';

  private readonly env: Record<string, string>;
  private readonly spawnIn: (command: string, args: string[], options: SpawnOptions) => ChildProcess;
  /** `spawnIn` starts the process elsewhere, e.g. inside a network namespace (NetHost.spawn). */
  constructor(env: Record<string, string>, spawnIn: (command: string, args: string[], options: SpawnOptions) => ChildProcess = spawn) {
    this.env = env;
    this.spawnIn = spawnIn;
  }

  async start(): Promise<void> {
    this.output = '';
    const child = this.spawnIn(process.execPath, ['server/main.ts'], {
      env: { ...process.env, ...this.env }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const collect = (chunk: Buffer) => {
      this.output += chunk.toString();
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    await eventually(() => this.output.includes('is running at') || (child.exitCode !== null ? Promise.reject(new Error(this.output)) : false), 60_000, 'server start');
  }

  kill(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }
}
