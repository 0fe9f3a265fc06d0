/**
 * npm run bench:sfu [-- --max 3000 --seconds 5 --variants srtp,plain --sinks netns|loopback] — one sender (synthetic
 * VP8 ≈ 500 kbit/s in 30 fps frames of two packets, plus 50 pps of Opus) into a PlainTransport,
 * forwarded to N video consumers, each on its own PlainTransport (SRTP AES_CM_128_HMAC_SHA1_80,
 * or plain RTP) into UDP sinks in a child process that count RTP sequence gaps. N steps up
 * until loss exceeds 1 %. The worker is pinned to core 1 (MEDIASOUP_WORKER_BIN is a wrapper
 * that execs `taskset -c 1` the real worker); this process, the sender and the sinks to core 0.
 * The sinks receive in a network namespace of their own (bench/lib/sink-net.ts, root only)
 * whose kernel receive work runs on core 0, as receiving hosts elsewhere would: on loopback
 * (`--sinks loopback`) the worker's core would also run the sinks' side of the network stack.
 * Each variant runs twice: through hopso's media code (MediaPool, MediaRoom with its router and
 * audio-level observer, routerForPeer per consumer) and through a bare mediasoup script.
 * Last line: RESULT sfu srtp_hopso=… srtp_bare=… overhead_ratio=… plain_hopso=… plain_bare=…
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { types } from 'mediasoup';
import type { MediaRoom, RoomRouter } from '../server/media/room.ts';
import { load1, machineLine, option } from './lib/machine.ts';
import { openSinkNet } from './lib/sink-net.ts';

const MAX = Number(option('max', '4000'));
const SECONDS = Number(option('seconds', '5'));
const VARIANTS = option('variants', 'srtp,plain').split(',') as Array<'srtp' | 'plain'>;
const STEPS = [100, 200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800, 2000, 2400, 2800, 3200, 3600, 4000, 5000].filter((n) => n <= MAX);
const SINKS = option('sinks', process.getuid?.() === 0 ? 'netns' : 'loopback') as 'netns' | 'loopback';
const SINK_SOCKETS = 64;
const WORKER_CORE = os.cpus().length > 1 ? 1 : 0;

// Pin before mediasoup is imported: it reads MEDIASOUP_WORKER_BIN once, at import.
const realWorker = path.join(path.dirname(createRequire(import.meta.url).resolve('mediasoup')), '../../worker/out/Release/mediasoup-worker');
const wrapperDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hopso-bench-sfu-'));
const wrapper = path.join(wrapperDir, 'pinned-worker');
fs.writeFileSync(wrapper, `#!/bin/sh\nexec taskset -c ${WORKER_CORE} ${JSON.stringify(realWorker)} "$@"\n`, { mode: 0o755 });
process.env['MEDIASOUP_WORKER_BIN'] = wrapper;
execFileSync('taskset', ['-pc', '0', String(process.pid)], { stdio: 'ignore' });
const sinkNet = openSinkNet(SINKS, '1');

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

const VIDEO_SSRC = 11111111;
const AUDIO_SSRC = 22222222;

/** Sends synthetic RTP: VP8 30 fps × 2 packets of 1,040 bytes (≈ 500 kbit/s), keyframe each second; Opus 50 pps. */
function startSender(port: number) {
  const socket = dgram.createSocket('udp4');
  let vseq = 0, aseq = 0, frame = 0;
  const started = performance.now();
  const packet = (pt: number, seq: number, ts: number, ssrc: number, marker: boolean, payload: Buffer) => {
    const header = Buffer.alloc(12);
    header[0] = 0x80;
    header[1] = (marker ? 0x80 : 0) | pt;
    header.writeUInt16BE(seq & 0xffff, 2);
    header.writeUInt32BE(ts >>> 0, 4);
    header.writeUInt32BE(ssrc, 8);
    return Buffer.concat([header, payload]);
  };
  const videoPayload = (first: boolean, key: boolean) => {
    const p = randomBytes(1028);
    p[0] = first ? 0x10 : 0x00; // VP8 descriptor: S bit on a frame's first packet, partition 0
    p[1] = key ? 0x00 : 0x01; // VP8 header: inverse keyframe bit
    return p;
  };
  const audioPayload = randomBytes(80);
  let nextVideo = started, nextAudio = started;
  const timer = setInterval(() => {
    const now = performance.now();
    while (nextVideo <= now) {
      const ts = Math.round(frame * 3000);
      const key = frame % 30 === 0;
      socket.send(packet(101, vseq++, ts, VIDEO_SSRC, false, videoPayload(true, key)), port, '127.0.0.1');
      socket.send(packet(101, vseq++, ts, VIDEO_SSRC, true, videoPayload(false, key)), port, '127.0.0.1');
      frame++;
      nextVideo += 1000 / 30;
    }
    while (nextAudio <= now) {
      socket.send(packet(100, aseq++, aseq * 960, AUDIO_SSRC, false, audioPayload), port, '127.0.0.1');
      nextAudio += 20;
    }
  }, 5);
  return () => {
    clearInterval(timer);
    socket.close();
  };
}

function ask<T>(child: ChildProcess, message: object): Promise<T> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(m as T));
    child.send(message);
  });
}

async function workerCpuMs(worker: types.Worker): Promise<number> {
  const u = await worker.getResourceUsage();
  return u.ru_utime + u.ru_stime;
}

interface Step { consumers: number; lossPct: number; streams: number; workerCorePct: number; kpps: number; sinkCorePct: number }

async function run(kind: 'hopso' | 'bare', variant: Variant): Promise<Step[]> {
  const setup = kind === 'hopso' ? await hopsoSetup() : await bareSetup();
  const sink = sinkNet.fork(path.join(import.meta.dirname, 'lib/rtp-sink.ts'), process.execArgv);
  const { ports } = await ask<{ ports: number[] }>(sink, { op: 'open', count: SINK_SOCKETS, ip: sinkNet.sinkIp });
  const steps: Step[] = [];
  const transports: types.PlainTransport[] = [];
  let stopSender = () => {};
  try {
    // A large receive buffer: a sender delayed by the scheduler sends in bursts.
    const input = await setup.router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1', recvBufferSize: 4 << 20 }, rtcpMux: true, comedia: true });
    const video = await input.produce({
      kind: 'video',
      rtpParameters: { codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000, rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'ccm', parameter: 'fir' }] }], encodings: [{ ssrc: VIDEO_SSRC }] },
    });
    const audio = await input.produce({
      kind: 'audio',
      rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }], encodings: [{ ssrc: AUDIO_SSRC }] },
    });
    if (setup.room) {
      setup.room.room.addProducer(video, setup.room.home);
      setup.room.room.addProducer(audio, setup.room.home);
    }
    stopSender = startSender(input.tuple.localPort);
    const srtp = variant === 'srtp';
    const addConsumer = async (index: number) => {
      const router = await setup.routerForConsumer();
      const transport = await router.createPlainTransport({
        listenInfo: { protocol: 'udp', ip: sinkNet.workerIp }, rtcpMux: true, comedia: false,
        ...(srtp ? { enableSrtp: true, srtpCryptoSuite: 'AES_CM_128_HMAC_SHA1_80' as const } : {}),
      });
      await transport.connect({
        ip: sinkNet.sinkIp, port: ports[index % ports.length]!,
        ...(srtp ? { srtpParameters: { cryptoSuite: 'AES_CM_128_HMAC_SHA1_80' as const, keyBase64: randomBytes(30).toString('base64') } } : {}),
      });
      await transport.consume({ producerId: video.id, rtpCapabilities: router.rtpCapabilities });
      return transport;
    };
    for (const target of STEPS) {
      // Made 50 at a time: one by one, the thousands of channel round trips took most of the run.
      while (transports.length < target) {
        const batch = Array.from({ length: Math.min(50, target - transports.length) }, (_, i) => transports.length + i);
        transports.push(...await Promise.all(batch.map((index) => addConsumer(index))));
      }
      await new Promise((r) => setTimeout(r, 1500)); // every consumer past its first keyframe
      await ask(sink, { op: 'reset' });
      const cpu0 = await workerCpuMs(setup.worker);
      const { cpuMs: sink0, drops: drops0 } = await ask<{ cpuMs: number; drops: number }>(sink, { op: 'report' });
      const t0 = performance.now();
      await new Promise((r) => setTimeout(r, SECONDS * 1000));
      const report = await ask<{ streams: number; received: number; lost: number; cpuMs: number; drops: number }>(sink, { op: 'report' });
      const elapsed = performance.now() - t0;
      const drops = report.drops - drops0;
      const cpu1 = await workerCpuMs(setup.worker);
      const lossPct = (100 * report.lost) / Math.max(1, report.received + report.lost);
      const step: Step = {
        consumers: target, lossPct, streams: report.streams, workerCorePct: (100 * (cpu1 - cpu0)) / elapsed,
        kpps: report.received / elapsed, sinkCorePct: (100 * (report.cpuMs - sink0)) / elapsed,
      };
      steps.push(step);
      console.log(`  ${kind.padEnd(5)} ${variant.padEnd(5)} ${String(target).padStart(5)} consumers: loss ${lossPct.toFixed(2).padStart(6)} %  ` +
        `(${report.streams} streams heard)  worker ${step.workerCorePct.toFixed(0).padStart(3)} % of core ${WORKER_CORE}  ` +
        `${step.kpps.toFixed(1)} kpps out  sinks ${step.sinkCorePct.toFixed(0)} % of core 0  ${drops} full-buffer drops  load ${load1()}`);
      if (lossPct > 1 || report.streams < target * 0.99) break;
    }
    return steps;
  } finally {
    stopSender();
    for (const t of transports) t.close();
    sink.send({ op: 'exit' });
    await setup.close();
  }
}

/** Most consumers at < 1 % loss with every stream heard. */
const best = (steps: Step[]) => steps.filter((s) => s.lossPct < 1 && s.streams >= s.consumers * 0.99).reduce((m, s) => Math.max(m, s.consumers), 0);

console.log(machineLine());
console.log(`worker pinned to core ${WORKER_CORE} (${realWorker}); sender and sinks on core 0; ${SECONDS} s per step`);
console.log(sinkNet.kind === 'netns'
  ? `sinks in their own network namespace (${sinkNet.sinkIp}, over veth; their kernel receive work steered to core 0)`
  : 'sinks on loopback (the worker\'s core also runs their kernel receive path)');
const results: Record<string, number> = {};
try {
  for (const variant of VARIANTS) {
    for (const kind of ['hopso', 'bare'] as const) {
      results[`${variant}_${kind}`] = best(await run(kind, variant));
    }
    const hopso = results[`${variant}_hopso`]!, bare = results[`${variant}_bare`]!;
    console.log(`${variant}: ${hopso} consumers per worker core through hopso, ${bare} bare; bare ÷ hopso = ${(bare / Math.max(1, hopso)).toFixed(2)}`);
  }
} finally {
  fs.rmSync(wrapperDir, { recursive: true, force: true });
  sinkNet.close();
}
const ratio = (v: Variant) => (results[`${v}_bare`]! / Math.max(1, results[`${v}_hopso`]!)).toFixed(2);
const fields = VARIANTS.flatMap((v) => [`${v}_hopso=${results[`${v}_hopso`]}`, `${v}_bare=${results[`${v}_bare`]}`]);
console.log(`RESULT sfu ${fields.join(' ')} overhead_ratio=${ratio(VARIANTS[0]!)} sinks=${sinkNet.kind} load=${load1()}`);
