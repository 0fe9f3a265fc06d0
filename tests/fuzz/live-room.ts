import { inArray } from 'drizzle-orm';
import { io } from 'socket.io-client';
import { meetingInvitees } from '../../server/invitations/schema.ts';
import { meetings } from '../../server/meetings/schema.ts';
import { bodies } from '../../server/units/schema.ts';
import { fakeDtlsParameters, fakeRtpParameters, LiveClient } from '../helpers/live.ts';
import type { Pools, World } from './world.ts';

/** The pool keys filled from the live room (reset with each room). */
export const LIVE_KEYS = ['peerId', 'transportId', 'producerId', 'consumerId', 'rollCallId', 'rtpCapabilities'];

/** A socket of the /live namespace, or the refusal of one (a handshake is a request too). */
export async function openSocket(url: string, cookie: string | null, namespace = '/live', username = 'fuzz'): Promise<LiveClient | { refused: string }> {
  const socket = io(`${url}${namespace}`, {
    path: '/socket.io', transports: ['websocket'], reconnection: false, forceNew: true, timeout: 10_000,
    ...(cookie ? { extraHeaders: { cookie } } : {}),
  });
  return new Promise((resolve) => {
    socket.once('connect', () => resolve(new LiveClient(socket, username)));
    socket.once('connect_error', (err) => {
      socket.close();
      resolve({ refused: err.message });
    });
  });
}

/**
 * One live meeting of the fuzz tenant with its sockets: the convener (chair), its admin (who may
 * chair too), two invited communes, and an observer (signed in, never let in). Every socket
 * joins and the chair and first commune open media, so random calls name real transports,
 * producers and consumers; ids seen in answers and events go into the pools.
 */
export class FuzzRoom {
  readonly clients = new Map<string, LiveClient | null>();
  /** Each media-opening client's connected send transport (its microphone has SSRC 1111, its camera 2222). */
  readonly sendTransports = new Map<string, string>();

  private readonly world: World;
  private readonly pools: Pools;
  readonly meetingId: string;
  private constructor(
    world: World,
    pools: Pools,
    meetingId: string,
  ) {
    this.world = world;
    this.pools = pools;
    this.meetingId = meetingId;
  }

  static readonly usernames = ['fuzz.convener', 'fuzz.admin', 'fuzz.xa1', 'fuzz.xa2', 'fuzz.observer'];

  static async open(world: World, pools: Pools): Promise<FuzzRoom> {
    const { db } = world.live;
    const [chair, xa1, xa2] = ['fuzz.convener', 'fuzz.xa1', 'fuzz.xa2'].map((u) => world.tenant.find((t) => t.username === u)!);
    const startsAt = new Date(Date.now() - 5 * 60_000);
    const [meeting] = await db.insert(meetings).values({
      convenerBodyId: chair!.bodyId, unitCode: '01', kind: 'giao_ban', form: 'truc_tuyen', title: 'Phòng họp thử của bộ fuzz',
      chairName: 'Người Thử', chairUserId: chair!.id, startsAt, endsAt: new Date(startsAt.getTime() + 2 * 3600_000), status: 'invited',
    }).returning({ id: meetings.id });
    const sites = await db.select().from(bodies).where(inArray(bodies.id, [xa1!.bodyId, xa2!.bodyId]));
    await db.insert(meetingInvitees).values(sites.map((b) => ({ meetingId: meeting!.id, bodyId: b.id, unitCode: b.unitCode, bodyName: b.name, rsvp: 'accepted' as const })));
    pools.clear(LIVE_KEYS);
    pools.add(['meetingId'], [meeting!.id]);
    const room = new FuzzRoom(world, pools, meeting!.id);
    // The random HTTP calls before this may have deactivated or signed out one of these accounts.
    await world.restore(FuzzRoom.usernames);
    for (const username of FuzzRoom.usernames) await room.connect(username);
    await room.openMedia('fuzz.convener', true);
    await room.openMedia('fuzz.xa1', false);
    return room;
  }

  /** (Re)connects a tenant socket and joins this room with it (refusals are fine: the observer is never let in). */
  async connect(username: string): Promise<void> {
    const opened = await openSocket(this.world.live.url, this.world.cookieOf(username), '/live', username);
    if (!('socket' in opened)) throw new Error(`${username} could not connect: ${opened.refused}`);
    this.clients.set(username, opened);
    opened.socket.onAny((name: string, payload: unknown) => this.learn(name, payload));
    try {
      this.learn('join', await opened.join(this.meetingId));
    } catch {
      // Not let in: still a signed-in socket that sends calls.
    }
  }

  private async openMedia(username: string, consume: boolean): Promise<void> {
    const client = this.clients.get(username);
    if (!client) return;
    try {
      const send = await client.call('createTransport', { direction: 'send' });
      const recv = await client.call('createTransport', { direction: 'recv' });
      this.pools.add(['transportId'], [send.id, recv.id]);
      await client.call('connectTransport', { transportId: send.id, dtlsParameters: fakeDtlsParameters });
      this.sendTransports.set(username, send.id);
      const mic = await client.call('produce', { transportId: send.id, kind: 'audio', source: 'mic', rtpParameters: fakeRtpParameters('audio', 1111) });
      const cam = await client.call('produce', { transportId: send.id, kind: 'video', source: 'camera', rtpParameters: fakeRtpParameters('video', 2222) });
      this.pools.add(['producerId'], [mic.producerId, cam.producerId]);
      const caps = this.pools.known('rtpCapabilities', {})[0];
      if (consume && caps) this.learn('consume', await client.call('consume', { producerId: mic.producerId, rtpCapabilities: caps }));
    } catch {
      // A room the fuzzer ended or locked early: the random calls still run.
    }
  }

  /** Ids and capabilities from answers and events, for the next random calls to name. */
  learn(name: string, payload: unknown): void {
    const p = (payload ?? {}) as Record<string, unknown>;
    const take = (key: string, value: unknown) => {
      if (typeof value === 'string') this.pools.add([key], [value]);
    };
    take('peerId', p['peerId']);
    take('producerId', p['producerId']);
    take('consumerId', p['consumerId']);
    take('rollCallId', p['rollCallId']);
    if (name === 'createTransport') take('transportId', p['id']);
    if (p['routerRtpCapabilities']) this.pools.add(['rtpCapabilities'], [p['routerRtpCapabilities']]);
    for (const list of [p['peers'], p['waiting'], p['producers']]) {
      if (Array.isArray(list)) for (const item of list as Record<string, unknown>[]) {
        take('peerId', item['peerId']);
        take('producerId', item['producerId']);
      }
    }
  }

  close(): void {
    for (const client of this.clients.values()) client?.close();
  }
}

/** The fixed samples that valid-shaped media payloads start from (mediasoup checks the rest). */
export function mediaSamples(pools: Pools): void {
  pools.add(['rtpParameters'], [fakeRtpParameters('audio', 3333), fakeRtpParameters('video', 4444)]);
  pools.add(['dtlsParameters'], [fakeDtlsParameters]);
  pools.add(['siteSessionId'], ['fuzz-session-1', 'fuzz-session-2']);
  pools.add(['direction'], ['send', 'recv']);
}
