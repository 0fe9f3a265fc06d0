/**
 * npm run bench:fanout [-- --max 4000 --seconds 5 --sinks netns|loopback] — one chủ trì stream
 * (bench:sfu's synthetic VP8 ≈ 500 kbit/s plus Opus, into a PlainTransport on node A) to K
 * simulated receiving sites, each one SRTP (AES_CM_128_HMAC_SHA1_80) PlainTransport consumer of
 * the video into UDP sinks that count RTP sequence gaps (bench/lib/rtp-sink.ts). K steps up
 * until loss exceeds 1 %, twice in one run:
 *   one node   — every consumer on node A's one worker (no pipe);
 *   two nodes  — consumers alternate between node A's worker and node B's; B's are fed through
 *                a real PipeTransport pair made by hopso's own code: B's MediaRoom asks its
 *                NodePipes (server/media/node-pipes.ts) for the producer, which opens the pair
 *                and the pipe consumer on A over the node link (media.pipe, media.pipeConsume).
 * Each step prints the consumers per node, the loss (per node in the two-node run: each node's
 * consumers send to a sink process of their own), each worker's CPU in % of its core (its own
 * rusage), the packets per second the sinks heard and the sinks' CPU. Then: consumers per core
 * at < 1 % loss for each layout (two nodes: the K carried ÷ 2); at compared_at, the largest K
 * both layouts carried at < 1 % loss, consumers per full core from the workers' CPU time
 * (K ÷ the CPU of A, or of A + B) and the pipe overhead — the extra worker CPU of the two-node
 * layout at that K (pipe_cpu_pct; one stream is piped, so it is also the cost per piped
 * stream, with the second worker's own idle work in it) and two ÷ one (pipe_overhead_ratio,
 * which is also one node's per-core capacity ÷ two nodes'); and the same per-core figures from a
 * straight line fitted through every clean step (CPU = fixed + per consumer × K), which leaves
 * the fixed costs that dominate small K out of the per-consumer figure.
 *
 * The two nodes are in this process: each its own MediaPool of one worker, its own MediaRoom of
 * the meeting, its own NodePipes, and a real NodeLink (HTTP on 127.0.0.1) between the two; only
 * the node directory (PostgreSQL heartbeats, nothing on the media path) is a fixed list of the
 * two. Real node processes (bench/lib/nodes.ts) were not used: their live protocol makes only
 * WebRTC transports, and the bench needs SRTP PlainTransports it can aim at its sinks.
 *
 * Where each process runs (every worker pinned with taskset through MEDIASOUP_WORKER_BIN,
 * bench/lib/rtp-fanout.ts): node A's worker — the one-node run's worker too — on core 1; this
 * process (both nodes' control, the node link), the sender and the sinks on core 0, the sinks'
 * kernel receive work steered to core 0 (bench/lib/sink-net.ts). Node B's worker goes to core 2
 * when the machine has three cores or more; on a 2-core machine it shares core 0 with the
 * sender and the sinks ("layout=shared"): the two-node loss figure is then held down by that
 * core, and the CPU-time figures (each worker's own rusage) are the ones to compare.
 * Last line: RESULT fanout one_node_per_core=… two_nodes_per_core=… one_node_cpu_per_core=…
 * two_nodes_cpu_per_core=… pipe_overhead_ratio=… pipe_cpu_pct=… compared_at=… one_node_fit_per_core=…
 * two_nodes_fit_per_core=… layout=… sinks=… load=…
 */
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import type { types } from 'mediasoup';
import type { MediaRoom } from '../server/media/room.ts';
import type { MediaPool as Pool } from '../server/media/worker-pool.ts';
import type { NodePipes as Pipes } from '../server/media/node-pipes.ts';
import type { NodeDirectory } from '../server/nodes/directory.ts';
import type { LinkDirectory, NodeLink as Link } from '../server/nodes/link.ts';
import { load1, machineLine, option } from './lib/machine.ts';
import { cleanStep, growTo, measure, openSink, pinWorkers, produceSynthetic, sinkConsumer, startSender, WORKER_CORE_ENV, type Window } from './lib/rtp-fanout.ts';
import { openSinkNet } from './lib/sink-net.ts';

const MAX = Number(option('max', '4000'));
const SECONDS = Number(option('seconds', '5'));
const STEPS = [100, 200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800, 2000, 2400, 2800, 3200, 3600, 4000, 5000, 6000].filter((n) => n <= MAX);
const SINKS = option('sinks', process.getuid?.() === 0 ? 'netns' : 'loopback') as 'netns' | 'loopback';
const SINK_SOCKETS = 32;
const CORES = os.cpus().length;
const SIDE_CORE = 0;
const CORE = { a: CORES > 1 ? 1 : 0, b: CORES > 2 ? 2 : 0 };
const LAYOUT = CORE.b === SIDE_CORE ? 'shared' : 'dedicated';
const MEETING = 'bench-fanout';

// Pin before mediasoup is imported: it reads MEDIASOUP_WORKER_BIN once, at import.
const pinned = pinWorkers(CORE.a, SIDE_CORE);
const sinkNet = openSinkNet(SINKS, (1 << SIDE_CORE).toString(16));

const { MediaPool } = await import('../server/media/worker-pool.ts');
const { MediaRoom: Room } = await import('../server/media/room.ts');
const { NodePipes } = await import('../server/media/node-pipes.ts');
const { NodeLink } = await import('../server/nodes/link.ts');
const { default: pino } = await import('pino');
const log = pino({ level: 'silent' });

interface BenchNode { id: 'a' | 'b'; pool: Pool; room: MediaRoom; pipes: Pipes; link: Link; worker: types.Worker }

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Node `id` of the meeting, its worker on `core`; `urls` is the node directory (both links' addresses). */
async function startNode(id: 'a' | 'b', core: number, urls: Map<string, string>): Promise<BenchNode> {
  process.env[WORKER_CORE_ENV] = String(core);
  const pool = await MediaPool.start({ workers: 1, listenIp: '127.0.0.1', basePort: 0, log });
  // The directory's PostgreSQL heartbeats have no part in the media path: a fixed list stands in.
  const fixed: LinkDirectory = {
    self: { id, url: urls.get(id)! }, url: (node: string) => urls.get(node), find: async (node: string) => urls.get(node),
    suspect: () => {},
  };
  // NodePipes listens for deaths too: none happen here.
  const directory = { ...fixed, onDeath: () => () => {} } as unknown as NodeDirectory;
  const link = new NodeLink({ directory: fixed, secret: 'bench-fanout-node-secret-0123456789', log });
  await link.listen(Number(new URL(urls.get(id)!).port), '127.0.0.1');
  let room: MediaRoom | null = null;
  const pipes = new NodePipes({
    nodes: { directory, link, self: id }, log,
    settings: { listenIp: '127.0.0.1', minPort: 40000, maxPort: 49999 },
    roomOf: (meetingId) => (meetingId === MEETING ? room : null),
  });
  room = await Room.create(pool, {
    pipeConsumers: 1_000_000, onActiveSpeaker: () => {},
    fetchRemote: (r, producerId, home) => pipes.fetch(MEETING, r, producerId, home),
  });
  return { id, pool, room, pipes, link, worker: pool.workers[0]!.worker };
}

async function stopNode(node: BenchNode): Promise<void> {
  node.room.close();
  await node.link.close();
  await node.pool.close();
}

interface Step { consumers: number; perNode: number[]; lossPct: number; streams: number; workerCorePct: number[]; window: Window }

async function run(layout: 'one' | 'two'): Promise<Step[]> {
  const urls = new Map<string, string>();
  for (const id of ['a', 'b']) urls.set(id, `http://127.0.0.1:${await freePort()}`);
  const nodes = [await startNode('a', CORE.a, urls)];
  if (layout === 'two') nodes.push(await startNode('b', CORE.b, urls));
  const sinks = [await openSink(sinkNet, SINK_SOCKETS), await openSink(sinkNet, SINK_SOCKETS)];
  const steps: Step[] = [];
  const transports: types.PlainTransport[] = [];
  let stopSender = () => {};
  try {
    const a = nodes[0]!;
    const { input, video, audio } = await produceSynthetic(a.room.routers[0]!.router);
    a.room.addProducer(video, a.room.routers[0]!);
    a.room.addProducer(audio, a.room.routers[0]!);
    stopSender = startSender(input.tuple.localPort);
    // Consumer i goes to node i mod (nodes) and to sink i mod 2 (so the sinks carry the same in both layouts).
    const addConsumer = async (index: number) => {
      const node = nodes[index % nodes.length]!;
      const entry = await node.room.routerForPeer();
      entry.consumers++;
      await node.room.acquire(video.id, 'a'); // on B: the producer piped in from A, once
      await node.room.ensureOn(video.id, entry);
      const sink = sinks[index % 2]!;
      return sinkConsumer(entry.router, video.id, { net: sinkNet, port: sink.ports[Math.floor(index / 2) % SINK_SOCKETS]!, srtp: true });
    };
    for (const target of STEPS) {
      await growTo(transports, target, addConsumer);
      if (layout === 'two' && steps.length === 0) {
        const onA = a.pipes.counts(a.room), onB = nodes[1]!.pipes.counts(nodes[1]!.room);
        console.log(`  two nodes: pipe pairs A ${onA.pairs} / B ${onB.pairs}, pipe consumers on A ${onA.consumers}, pipe producers on B ${onB.producers}`);
      }
      const window = await measure(sinks.map((s) => s.child), nodes.map((n) => n.worker), SECONDS);
      const received = window.sinks.reduce((n, s) => n + s.received, 0), lost = window.sinks.reduce((n, s) => n + s.lost, 0);
      const step: Step = {
        consumers: target, perNode: nodes.map((_, i) => Math.ceil((target - i) / nodes.length)), window,
        lossPct: (100 * lost) / Math.max(1, received + lost), streams: window.sinks.reduce((n, s) => n + s.streams, 0),
        workerCorePct: window.workerCorePct,
      };
      steps.push(step);
      console.log(describe(layout, step));
      if (!clean(step)) break;
    }
    return steps;
  } finally {
    stopSender();
    for (const t of transports) t.close();
    for (const s of sinks) s.child.send({ op: 'exit' });
    for (const node of nodes) await stopNode(node);
  }
}

function describe(layout: 'one' | 'two', s: Step): string {
  const pct = (n: number) => `${n.toFixed(2).padStart(5)} %`;
  const { sinks } = s.window;
  const counts = s.perNode.map((n, i) => `${'AB'[i]} ${n}`).join(' + ');
  // Two nodes: sink 0 hears node A's consumers, sink 1 node B's.
  const loss = layout === 'two' ? `loss ${pct(s.lossPct)} (A ${pct(sinks[0]!.lossPct)}, B ${pct(sinks[1]!.lossPct)})` : `loss ${pct(s.lossPct)}`;
  const workers = s.workerCorePct.map((c, i) => `${'AB'[i]} ${c.toFixed(0).padStart(3)} % of core ${i === 0 ? CORE.a : CORE.b}`).join(', ');
  const kpps = sinks.reduce((n, x) => n + x.kpps, 0), sinkCpu = sinks.reduce((n, x) => n + x.corePct, 0);
  return `  ${layout === 'one' ? 'one node ' : 'two nodes'} ${String(s.consumers).padStart(5)} consumers (${counts}): ${loss}  ` +
    `(${s.streams} streams heard)  worker ${workers}  ${kpps.toFixed(1)} kpps out  sinks ${sinkCpu.toFixed(0)} % of core ${SIDE_CORE}  ` +
    `${sinks[0]!.drops} full-buffer drops  load ${load1()}`;
}

const clean = (s: Step) => cleanStep({ ...s, kpps: s.window.sinks.reduce((n, x) => n + x.kpps, 0) });
/** Most consumers at < 1 % loss with every stream heard and 99 % of the packets delivered. */
const best = (steps: Step[]) => steps.filter(clean).reduce((m, s) => Math.max(m, s.consumers), 0);

console.log(machineLine());
console.log(`one node: its worker on core ${CORE.a}; two nodes: A's worker on core ${CORE.a}, B's on core ${CORE.b}` +
  `${LAYOUT === 'shared' ? ` (shared with the sender and the sinks: ${CORES} cores)` : ''}; this process, the sender and the sinks on core ${SIDE_CORE}; ` +
  `${SECONDS} s per step (${pinned.realWorker})`);
console.log(sinkNet.kind === 'netns'
  ? `sinks in their own network namespace (${sinkNet.sinkIp}, over veth; their kernel receive work steered to core ${SIDE_CORE})`
  : 'sinks on loopback (each worker\'s core also runs its sinks\' kernel receive path)');
const [one, two] = await (async () => {
  try {
    return [await run('one'), await run('two')];
  } finally {
    pinned.close();
    sinkNet.close();
  }
})();
const oneBest = best(one), twoBest = best(two);
// CPU per consumer compared at the same K: the largest both layouts carried at < 1 % loss.
const same = Math.max(0, ...one.filter(clean).map((s) => s.consumers).filter((k) => two.some((t) => t.consumers === k && clean(t))));
const cpuOf = (steps: Step[]) => steps.find((s) => s.consumers === same)?.workerCorePct.reduce((n, c) => n + c, 0) ?? NaN;
const cpuOne = cpuOf(one), cpuTwo = cpuOf(two);
const perCore = (cpu: number) => Math.round(same / (cpu / 100));
/** The last step was still clean: the loss limit lies beyond --max, so the figure is a lower bound. */
const capped = (steps: Step[]) => (steps.length > 0 && clean(steps[steps.length - 1]!) ? ` (≥: no loss limit below --max ${MAX})` : '');
console.log(`at < 1 % loss: ${oneBest} consumers on one node's worker core${capped(one)}; ${twoBest} over two nodes' workers = ${twoBest / 2} per core` +
  `${capped(two)}${LAYOUT === 'shared' ? ` (B's core shared with the sender and the sinks)` : ''}`);
console.log(same > 0
  ? `at ${same} consumers: workers ${cpuOne.toFixed(0)} % of a core on one node, ${cpuTwo.toFixed(0)} % on two (A + B): ` +
    `${perCore(cpuOne)} and ${perCore(cpuTwo)} consumers per full core; the pipe costs ${(cpuTwo - cpuOne).toFixed(1)} % of a core (one stream piped), ` +
    `two ÷ one = ${(cpuTwo / cpuOne).toFixed(2)}`
  : 'no K carried at < 1 % loss by both layouts: no CPU comparison');
/** Least squares over the clean steps: workers' CPU (% of a core) = fixed + perConsumer × K. */
function fit(steps: Step[]): { fixed: number; perConsumer: number } | null {
  const pts = steps.filter(clean).map((s) => [s.consumers, s.workerCorePct.reduce((n, c) => n + c, 0)] as const);
  if (pts.length < 2) return null;
  const mx = pts.reduce((n, [x]) => n + x, 0) / pts.length, my = pts.reduce((n, [, y]) => n + y, 0) / pts.length;
  const perConsumer = pts.reduce((n, [x, y]) => n + (x - mx) * (y - my), 0) / pts.reduce((n, [x]) => n + (x - mx) ** 2, 0);
  return { fixed: my - perConsumer * mx, perConsumer };
}
const fits = { one: fit(one), two: fit(two) };
const fitPerCore = (f: { perConsumer: number } | null) => (f && f.perConsumer > 0 ? Math.round(100 / f.perConsumer) : 0);
console.log(`fitted over the clean steps (CPU = fixed + per consumer × K): one node ${fitPerCore(fits.one)} consumers per core` +
  ` (fixed ${fits.one?.fixed.toFixed(1) ?? '?'} %), two nodes ${fitPerCore(fits.two)} (fixed ${fits.two?.fixed.toFixed(1) ?? '?'} %)`);
console.log(`RESULT fanout one_node_per_core=${oneBest} two_nodes_per_core=${twoBest / 2} one_node_cpu_per_core=${same ? perCore(cpuOne) : 0} ` +
  `two_nodes_cpu_per_core=${same ? perCore(cpuTwo) : 0} pipe_overhead_ratio=${same ? (cpuTwo / cpuOne).toFixed(2) : 'NaN'} ` +
  `pipe_cpu_pct=${same ? (cpuTwo - cpuOne).toFixed(1) : 'NaN'} compared_at=${same} one_node_fit_per_core=${fitPerCore(fits.one)} ` +
  `two_nodes_fit_per_core=${fitPerCore(fits.two)} layout=${LAYOUT} sinks=${sinkNet.kind} load=${load1()}`);
