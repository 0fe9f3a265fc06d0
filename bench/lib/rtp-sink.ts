/**
 * A child process of bench:sfu: UDP sinks that count RTP sequence gaps per SSRC (the RTP
 * header stays in the clear under SRTP). Asked over IPC: 'open' (n sockets → their ports),
 * 'reset' (start a window), 'report' (received and lost since the window started, and the
 * kernel's full-buffer drops in this process's network namespace).
 */
import dgram from 'node:dgram';
import { udpReceiveBufferErrors } from './machine.ts';

interface Stream { last: number; received: number; lost: number }
const PROBATION_SSRC = 1234;
let streams = new Map<number, Stream>();
let windowOpen = false;
const sockets: dgram.Socket[] = [];

function onPacket(msg: Buffer) {
  if (!windowOpen || msg.length < 12 || (msg[0]! & 0xc0) !== 0x80) return;
  const pt = msg[1]! & 0x7f;
  if (pt >= 72 && pt <= 79) return; // RTCP (rtcp-mux)
  const seq = msg.readUInt16BE(2);
  const ssrc = msg.readUInt32BE(8);
  // mediasoup's bandwidth probation stream (worker: RTP::ProbationGenerator::Ssrc): its sequence numbers jump
  // between probing bursts by design, which would read as loss of a stream nobody consumes.
  if (ssrc === PROBATION_SSRC) return;
  const s = streams.get(ssrc);
  if (!s) {
    streams.set(ssrc, { last: seq, received: 1, lost: 0 });
    return;
  }
  const delta = (seq - s.last + 0x10000) & 0xffff;
  if (delta === 0 || delta > 0x8000) return; // duplicate or reordered late
  s.lost += delta - 1;
  s.received++;
  s.last = seq;
}

async function open(count: number, ip: string) {
  const ports: number[] = [];
  for (let i = 0; i < count; i++) {
    const socket = dgram.createSocket({ type: 'udp4', recvBufferSize: 4 << 20 });
    socket.on('message', onPacket);
    await new Promise<void>((resolve) => socket.bind(0, ip, resolve));
    sockets.push(socket);
    ports.push(socket.address().port);
  }
  process.send!({ ports });
}

process.on('message', (m: { op: 'open'; count: number; ip: string } | { op: 'reset' } | { op: 'report' } | { op: 'exit' }) => {
  if (m.op === 'open') {
    void open(m.count, m.ip);
  } else if (m.op === 'reset') {
    streams = new Map();
    windowOpen = true;
    process.send!({ ok: true });
  } else if (m.op === 'report') {
    let received = 0;
    let lost = 0;
    for (const s of streams.values()) {
      received += s.received;
      lost += s.lost;
    }
    const usage = process.cpuUsage();
    process.send!({ streams: streams.size, received, lost, cpuMs: (usage.user + usage.system) / 1000, drops: udpReceiveBufferErrors() });
  } else {
    for (const s of sockets) s.close();
    process.exit(0);
  }
});
