/**
 * Simulated sites of bench:signal, many socket.io clients in one process (forked, so the
 * server's process holds only the server). Asked over IPC, each request answered once:
 *   {op:'connect', kind, url, meetingId, cookies, window, cameras} — every site connects (the real
 *     handshake with its session cookie) and joins (hopso) or says hello (bare), `window` at a time;
 *     with `cameras`, each then sends a camera (a producer on a send transport, no packets: the
 *     signalling of a national meeting with every site's camera on).
 *     Each answers every roll call it hears, and notes when it first hears the floor given to `holder`.
 *   {op:'requestFloor', n} — the first n sites ask for the floor; answers their peer ids.
 *   {op:'expectFloor', holder}, {op:'report'}, {op:'exit'}.
 */
import type { Socket } from 'socket.io-client';
import type { FloorState } from '../../server/live/protocol.ts';
import { fakeRtpParameters } from './fake-rtp.ts';
import { call, connectSocket, now, windowed } from './live-socket.ts';

export type SitesRequest =
  | { op: 'connect'; kind: 'hopso' | 'bare'; url: string; meetingId: string; cookies: (string | null)[]; window: number; cameras: boolean }
  | { op: 'requestFloor'; n: number }
  | { op: 'expectFloor'; holder: string }
  | { op: 'report' }
  | { op: 'exit' };

export interface SitesReport {
  joined: number;
  /** When the last site's join (or hello) was answered. */
  lastJoinedAt: number;
  rollCallConfirmed: number;
  floorHeard: number;
  /** When the last site heard the floor given to the expected holder. */
  lastFloorAt: number;
  errors: number;
  firstErrors: string[];
  /** Server events the sites received, all together: what the meeting cost them. */
  events: number;
}

interface Site { socket: Socket; peerId: string | null; floorAt: number | null }

const sites: Site[] = [];
const errorList: string[] = [];
let errors = 0;
let lastJoinedAt = 0;
let rollCallConfirmed = 0;
let holder: string | null = null;
let events = 0;

const fail = (message: string) => {
  errors++;
  if (errorList.length < 5) errorList.push(message);
};

function listen(site: Site) {
  site.socket.onAny(() => {
    events++;
  });
  site.socket.on('rollCall', ({ rollCallId }: { rollCallId: string }) => {
    call(site.socket, 'rollCall:confirm', { rollCallId, count: 3 }).then(() => rollCallConfirmed++, (err: Error) => fail(`rollCall:confirm: ${err.message}`));
  });
  site.socket.on('floor', (floor: FloorState) => {
    if (holder && site.floorAt === null && floor.holderPeerId === holder) site.floorAt = now();
  });
}

async function connectAll(m: Extract<SitesRequest, { op: 'connect' }>) {
  const failures = await windowed(m.cookies, m.window, async (cookie, i) => {
    const socket = await connectSocket(m.url, cookie);
    const site: Site = { socket, peerId: null, floorAt: null };
    sites.push(site);
    listen(site);
    if (m.kind === 'hopso') {
      const joined = await call(socket, 'join', { meetingId: m.meetingId, siteSessionId: `bench-site-${process.pid}-${i}` });
      site.peerId = joined.peerId;
      if (joined.state !== 'admitted') throw new Error(`site ${i} waits in the lobby`);
      if (m.cameras) {
        const send = await call(socket, 'createTransport', { direction: 'send' });
        await call(socket, 'produce', { transportId: send.id, kind: 'video', source: 'camera', rtpParameters: fakeRtpParameters('video') });
      }
    } else {
      await new Promise<void>((resolve, reject) => socket.timeout(60_000).emit('hello', {}, (err: Error | null) => (err ? reject(err) : resolve())));
    }
    lastJoinedAt = now();
  });
  for (const f of failures) fail(f);
}

function report(): SitesReport {
  const heard = sites.filter((s) => s.floorAt !== null);
  return {
    joined: sites.filter((s) => s.socket.connected).length, lastJoinedAt, rollCallConfirmed,
    floorHeard: heard.length, lastFloorAt: heard.reduce((m, s) => Math.max(m, s.floorAt!), 0), errors, firstErrors: errorList, events,
  };
}

process.on('message', (m: SitesRequest) => {
  void (async () => {
    if (m.op === 'connect') {
      await connectAll(m);
      process.send!(report());
    } else if (m.op === 'requestFloor') {
      const asking = sites.filter((s) => s.peerId).slice(0, m.n);
      await Promise.all(asking.map((s) => call(s.socket, 'floor:request', {}).catch((err: Error) => fail(`floor:request: ${err.message}`))));
      process.send!({ peerIds: asking.map((s) => s.peerId) });
    } else if (m.op === 'expectFloor') {
      holder = m.holder;
      process.send!({});
    } else if (m.op === 'report') {
      process.send!(report());
    } else {
      for (const s of sites) s.socket.disconnect();
      process.send!({});
      process.exit(0);
    }
  })();
});
