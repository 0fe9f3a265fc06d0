/**
 * npm run bench:signal [-- --sites 69,168,1000,3356 --nodes 1|2 --db pglite|postgres --timeout 300 --window 64]
 *
 * K sites (K includes the chủ trì's own site) of one meeting: the real app in a child process
 * (its memory is the server's alone), the chủ trì's socket here, the other K−1 sites as socket.io
 * clients in child processes (one per 1,700 sites of each server). Each site connects with its
 * session cookie (the real handshake), joins, answers the roll call, and a few ask for the floor. Figures per K:
 *   in     — from the first site connecting to the chủ trì's view showing all K−1 sites present;
 *   memory — the server's RSS (and JS heap) after a full GC, per site, against the room with the chủ trì alone;
 *   roll   — from rollCall:start to the chủ trì holding every site's answer;
 *   grant  — from the chủ trì's floor:grant to the last site hearing it;
 *   events — server events a site received, on average (a flat cost per site stays flat as K grows).
 * --cameras: every site also sends a camera once in (a producer without packets), and is "in"
 * once it is sent: the national meeting with every site's camera on.
 * Baseline in the same run: the same K−1 sockets against socket.io alone (one hello each,
 * acknowledged; one broadcast) — what socket.io itself costs. A step that does not finish
 * within --timeout seconds is reported "not reached" and the bench goes on with the next K.
 *
 * --nodes N (N > 1; PostgreSQL only, the default then): N hopso nodes as docs/scaling.md deploys
 * them (server/main.ts processes on one database, bench/lib/nodes.ts). The chủ trì joins on the
 * first node, which so owns the meeting; site j connects to node (j + 1) mod N, so each node holds
 * K/N sites of the meeting. Memory is each node process's (after a full GC) per site it holds, and
 * their sum per site; the baseline is N socket.io-alone processes holding the same shares.
 * Profile the servers: --profile <dir> (a .cpuprofile per server process).
 * Last line: RESULT signal [nodes=N] k<K>_in_ms=… k<K>_kb_per_site=… k<K>_roll_ms=… k<K>_grant_ms=… k<K>_in_ratio=…
 *   [k<K>_owner=node-a k<K>_node_a_sites=… k<K>_node_a_kb_per_site=… …] load=…
 */
import type { Socket } from 'socket.io-client';
import type { DbKind } from '../server/db/client.ts';
import { ChairView } from './lib/chair-view.ts';
import { call, connectSocket, now } from './lib/live-socket.ts';
import { load1, machineLine, option } from './lib/machine.ts';
import { Child } from './lib/signal-child.ts';
import { oneServer, profileArgs, severalNodes, type SignalDeployment } from './lib/signal-deploy.ts';
import { printFigures, type Figures, type ServerFigures } from './lib/signal-figures.ts';
import type { Memory } from './lib/signal-server.ts';
import type { SitesReport } from './lib/signal-sites.ts';

const SIZES = option('sites', '69,168,1000,3356').split(',').map(Number);
const NODES = Number(option('nodes', '1'));
const DB = option('db', NODES > 1 ? 'postgres' : 'pglite') as DbKind;
const TIMEOUT_MS = Number(option('timeout', '300')) * 1000;
const WINDOW = Number(option('window', '64'));
const PROFILE = option('profile', '');
/** Every site sends a camera once in: the national meeting with every camera on. */
const CAMERAS = process.argv.includes('--cameras');
const FLOOR_REQUESTS = 5;
/** One server: hopso 3140, socket.io alone 3141. N nodes: node i on 3180 + 2i (its node link + 1), socket.io alone i on 3141 + 10i. */
const PORTS = { hopso: 3140, bare: 3141, nodes: 3180 };

if (!Number.isInteger(NODES) || NODES < 1 || NODES > 8) {
  console.error('--nodes: a whole number from 1 to 8');
  process.exit(2);
}
if (NODES > 1 && DB !== 'postgres') {
  console.error(`--nodes ${NODES} needs PostgreSQL: nodes share one database, and PGlite is one process's own. Use --db postgres (the default with --nodes), not --db ${DB}.`);
  process.exit(2);
}

interface SiteChild { child: Child; server: number; url: string; cookies: (string | null)[] }

/** Site j goes to server (j + 1) mod n: with the chủ trì on the first, each server holds K/n sites of the meeting. */
function shares<T>(sites: T[], n: number): T[][] {
  return Array.from({ length: n }, (_, i) => sites.filter((_, j) => (j + 1) % n === i));
}

/** One child per 1,700 sites of each server (a socket.io client costs CPU too). */
function siteChildren(urls: string[], groups: (string | null)[][]): SiteChild[] {
  return groups.flatMap((cookies, server) => {
    const n = Math.max(1, Math.ceil(cookies.length / 1700));
    return Array.from({ length: n }, (_, i) => ({ child: new Child('signal-sites.ts', TIMEOUT_MS), server, url: urls[server]!, cookies: cookies.filter((_, j) => j % n === i) }));
  });
}

const connect = (children: SiteChild[], kind: 'hopso' | 'bare', meetingId: string) =>
  Promise.all(children.map((c) => c.child.ask<SitesReport>({ op: 'connect', kind, url: c.url, meetingId, cookies: c.cookies, window: WINDOW, cameras: CAMERAS && kind === 'hopso' })));

async function reports(children: SiteChild[]): Promise<SitesReport[]> {
  return Promise.all(children.map((c) => c.child.ask<SitesReport>({ op: 'report' })));
}

/** Polls the sites until every one heard the floor, or the step's time is up; the last instant heard. */
async function lastFloorHeard(children: SiteChild[], expected: number): Promise<number | null> {
  const deadline = Date.now() + TIMEOUT_MS;
  while (Date.now() < deadline) {
    const all = await reports(children);
    if (all.reduce((s, r) => s + r.floorHeard, 0) >= expected) return Math.max(...all.map((r) => r.lastFloorAt));
    await new Promise((r) => setTimeout(r, 50));
  }
  return null;
}

/** Each server's growth per site it holds, and the whole growth per site of the meeting. */
function memoryFigures(names: string[], before: Memory[], after: Memory[], children: SiteChild[], final: SitesReport[]) {
  const servers: ServerFigures[] = names.map((name, i) => {
    const held = children.filter((c) => c.server === i).reduce((s, c) => s + c.cookies.length, 0);
    const connected = final.filter((_, j) => children[j]!.server === i).reduce((s, r) => s + r.joined, 0);
    return { name, held, connected, rssPerSite: (after[i]!.rss - before[i]!.rss) / held, heapPerSite: (after[i]!.heapUsed - before[i]!.heapUsed) / held };
  });
  const sites = servers.reduce((s, x) => s + x.held, 0);
  const growth = (key: keyof Memory) => after.reduce((s, m, i) => s + m[key] - before[i]![key], 0) / sites;
  return { servers, rssPerSite: growth('rss'), heapPerSite: growth('heapUsed') };
}

async function bare(k: number): Promise<Figures> {
  const servers = Array.from({ length: NODES }, (_, i) => new Child('signal-server.ts', TIMEOUT_MS, ['--expose-gc', ...profileArgs(PROFILE, `signal-bare-${NODES > 1 ? `${i}-` : ''}${k}`)]));
  let children: SiteChild[] = [];
  try {
    const urls = await Promise.all(servers.map(async (s, i) => (await s.ask<{ url: string }>({ op: 'start', kind: 'bare', port: PORTS.bare + 10 * i })).url));
    children = siteChildren(urls, shares(Array.from({ length: k - 1 }, () => null), NODES));
    const memory = () => Promise.all(servers.map((s) => s.ask<Memory>({ op: 'memory' })));
    const before = await memory();
    const t0 = now();
    const joined = await connect(children, 'bare', '');
    const all = joined.reduce((s, r) => s + r.joined, 0) === k - 1;
    const inMs = all ? Math.max(...joined.map((r) => r.lastJoinedAt)) - t0 : null;
    const after = await memory();
    await Promise.all(children.map((c) => c.child.ask({ op: 'expectFloor', holder: 'bare' })));
    const sent = await Promise.all(servers.map((s) => s.ask<{ at: number }>({ op: 'broadcast' })));
    const last = await lastFloorHeard(children, k - 1);
    return {
      inMs, ...memoryFigures(urls.map((_, i) => `socket.io ${i + 1}`), before, after, children, joined), rollMs: null,
      grantMs: last === null ? null : last - Math.min(...sent.map((s) => s.at)), owner: null, eventsPerSite: null,
      errors: joined.reduce((s, r) => s + r.errors, 0), firstErrors: joined.flatMap((r) => r.firstErrors),
    };
  } finally {
    await Promise.all(children.map((c) => c.child.exit()));
    await Promise.all(servers.map((s) => s.exit()));
  }
}

async function hopso(k: number): Promise<Figures> {
  const seeded = performance.now();
  const o = { k, db: DB, timeoutMs: TIMEOUT_MS, profile: PROFILE };
  const d: SignalDeployment = NODES > 1 ? await severalNodes({ ...o, port: PORTS.nodes }, NODES) : await oneServer({ ...o, port: PORTS.hopso });
  let chair: Socket | null = null;
  let children: SiteChild[] = [];
  try {
    const { meeting } = d;
    console.log(`  K=${k}: ${meeting.title}: ${NODES > 1 ? `${NODES} nodes` : 'server'} up, ${k} accounts and sessions in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);
    chair = await connectSocket(d.servers[0]!.url, meeting.chair.cookie);
    const view = new ChairView(chair, TIMEOUT_MS);
    // Past its start time, the chủ trì's coming in starts the meeting (meeting-start.ts); else the chủ trì starts it.
    // On several nodes this first join claims the meeting for the chủ trì's node.
    const chairJoin = await call(chair, 'join', { meetingId: meeting.meetingId, siteSessionId: 'bench-chair' });
    if (!chairJoin.started) await call(chair, 'start', {});
    children = siteChildren(d.servers.map((s) => s.url), shares(meeting.sites.map((s) => s.cookie), NODES));
    const before = await d.memory();

    const t0 = now();
    const connecting = connect(children, 'hopso', meeting.meetingId);
    connecting.catch(() => {}); // awaited below; a failure then ends this K, not the bench
    const present = await view.when(() => view.present.size >= k - 1);
    const joined = await connecting;
    // With cameras, a site is in once its camera is sent too.
    const allIn = present === null || !CAMERAS ? present : Math.max(present, ...joined.map((r) => r.lastJoinedAt));
    const after = await d.memory();

    let rollMs: number | null = null, grantMs: number | null = null;
    if (allIn !== null) {
      const r0 = now();
      await call(chair, 'rollCall:start', {});
      const answered = await view.when(() => view.answers.size >= k - 1);
      rollMs = answered === null ? null : answered - r0;

      // The floor is asked from the last server's sites: on several nodes, through a node that does not own the meeting.
      const asking = children.filter((c) => c.cookies.length > 0).at(-1)!;
      const { peerIds } = await asking.child.ask<{ peerIds: string[] }>({ op: 'requestFloor', n: FLOOR_REQUESTS });
      await Promise.all(children.map((c) => c.child.ask({ op: 'expectFloor', holder: peerIds[0]! })));
      const g0 = now();
      await call(chair, 'floor:grant', { peerId: peerIds[0]! });
      const last = await lastFloorHeard(children, k - 1);
      grantMs = last === null ? null : last - g0;
    }
    const final = await reports(children);
    return {
      inMs: allIn === null ? null : allIn - t0, ...memoryFigures(d.servers.map((s) => s.name), before, after, children, final), rollMs, grantMs,
      owner: await d.owner(), eventsPerSite: final.reduce((s, r) => s + r.events, 0) / (k - 1), errors: final.reduce((s, r) => s + r.errors, 0), firstErrors: [...joined, ...final].flatMap((r) => r.firstErrors).slice(0, 5),
    };
  } finally {
    const warnings = d.warnings();
    if (warnings.length) console.log(`  K=${k}: the nodes warned:\n${warnings.map((w) => `    ${w}`).join('\n')}`);
    chair?.disconnect();
    await Promise.all(children.map((c) => c.child.exit()));
    await d.stop();
  }
}

console.log(machineLine());
console.log(`database ${DB}; ${NODES > 1 ? `${NODES} nodes; ` : ''}sites connect ${WINDOW} at a time per sites process; ${TIMEOUT_MS / 1000} s per step`);
const fields: string[] = NODES > 1 ? [`nodes=${NODES}`] : [];
for (const k of SIZES) {
  const base = await bare(k).catch((err: Error) => (console.log(`  K=${k} baseline failed: ${err.message}`), null));
  const real = await hopso(k).catch((err: Error) => (console.log(`  K=${k} failed: ${err.message}`), null));
  fields.push(...printFigures(k, NODES, base, real));
}
console.log(`RESULT signal ${fields.join(' ')} load=${load1()}`);
