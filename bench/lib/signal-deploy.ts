import { eq } from 'drizzle-orm';
import { openDatabase, type DbKind } from '../../server/db/client.ts';
import { liveOwners } from '../../server/live/schema.ts';
import { createBenchMeeting, type BenchMeeting } from './meeting-sites.ts';
import { startBenchNodes } from './nodes.ts';
import { Child } from './signal-child.ts';
import type { Memory } from './signal-server.ts';

/** Where bench:signal's meeting runs: one server process, or N hopso nodes. */
export interface SignalDeployment {
  meeting: BenchMeeting;
  /** Each server process: its name and public address. The chủ trì connects to the first. */
  servers: { name: string; url: string }[];
  /** Each server process's RSS and JS heap after a full GC, in `servers` order. */
  memory(): Promise<Memory[]>;
  /** The node that owns the meeting in live_owners (null on one server: nobody claims). */
  owner(): Promise<string | null>;
  /** What the servers logged as warnings or errors once up (nodes only: the one server logs errors to the bench's output itself). */
  warnings(): string[];
  stop(): Promise<void>;
}

export interface DeployOptions {
  /** Sites of the meeting, the chủ trì's included. */
  k: number;
  db: DbKind;
  /** The one server's port, or the first node's (node i: port + 2i, its node link port + 2i + 1). */
  port: number;
  timeoutMs: number;
  /** A directory for a .cpuprofile per server process ('' for none). */
  profile: string;
}

/** Node options that write a server process's CPU profile, when asked. */
export const profileArgs = (dir: string, name: string) => (dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${name}.cpuprofile`] : []);

/** Migrations, the unit registry and K accounts take minutes on a loaded 2-core machine: not a step of the bench. */
const SEEDING_MS = 900_000;

/** The app alone in a child process (bench/lib/signal-server.ts), on PGlite or PostgreSQL. */
export async function oneServer(o: DeployOptions): Promise<SignalDeployment> {
  const server = new Child('signal-server.ts', o.timeoutMs, ['--expose-gc', ...profileArgs(o.profile, `signal-hopso-${o.k}`)]);
  try {
    const { url, meeting } = await server.ask<{ url: string; meeting: BenchMeeting }>({ op: 'start', kind: 'hopso', db: o.db, port: o.port, sites: o.k }, Math.max(o.timeoutMs, SEEDING_MS));
    return {
      meeting, servers: [{ name: 'server', url }],
      memory: async () => [await server.ask<Memory>({ op: 'memory' })],
      owner: async () => null,
      warnings: () => [],
      stop: () => server.exit(),
    };
  } catch (err) {
    await server.exit();
    throw err;
  }
}

/**
 * `count` hopso nodes as docs/scaling.md deploys them (server/main.ts processes on one scratch
 * PostgreSQL database, bench/lib/nodes.ts), each with one media worker for the peers' routers.
 * The meeting and its K accounts are written from here, straight to the shared database.
 */
export async function severalNodes(o: DeployOptions, count: number): Promise<SignalDeployment> {
  const cluster = await startBenchNodes({
    count, basePort: o.port, memory: true,
    env: { DEMO_DATA: 'false', MEDIA_WORKERS: '1', RTC_PORT: '0', RTC_LISTEN_IP: '127.0.0.1' },
    perNodeArgs: (i) => profileArgs(o.profile, `signal-node-${i}-${o.k}`),
  });
  const database = await openDatabase({ url: cluster.databaseUrl, max: 2 }).catch(async (err: unknown) => {
    await cluster.stop();
    throw err;
  });
  // What they warned of while starting (no client build …) is not the bench's business.
  const atStart = cluster.nodes.map((n) => n.warnings().length);
  const stop = async () => {
    await database.close();
    await cluster.stop();
  };
  try {
    const meeting = await createBenchMeeting(database.db, o.k, 'bench');
    return {
      meeting, servers: cluster.nodes.map((n) => ({ name: n.id, url: n.url })),
      memory: () => Promise.all(cluster.nodes.map((n) => n.memory())),
      owner: async () => {
        const [row] = await database.db.select({ nodeId: liveOwners.nodeId }).from(liveOwners).where(eq(liveOwners.meetingId, meeting.meetingId));
        return row?.nodeId ?? null;
      },
      warnings: () => cluster.nodes.flatMap((n, i) => n.warnings().slice(atStart[i]).map((w) => `${n.id}: ${w}`)),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
