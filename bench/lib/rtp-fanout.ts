/**
 * What bench:sfu and bench:fanout share: mediasoup workers pinned to a core, one synthetic
 * sender into a PlainTransport, consumers on PlainTransports into UDP sinks (rtp-sink.ts, in a
 * child process each), made 50 at a time, and one measuring window over sinks and workers.
 * Nothing here imports mediasoup at run time: pinWorkers() must run before it is imported.
 */
import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { types } from 'mediasoup';
import type { SinkNet } from './sink-net.ts';

/** The environment variable the worker wrapper reads: the core a worker started now is pinned to. */
export const WORKER_CORE_ENV = 'HOPSO_BENCH_WORKER_CORE';

/**
 * Pins every mediasoup worker started from now on: MEDIASOUP_WORKER_BIN becomes a wrapper that
 * execs `taskset -c $HOPSO_BENCH_WORKER_CORE` the real worker (mediasoup passes its environment
 * on, so setting the variable before a pool starts chooses that pool's core). mediasoup reads
 * MEDIASOUP_WORKER_BIN once, at import: call this before importing it. This process (and so
 * the sender and the sinks, its children) goes to `sideCore`.
 */
export function pinWorkers(defaultCore: number, sideCore: number): { realWorker: string; close(): void } {
  const realWorker = path.join(path.dirname(createRequire(import.meta.url).resolve('mediasoup')), '../../worker/out/Release/mediasoup-worker');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hopso-bench-worker-'));
  const wrapper = path.join(dir, 'pinned-worker');
  fs.writeFileSync(wrapper, `#!/bin/sh\nexec taskset -c "\${${WORKER_CORE_ENV}:-${defaultCore}}" ${JSON.stringify(realWorker)} "$@"\n`, { mode: 0o755 });
  process.env['MEDIASOUP_WORKER_BIN'] = wrapper;
  execFileSync('taskset', ['-pc', String(sideCore), String(process.pid)], { stdio: 'ignore' });
  return { realWorker, close: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

const VIDEO_SSRC = 11111111;
const AUDIO_SSRC = 22222222;

/** The synthetic sender's video packets per second: what each video consumer should deliver. */
export const VIDEO_PPS = 60;

/**
 * The share of the packets N video consumers should have delivered in a window that the sinks
 * got in it. A worker past its core falls behind without sequence gaps (its socket buffers hold
 * the rest), and so does a sink: under 99 % the step does not count, whatever the gaps say.
 */
export const deliveredShare = (consumers: number, kpps: number) => (kpps * 1000) / Math.max(1, consumers * VIDEO_PPS);

/** A step that counts: under 1 % sequence gaps, every stream heard, at least 99 % delivered in the window. */
export const cleanStep = (s: { consumers: number; lossPct: number; streams: number; kpps: number }) =>
  s.lossPct < 1 && s.streams >= s.consumers * 0.99 && deliveredShare(s.consumers, s.kpps) >= 0.99;

/** Sends synthetic RTP: VP8 30 fps × 2 packets of 1,040 bytes (≈ 500 kbit/s), keyframe each second; Opus 50 pps. */
export function startSender(port: number): () => void {
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

/** The chủ trì's stream on `router`: a comedia PlainTransport with a VP8 and an Opus producer (feed it with startSender). */
export async function produceSynthetic(router: types.Router) {
  // A large receive buffer: a sender delayed by the scheduler sends in bursts.
  const input = await router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1', recvBufferSize: 4 << 20 }, rtcpMux: true, comedia: true });
  const video = await input.produce({
    kind: 'video',
    rtpParameters: { codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000, rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }, { type: 'ccm', parameter: 'fir' }] }], encodings: [{ ssrc: VIDEO_SSRC }] },
  });
  const audio = await input.produce({
    kind: 'audio',
    rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }], encodings: [{ ssrc: AUDIO_SSRC }] },
  });
  return { input, video, audio };
}

/**
 * The consumers' RTP capabilities without downlink bandwidth estimation (no transport-cc, REMB or
 * their header extensions): then the worker makes no congestion-control client for the transport.
 * The sinks send no RTCP, so with it each transport's client keeps every packet it sent for 60 s
 * waiting for feedback (a 3,600-entry std::map per consumer, the largest user-space cost in the
 * profile), where a browser's feedback empties it every ~100 ms.
 */
export function withoutBwe(caps: types.RtpCapabilities): types.RtpCapabilities {
  const bweUri = /transport-wide-cc|abs-send-time/;
  return {
    ...caps,
    codecs: caps.codecs?.map((c) => ({ ...c, rtcpFeedback: c.rtcpFeedback?.filter((f) => f.type !== 'transport-cc' && f.type !== 'goog-remb') })),
    headerExtensions: caps.headerExtensions?.filter((h) => !bweUri.test(h.uri)),
  };
}

/** One receiving site: a PlainTransport on `router` (SRTP AES_CM_128_HMAC_SHA1_80 or plain RTP) sending `producerId` to a sink port. */
export async function sinkConsumer(router: types.Router, producerId: string, to: { net: SinkNet; port: number; srtp: boolean; bwe?: boolean }) {
  const { net, port, srtp, bwe = true } = to;
  const transport = await router.createPlainTransport({
    listenInfo: { protocol: 'udp', ip: net.workerIp }, rtcpMux: true, comedia: false,
    ...(srtp ? { enableSrtp: true, srtpCryptoSuite: 'AES_CM_128_HMAC_SHA1_80' as const } : {}),
  });
  await transport.connect({
    ip: net.sinkIp, port,
    ...(srtp ? { srtpParameters: { cryptoSuite: 'AES_CM_128_HMAC_SHA1_80' as const, keyBase64: randomBytes(30).toString('base64') } } : {}),
  });
  await transport.consume({ producerId, rtpCapabilities: bwe ? router.rtpCapabilities : withoutBwe(router.rtpCapabilities) });
  return transport;
}

/** Adds consumers (`make(index)`) until there are `target`, 50 at a time: one by one, the thousands of channel round trips took most of a run. */
export async function growTo<T>(made: T[], target: number, make: (index: number) => Promise<T>): Promise<void> {
  while (made.length < target) {
    const batch = Array.from({ length: Math.min(50, target - made.length) }, (_, i) => made.length + i);
    made.push(...await Promise.all(batch.map((index) => make(index))));
  }
}

export function ask<T>(child: ChildProcess, message: object): Promise<T> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(m as T));
    child.send(message);
  });
}

/** A sink process in the sinks' network with `sockets` UDP sockets open: their ports. */
export async function openSink(net: SinkNet, sockets: number): Promise<{ child: ChildProcess; ports: number[] }> {
  const child = net.fork(path.join(import.meta.dirname, 'rtp-sink.ts'), process.execArgv);
  const { ports } = await ask<{ ports: number[] }>(child, { op: 'open', count: sockets, ip: net.sinkIp });
  return { child, ports };
}

async function workerCpuMs(worker: types.Worker): Promise<number> {
  const u = await worker.getResourceUsage();
  return u.ru_utime + u.ru_stime;
}

export interface SinkWindow { streams: number; received: number; lost: number; lossPct: number; kpps: number; corePct: number; drops: number }
export interface Window { sinks: SinkWindow[]; workerCorePct: number[] }

interface SinkReport { streams: number; received: number; lost: number; cpuMs: number; drops: number }

/**
 * One measuring window of `seconds`, after 1.5 s for every new consumer to pass its first
 * keyframe: per sink what it heard (loss from RTP sequence gaps, its CPU, the kernel's
 * full-buffer drops in its namespace), and each worker's CPU in % of one core (its own rusage).
 */
export async function measure(sinks: ChildProcess[], workers: types.Worker[], seconds: number): Promise<Window> {
  await new Promise((r) => setTimeout(r, 1500));
  await Promise.all(sinks.map((s) => ask(s, { op: 'reset' })));
  const cpu0 = await Promise.all(workers.map(workerCpuMs));
  const before = await Promise.all(sinks.map((s) => ask<SinkReport>(s, { op: 'report' })));
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const after = await Promise.all(sinks.map((s) => ask<SinkReport>(s, { op: 'report' })));
  const elapsed = performance.now() - t0;
  const cpu1 = await Promise.all(workers.map(workerCpuMs));
  return {
    workerCorePct: workers.map((_, i) => (100 * (cpu1[i]! - cpu0[i]!)) / elapsed),
    sinks: after.map((r, i) => ({
      streams: r.streams, received: r.received, lost: r.lost, lossPct: (100 * r.lost) / Math.max(1, r.received + r.lost),
      kpps: r.received / elapsed, corePct: (100 * (r.cpuMs - before[i]!.cpuMs)) / elapsed, drops: r.drops - before[i]!.drops,
    })),
  };
}
