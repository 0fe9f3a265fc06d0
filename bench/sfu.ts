/**
 * npm run bench:sfu [-- --max 3000 --seconds 5 --variants srtp,plain --sinks loopback,netns --bwe on|off] — one sender
 * (synthetic VP8 ≈ 500 kbit/s in 30 fps frames of two packets, plus 50 pps of Opus) into a
 * PlainTransport, forwarded to N video consumers, each on its own PlainTransport (SRTP
 * AES_CM_128_HMAC_SHA1_80, or plain RTP) into UDP sinks in a child process that count RTP
 * sequence gaps. N steps up until loss exceeds 1 %. The worker is pinned to core 1
 * (MEDIASOUP_WORKER_BIN is a wrapper that execs `taskset -c 1` the real worker); this process,
 * the sender and the sinks to core 0.
 * Two layouts of the sinks, each run in turn (bench/lib/sink-net.ts): on loopback, where the
 * worker's core also runs the sinks' receive path inside its own sendto(); and in a network
 * namespace of their own over veth (root only), their receive work steered to core 0, each
 * hand-off an inter-processor interrupt — in a virtual machine a hypervisor exit. Each adds to
 * the worker's core a cost a network card would not, so each figure is a floor of what the
 * core forwards; the per-core figure is the higher of them, and every layout's is printed.
 * Each variant runs twice: through hopso's media code (MediaPool, MediaRoom with its router and
 * audio-level observer, routerForPeer per consumer) and through a bare mediasoup script.
 * Last line: RESULT sfu srtp_hopso=… srtp_bare=… overhead_ratio=… plain_hopso=… plain_bare=…
 * sinks=<the layout of those figures> srtp_hopso_<layout>=… (each layout) bwe=… load=…
 */
import os from 'node:os';
import type { types } from 'mediasoup';
import type { MediaRoom, RoomRouter } from '../server/media/room.ts';
import { load1, machineLine, option } from './lib/machine.ts';
import { cleanStep, deliveredShare, growTo, measure, openSink, pinWorkers, produceSynthetic, sinkConsumer, startSender, VIDEO_PPS } from './lib/rtp-fanout.ts';
import { openSinkNet, type SinkNet } from './lib/sink-net.ts';

const MAX = Number(option('max', '4000'));
const SECONDS = Number(option('seconds', '5'));
const VARIANTS = option('variants', 'srtp,plain').split(',') as Array<'srtp' | 'plain'>;
const STEPS = [100, 200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800, 2000, 2400, 2800, 3200, 3600, 4000, 5000].filter((n) => n <= MAX);
// --bwe off: consumers without transport-cc / REMB (see withoutBwe): measures what the sinks' missing feedback costs.
const BWE = option('bwe', 'on') !== 'off';
type Layout = 'netns' | 'loopback';
const LAYOUTS = option('sinks', process.getuid?.() === 0 ? 'loopback,netns' : 'loopback').split(',') as Layout[];
const SINK_SOCKETS = 64;
const WORKER_CORE = os.cpus().length > 1 ? 1 : 0;

// Pin before mediasoup is imported: it reads MEDIASOUP_WORKER_BIN once, at import.
const pinned = pinWorkers(WORKER_CORE, 0);

const mediasoup = await import('mediasoup');
const { MediaPool } = await import('../server/media/worker-pool.ts');
const { MediaRoom: Room, mediaCodecs } = await import('../server/media/room.ts');
const { default: pino } = await import('pino');

type Variant = 'srtp' | 'plain';
interface Setup {
  router: types.Router;
  /** Where the next consumer's transport lives (hopso: MediaRoom.routerForPeer). */
  routerForConsumer(): Promise<types.Router>;
  worker: types.Worker;
  close(): Promise<void>;
  /** hopso only: the room the producers are registered with (level observer, producer home). */
  room?: { room: MediaRoom; home: RoomRouter };
}

async function hopsoSetup(): Promise<Setup> {
  const pool = await MediaPool.start({ workers: 1, listenIp: '127.0.0.1', basePort: 0, log: pino({ level: 'silent' }) });
  const room = await Room.create(pool, { pipeConsumers: 1_000_000, onActiveSpeaker: () => {} });
  const home = await room.routerForPeer();
  return {
    router: home.router,
    worker: pool.workers[0]!.worker,
    routerForConsumer: async () => {
      const entry = await room.routerForPeer();
      entry.consumers++;
      return entry.router;
    },
    close: async () => {
      room.close();
      await pool.close();
    },
    room: { room, home },
  };
}

async function bareSetup(): Promise<Setup> {
  const worker = await mediasoup.createWorker({ logLevel: 'error' });
  const router = await worker.createRouter({ mediaCodecs });
  return { router, worker, routerForConsumer: async () => router, close: async () => worker.close() };
}

interface Step { consumers: number; lossPct: number; streams: number; workerCorePct: number; kpps: number; sinkCorePct: number }

async function run(sinkNet: SinkNet, kind: 'hopso' | 'bare', variant: Variant): Promise<Step[]> {
  const setup = kind === 'hopso' ? await hopsoSetup() : await bareSetup();
  const sink = await openSink(sinkNet, SINK_SOCKETS);
  const steps: Step[] = [];
  const transports: types.PlainTransport[] = [];
  let stopSender = () => {};
  try {
    const { input, video, audio } = await produceSynthetic(setup.router);
    if (setup.room) {
      setup.room.room.addProducer(video, setup.room.home);
      setup.room.room.addProducer(audio, setup.room.home);
    }
    stopSender = startSender(input.tuple.localPort);
    const srtp = variant === 'srtp';
    const addConsumer = async (index: number) =>
      sinkConsumer(await setup.routerForConsumer(), video.id, { net: sinkNet, port: sink.ports[index % sink.ports.length]!, srtp, bwe: BWE });
    for (const target of STEPS) {
      await growTo(transports, target, addConsumer);
      const window = await measure([sink.child], [setup.worker], SECONDS);
      const heard = window.sinks[0]!;
      const step: Step = {
        consumers: target, lossPct: heard.lossPct, streams: heard.streams, workerCorePct: window.workerCorePct[0]!,
        kpps: heard.kpps, sinkCorePct: heard.corePct,
      };
      steps.push(step);
      console.log(`  ${kind.padEnd(5)} ${variant.padEnd(5)} ${String(target).padStart(5)} consumers: loss ${step.lossPct.toFixed(2).padStart(6)} %  ` +
        `(${step.streams} streams heard)  worker ${step.workerCorePct.toFixed(0).padStart(3)} % of core ${WORKER_CORE}  ` +
        `${step.kpps.toFixed(1)} kpps out (${(100 * deliveredShare(target, step.kpps)).toFixed(1)} % of ${target} × ${VIDEO_PPS} pps)  ` +
        `sinks ${step.sinkCorePct.toFixed(0)} % of core 0  ${heard.drops} full-buffer drops  load ${load1()}`);
      if (!cleanStep(step)) break;
    }
    return steps;
  } finally {
    stopSender();
    for (const t of transports) t.close();
    sink.child.send({ op: 'exit' });
    await setup.close();
  }
}

/** Most consumers at < 1 % loss with every stream heard and 99 % of the packets delivered. */
const best = (steps: Step[]) => steps.filter(cleanStep).reduce((m, s) => Math.max(m, s.consumers), 0);

console.log(machineLine());
console.log(`worker pinned to core ${WORKER_CORE} (${pinned.realWorker}); sender and sinks on core 0; ${SECONDS} s per step; consumers' downlink BWE ${BWE ? 'on (transport-cc, no feedback from the sinks)' : 'off'}`);
/** Per layout, `${variant}_${kind}` → the most consumers at < 1 % loss. */
const results = new Map<Layout, Record<string, number>>();
try {
  for (const layout of LAYOUTS) {
    const sinkNet = openSinkNet(layout, '1');
    const got: Record<string, number> = {};
    results.set(layout, got);
    try {
      console.log(sinkNet.kind === 'netns'
        ? `sinks in their own network namespace (${sinkNet.sinkIp}, over veth; their kernel receive work steered to core 0, one interrupt to it per hand-off)`
        : 'sinks on loopback (the worker\'s core also runs their kernel receive path)');
      for (const variant of VARIANTS) {
        for (const kind of ['hopso', 'bare'] as const) got[`${variant}_${kind}`] = best(await run(sinkNet, kind, variant));
        const hopso = got[`${variant}_hopso`]!, bare = got[`${variant}_bare`]!;
        console.log(`${variant}, sinks ${layout}: ${hopso} consumers per worker core through hopso, ${bare} bare; bare ÷ hopso = ${(bare / Math.max(1, hopso)).toFixed(2)}`);
      }
    } finally {
      sinkNet.close();
    }
  }
} finally {
  pinned.close();
}
// Each layout's figure is a floor of the core's capacity: the per-core figure is the higher one (that of the first variant through hopso).
const key = `${VARIANTS[0]!}_hopso`;
const [layout, main] = [...results].reduce((a, b) => (b[1][key]! > a[1][key]! ? b : a));
const ratio = (v: Variant) => (main[`${v}_bare`]! / Math.max(1, main[`${v}_hopso`]!)).toFixed(2);
const fields = VARIANTS.flatMap((v) => [`${v}_hopso=${main[`${v}_hopso`]}`, `${v}_bare=${main[`${v}_bare`]}`]);
const perLayout = results.size > 1 ? [...results].flatMap(([l, r]) => VARIANTS.flatMap((v) => [`${v}_hopso_${l}=${r[`${v}_hopso`]}`, `${v}_bare_${l}=${r[`${v}_bare`]}`])) : [];
console.log(`RESULT sfu ${fields.join(' ')} overhead_ratio=${ratio(VARIANTS[0]!)} sinks=${layout} ${[...perLayout, ''].join(' ')}bwe=${BWE ? 'on' : 'off'} load=${load1()}`);
