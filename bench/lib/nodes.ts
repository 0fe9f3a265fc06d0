import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { openDatabase } from '../../server/db/client.ts';
import { PG_URL } from './databases.ts';

export interface BenchNode {
  id: string;
  /** The public HTTP address (sites connect here). */
  url: string;
  /** The node-to-node link. */
  linkUrl: string;
  child: ChildProcess;
  /** The last 64 KiB of its log. */
  output(): string;
  /** Its first warnings and errors (pino level ≥ 40), each as "msg {fields}": a node found gone, a node call failed … */
  warnings(): string[];
  /** With `memory`: the process's RSS and JS heap after a full GC (bench/lib/node-memory.ts). */
  memory(): Promise<NodeMemory>;
}

export interface NodeMemory { rss: number; heapUsed: number }

export interface BenchNodes {
  databaseUrl: string;
  nodes: BenchNode[];
  /** Kills every node and drops the scratch database. */
  stop(): Promise<void>;
}

export interface BenchNodesOptions {
  count: number;
  /** Node i serves HTTP on basePort + 2i and its node link on basePort + 2i + 1. */
  basePort: number;
  /** Settings for every node (MEDIA_WORKERS, RTC_PORT …); `perNode(i)` adds node i's own. */
  env?: Record<string, string>;
  perNode?: (i: number) => Record<string, string>;
  /** Node options before server/main.ts (e.g. --cpu-prof); `perNodeArgs(i)` adds node i's own. */
  perNodeArgs?: (i: number) => string[];
  /** Each node answers `memory()` (started with --expose-gc, bench/lib/node-memory.ts and an IPC channel). */
  memory?: boolean;
}

const OUTPUT_KEPT = 64 * 1024;
const MAX_WARNINGS = 20;

const SECRET = `bench-node-secret-${randomBytes(12).toString('hex')}`;

/**
 * `count` hopso nodes (server/main.ts, each its own process) on one scratch PostgreSQL database:
 * the multi-node deployment of docs/scaling.md on one machine, for the benches. The first node
 * starts alone (it migrates and seeds the demo data); the others then start together.
 */
export async function startBenchNodes(opts: BenchNodesOptions): Promise<BenchNodes> {
  const name = `hopso_bench_${randomBytes(5).toString('hex')}`;
  const admin = postgres(PG_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  // Migrated once here, so the nodes do not race to migrate.
  await (await openDatabase({ url: databaseUrl, max: 1 })).close();
  const nodes: BenchNode[] = [];
  const dataDirs: string[] = [];
  const stop = async () => {
    await Promise.all(nodes.map((n) => kill(n.child)));
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
    for (const dir of dataDirs) fs.rmSync(dir, { recursive: true, force: true });
  };
  const start = (i: number) => {
    const id = `node-${String.fromCharCode(97 + i)}`;
    const port = opts.basePort + 2 * i;
    const env = {
      ...process.env, LOG_LEVEL: 'info', COOKIE_SECURE: 'false', DEMO_DATA: i === 0 ? 'true' : 'false',
      SIGNING_KEY_SECRET: 'bench-only-signing-key-secret-0123456789', DATA_DIR: `/tmp/hopso-bench-${name}-${id}`,
      DATABASE_URL: databaseUrl, PORT: String(port), HOST: '127.0.0.1',
      NODE_ID: id, NODE_URL: `http://127.0.0.1:${port + 1}`, NODE_PORT: String(port + 1), NODE_SECRET: SECRET,
      ...opts.env, ...opts.perNode?.(i),
    };
    dataDirs.push(env.DATA_DIR);
    const args = [
      ...(opts.memory ? ['--expose-gc', '--import', path.join(import.meta.dirname, 'node-memory.ts')] : []),
      ...(opts.perNodeArgs?.(i) ?? []), 'server/main.ts',
    ];
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe', ...(opts.memory ? ['ipc' as const] : [])] });
    let out = '';
    let line = '';
    const warnings: string[] = [];
    const keep = (c: Buffer) => {
      const text = c.toString();
      out += text;
      if (out.length > 2 * OUTPUT_KEPT) out = out.slice(-OUTPUT_KEPT);
      const lines = (line + text).split('\n');
      line = lines.pop()!.slice(-OUTPUT_KEPT);
      for (const l of lines) if (warnings.length < MAX_WARNINGS) noteWarning(l, warnings);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const node: BenchNode = { id, url: `http://127.0.0.1:${port}`, linkUrl: env.NODE_URL, child, output: () => out.slice(-OUTPUT_KEPT), warnings: () => [...warnings], memory: () => memoryOf(child) };
    nodes.push(node);
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${id} did not start:\n${out.slice(-2000)}`)), 120_000);
      const check = () => {
        if (out.includes('Server listening')) {
          clearTimeout(timer);
          child.stdout?.off('data', check);
          resolve();
        }
      };
      child.stdout?.on('data', check);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`${id} exited (${code}):\n${out.slice(-2000)}`));
      });
    });
  };
  try {
    await start(0);
    await Promise.all(Array.from({ length: opts.count - 1 }, (_, i) => start(i + 1)));
  } catch (err) {
    await stop();
    throw err;
  }
  return { databaseUrl, nodes, stop };
}

/** A pino line of level warn or above, shortened to its message and its short fields. */
function noteWarning(line: string, into: string[]): void {
  if (!line.startsWith('{') || !/"level":(4|5|6)0/.test(line)) return;
  try {
    const entry = JSON.parse(line) as Record<string, unknown>;
    const fields = Object.entries(entry).filter(([k]) => !['level', 'msg', 'time', 'pid', 'hostname', 'reqId'].includes(k))
      .map(([k, v]) => `${k}=${JSON.stringify(v).slice(0, 120)}`);
    into.push(`${JSON.stringify(entry['msg'])}${fields.length ? ` (${fields.join(', ')})` : ''}`);
  } catch {
    into.push(line.slice(0, 200));
  }
}

function memoryOf(child: ChildProcess): Promise<NodeMemory> {
  if (!child.send) return Promise.reject(new Error('the node was started without `memory`'));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('message', answer);
      reject(new Error('the node did not tell its memory within 60 s'));
    }, 60_000);
    const answer = (m: { op?: string; gc?: boolean } & NodeMemory) => {
      if (m?.op !== 'memory') return;
      clearTimeout(timer);
      child.off('message', answer);
      if (m.gc) resolve({ rss: m.rss, heapUsed: m.heapUsed });
      else reject(new Error('the node has no gc() (started without --expose-gc)'));
    };
    child.on('message', answer);
    child.send({ op: 'memory' });
  });
}

function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
  });
}
