/**
 * npm run bench:signal [-- --sites 69,168,1000,3356 --db pglite|postgres --timeout 300 --window 64]
 *
 * K sites (K includes the chủ trì's own site) of one meeting: the real app in a child process
 * (its memory is the server's alone), the chủ trì's socket here, the other K−1 sites as socket.io
 * clients in one or two child processes. Each site connects with its session cookie (the real
 * handshake), joins, answers the roll call, and a few ask for the floor. Figures per K:
 *   in     — from the first site connecting to the chủ trì's view showing all K−1 sites present;
 *   memory — the server's RSS (and JS heap) after a full GC, per site, against the room with the chủ trì alone;
 *   roll   — from rollCall:start to the chủ trì holding every site's answer;
 *   grant  — from the chủ trì's floor:grant to the last site hearing it.
 * Baseline in the same run: the same K−1 sockets against socket.io alone (one hello each,
 * acknowledged; one broadcast) — what socket.io itself costs. A step that does not finish
 * within --timeout seconds is reported "not reached" and the bench goes on with the next K.
 * Profile the server: --profile <dir> (a .cpuprofile per server process).
 * Last line: RESULT signal k<K>_in_ms=… k<K>_kb_per_site=… k<K>_grant_ms=… k<K>_in_ratio=… load=…
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Socket } from 'socket.io-client';
import type { DbKind } from '../server/db/client.ts';
import type { PeerInfo } from '../server/live/protocol.ts';
import { call, connectSocket, now, within } from './lib/live-socket.ts';
import { load1, machineLine, option } from './lib/machine.ts';
import type { BenchMeeting } from './lib/meeting-sites.ts';
import type { Memory, ServerRequest } from './lib/signal-server.ts';
import type { SitesReport, SitesRequest } from './lib/signal-sites.ts';

const SIZES = option('sites', '69,168,1000,3356').split(',').map(Number);
const DB = option('db', 'pglite') as DbKind;
const TIMEOUT_MS = Number(option('timeout', '300')) * 1000;
const WINDOW = Number(option('window', '64'));
const PROFILE = option('profile', '');
const FLOOR_REQUESTS = 5;
const PORTS = { hopso: 3140, bare: 3141 };

class Child {
  private readonly process: ChildProcess;
  constructor(file: string, execArgv: string[] = []) {
    this.process = fork(path.join(import.meta.dirname, 'lib', file), [], { execArgv: [...process.execArgv, ...execArgv], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  }

  /** One request, one answer (requests to a child are never concurrent). */
  ask<T>(message: ServerRequest | SitesRequest, timeoutMs = TIMEOUT_MS): Promise<T> {
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

interface Figures { inMs: number | null; rssPerSite: number; heapPerSite: number; rollMs: number | null; grantMs: number | null; errors: number; firstErrors: string[] }

const serverArgs = (kind: string, k: number) => ['--expose-gc', ...(PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE}`, `--cpu-prof-name=signal-${kind}-${k}.cpuprofile`] : [])];

/** Splits the sites over one child per 1,700 sites (a socket.io client costs CPU too). */
function siteChildren(cookies: (string | null)[]): { child: Child; cookies: (string | null)[] }[] {
  const n = Math.max(1, Math.ceil(cookies.length / 1700));
  return Array.from({ length: n }, (_, i) => ({ child: new Child('signal-sites.ts'), cookies: cookies.filter((_, j) => j % n === i) }));
}

async function reports(children: { child: Child }[]): Promise<SitesReport[]> {
  return Promise.all(children.map((c) => c.child.ask<SitesReport>({ op: 'report' })));
}

/** Polls the sites until every one heard the floor, or the step's time is up; the last instant heard. */
async function lastFloorHeard(children: { child: Child }[], expected: number): Promise<number | null> {
  const deadline = Date.now() + TIMEOUT_MS;
  while (Date.now() < deadline) {
    const all = await reports(children);
    if (all.reduce((s, r) => s + r.floorHeard, 0) >= expected) return Math.max(...all.map((r) => r.lastFloorAt));
    await new Promise((r) => setTimeout(r, 50));
  }
  return null;
}

const perSite = (before: Memory, after: Memory, sites: number) => ({
  rssPerSite: (after.rss - before.rss) / sites, heapPerSite: (after.heapUsed - before.heapUsed) / sites,
});

async function bare(k: number): Promise<Figures> {
  const server = new Child('signal-server.ts', serverArgs('bare', k));
  const sites = Array.from({ length: k - 1 }, () => null);
  const children = siteChildren(sites);
  try {
    const { url } = await server.ask<{ url: string }>({ op: 'start', kind: 'bare', port: PORTS.bare });
    const before = await server.ask<Memory>({ op: 'memory' });
    const t0 = now();
    const joined = await Promise.all(children.map((c) => c.child.ask<SitesReport>({ op: 'connect', kind: 'bare', url, meetingId: '', cookies: c.cookies, window: WINDOW })));
    const all = joined.reduce((s, r) => s + r.joined, 0) === k - 1;
    const inMs = all ? Math.max(...joined.map((r) => r.lastJoinedAt)) - t0 : null;
    const after = await server.ask<Memory>({ op: 'memory' });
    await Promise.all(children.map((c) => c.child.ask({ op: 'expectFloor', holder: 'bare' })));
    const { at } = await server.ask<{ at: number }>({ op: 'broadcast' });
    const last = await lastFloorHeard(children, k - 1);
    return { inMs, ...perSite(before, after, k - 1), rollMs: null, grantMs: last === null ? null : last - at, errors: joined.reduce((s, r) => s + r.errors, 0), firstErrors: joined.flatMap((r) => r.firstErrors) };
  } finally {
    await Promise.all(children.map((c) => c.child.exit()));
    await server.exit();
  }
}

/** What the chủ trì's page knows: who is present, and each roll-call answer. */
class ChairView {
  readonly present = new Set<string>();
  readonly answers = new Set<string>();
  private waiters: { test: () => boolean; resolve: (at: number) => void }[] = [];

  constructor(socket: Socket) {
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
    return within(new Promise<number>((resolve) => this.waiters.push({ test, resolve })), TIMEOUT_MS, null);
  }
}

async function hopso(k: number): Promise<Figures> {
  const server = new Child('signal-server.ts', serverArgs('hopso', k));
  let chair: Socket | null = null;
  let children: { child: Child; cookies: (string | null)[] }[] = [];
  try {
    const seeded = performance.now();
    // Migrations, the unit registry and K accounts: minutes on a loaded 2-core machine, not a step of the bench.
    const { url, meeting } = await server.ask<{ url: string; meeting: BenchMeeting }>({ op: 'start', kind: 'hopso', db: DB, port: PORTS.hopso, sites: k }, Math.max(TIMEOUT_MS, 900_000));
    console.log(`  K=${k}: ${meeting.title}: server up, ${k} accounts and sessions in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);
    chair = await connectSocket(url, meeting.chair.cookie);
    const view = new ChairView(chair);
    // Past its start time, the chủ trì's coming in starts the meeting (meeting-start.ts); else the chủ trì starts it.
    const chairJoin = await call(chair, 'join', { meetingId: meeting.meetingId, siteSessionId: 'bench-chair' });
    if (!chairJoin.started) await call(chair, 'start', {});
    children = siteChildren(meeting.sites.map((s) => s.cookie));
    const before = await server.ask<Memory>({ op: 'memory' });

    const t0 = now();
    const connecting = Promise.all(children.map((c) => c.child.ask<SitesReport>({ op: 'connect', kind: 'hopso', url, meetingId: meeting.meetingId, cookies: c.cookies, window: WINDOW })));
    connecting.catch(() => {}); // awaited below; a failure then ends this K, not the bench
    const allIn = await view.when(() => view.present.size >= k - 1);
    const joined = await connecting;
    const after = await server.ask<Memory>({ op: 'memory' });

    let rollMs: number | null = null, grantMs: number | null = null;
    if (allIn !== null) {
      const r0 = now();
      await call(chair, 'rollCall:start', {});
      const answered = await view.when(() => view.answers.size >= k - 1);
      rollMs = answered === null ? null : answered - r0;

      const { peerIds } = await children[0]!.child.ask<{ peerIds: string[] }>({ op: 'requestFloor', n: FLOOR_REQUESTS });
      await Promise.all(children.map((c) => c.child.ask({ op: 'expectFloor', holder: peerIds[0]! })));
      const g0 = now();
      await call(chair, 'floor:grant', { peerId: peerIds[0]! });
      const last = await lastFloorHeard(children, k - 1);
      grantMs = last === null ? null : last - g0;
    }
    const final = await reports(children);
    return {
      inMs: allIn === null ? null : allIn - t0, ...perSite(before, after, k - 1), rollMs, grantMs,
      errors: final.reduce((s, r) => s + r.errors, 0), firstErrors: [...joined, ...final].flatMap((r) => r.firstErrors).slice(0, 5),
    };
  } finally {
    chair?.disconnect();
    await Promise.all(children.map((c) => c.child.exit()));
    await server.exit();
  }
}

const ms = (v: number | null) => (v === null ? 'not reached' : `${v.toFixed(0)} ms`);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const ratio = (a: number | null, b: number | null) => (a === null || b === null || b <= 0 ? 'n/a' : (a / b).toFixed(1));

console.log(machineLine());
console.log(`database ${DB}; sites connect ${WINDOW} at a time; ${TIMEOUT_MS / 1000} s per step`);
const fields: string[] = [];
for (const k of SIZES) {
  const base = await bare(k).catch((err: Error) => (console.log(`  K=${k} baseline failed: ${err.message}`), null));
  const real = await hopso(k).catch((err: Error) => (console.log(`  K=${k} failed: ${err.message}`), null));
  if (base) {
    console.log(`  K=${k} socket.io alone: in ${ms(base.inMs)}, ${kb(base.rssPerSite)} RSS / ${kb(base.heapPerSite)} heap per site, broadcast to the last ${ms(base.grantMs)}`);
  }
  if (real) {
    console.log(`  K=${k} hopso: all in ${ms(real.inMs)} (× ${ratio(real.inMs, base?.inMs ?? null)}), ${kb(real.rssPerSite)} RSS (× ${ratio(real.rssPerSite, base?.rssPerSite ?? null)}) / ${kb(real.heapPerSite)} heap per site, ` +
      `roll call answered ${ms(real.rollMs)}, floor grant to the last site ${ms(real.grantMs)} (× ${ratio(real.grantMs, base?.grantMs ?? null)})` +
      `${real.errors ? `; ${real.errors} errors: ${real.firstErrors.join(' | ')}` : ''}  load ${load1()}`);
  }
  const v = (x: number | null | undefined) => (x === null || x === undefined ? 'na' : x.toFixed(0));
  fields.push(`k${k}_in_ms=${v(real?.inMs)}`, `k${k}_kb_per_site=${real ? (real.rssPerSite / 1024).toFixed(1) : 'na'}`, `k${k}_roll_ms=${v(real?.rollMs)}`,
    `k${k}_grant_ms=${v(real?.grantMs)}`, `k${k}_in_ratio=${ratio(real?.inMs ?? null, base?.inMs ?? null)}`);
}
console.log(`RESULT signal ${fields.join(' ')} load=${load1()}`);
