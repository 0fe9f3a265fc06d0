import { randomBytes } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { io, type Socket } from 'socket.io-client';
import { users } from '../../server/auth/schema.ts';
import { createSession, SESSION_COOKIE } from '../../server/auth/sessions.ts';
import type { Db } from '../../server/db/client.ts';
import { meetingInvitees } from '../../server/invitations/schema.ts';
import { agendaItems, meetings } from '../../server/meetings/schema.ts';
import type { Ack, EventName, MethodName, Methods, ServerEvents } from '../../server/live/protocol.ts';
import { bodies, units } from '../../server/units/schema.ts';
import { sessionCookie, type TestServer } from './app.ts';
import { fakeRtpParameters } from '../../bench/lib/fake-rtp.ts';

export class AckError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(`${code}: ${message}`);
    this.code = code;
  }
}

/** A socket.io client of the /live namespace that remembers every event it received. */
export class LiveClient {
  readonly events: { name: string; payload: unknown }[] = [];
  private readonly waiters = new Set<{ name: string; test: (p: unknown) => boolean; resolve: (p: unknown) => void }>();
  readonly siteSessionId = randomBytes(9).toString('base64url');

  readonly socket: Socket;
  readonly username: string;
  constructor(socket: Socket, username: string) {
    this.socket = socket;
    this.username = username;
    socket.onAny((name: string, payload: unknown) => {
      this.events.push({ name, payload });
      for (const w of [...this.waiters]) {
        if (w.name === name && w.test(payload)) {
          this.waiters.delete(w);
          w.resolve(payload);
        }
      }
    });
  }

  call<M extends MethodName>(method: M, payload: Methods[M]['req']): Promise<Methods[M]['res']> {
    return new Promise((resolve, reject) => {
      this.socket.timeout(15_000).emit(method, payload, (err: Error | null, ack: Ack<Methods[M]['res']>) => {
        if (err) reject(err);
        else if ('ok' in ack) resolve(ack.data);
        else reject(new AckError(ack.error.code, ack.error.message));
      });
    });
  }

  /** The call's error code (fails when the call succeeds). */
  async refused<M extends MethodName>(method: M, payload: Methods[M]['req']): Promise<string> {
    try {
      await this.call(method, payload);
    } catch (err) {
      if (err instanceof AckError) return err.code;
      throw err;
    }
    throw new Error(`${method} was accepted`);
  }

  /** The next event of that name (matching `test`), or one already received when `past` is set. */
  next<E extends EventName>(name: E, test: (p: ServerEvents[E]) => boolean = () => true, opts: { past?: boolean; timeoutMs?: number } = {}): Promise<ServerEvents[E]> {
    if (opts.past) {
      const seen = this.events.find((e) => e.name === name && test(e.payload as ServerEvents[E]));
      if (seen) return Promise.resolve(seen.payload as ServerEvents[E]);
    }
    return new Promise((resolve, reject) => {
      const waiter = { name, test: test as (p: unknown) => boolean, resolve: resolve as (p: unknown) => void };
      this.waiters.add(waiter);
      setTimeout(() => {
        if (this.waiters.delete(waiter)) reject(new Error(`${this.username}: no ${name} event`));
      }, opts.timeoutMs ?? 10_000).unref();
    });
  }

  join(meetingId: string, extra: Partial<Methods['join']['req']> = {}) {
    return this.call('join', { meetingId, siteSessionId: this.siteSessionId, ...extra });
  }

  close(): void {
    this.socket.disconnect();
  }
}

export async function connectLive(url: string, cookie: string | null, username = 'guest'): Promise<LiveClient> {
  const socket = io(`${url}/live`, {
    path: '/socket.io', transports: ['websocket'], reconnection: false, forceNew: true,
    ...(cookie ? { extraHeaders: { cookie } } : {}),
  });
  const client = new LiveClient(socket, username);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => reject(err));
  });
  return client;
}

/** Signs in and connects a demo account to /live. */
export async function connectAs(live: TestServer, username: string): Promise<LiveClient> {
  let cookie = live.cookies.get(username);
  if (!cookie) {
    cookie = await sessionCookie(live.app, username);
    live.cookies.set(username, cookie);
  }
  return connectLive(live.url, cookie, username);
}

/**
 * The sites a suite connects, remembered so that `closeAll` (in afterEach) lets each go.
 * `live` is read at call time: suites start their server in beforeAll.
 */
export function siteClients(live: () => TestServer) {
  const clients: LiveClient[] = [];
  return {
    as: async (username: string) => {
      const c = await connectAs(live(), username);
      clients.push(c);
      return c;
    },
    closeAll: () => {
      for (const c of clients.splice(0)) c.close();
    },
  };
}

/**
 * `n` participant accounts of communes of Hà Tĩnh (one per commune UBND, beyond the demo's
 * three), each with a session made straight in the database (logins are rate-limited and
 * slow by design): for suites that need many distinct sites.
 */
export async function extraSites(db: Db, n: number, tag: string): Promise<{ username: string; bodyId: string; cookie: string }[]> {
  const communes = await db.select({ bodyId: bodies.id }).from(bodies).innerJoin(units, eq(units.code, bodies.unitCode))
    .where(and(eq(units.parentCode, '42'), eq(units.level, 'commune'), eq(bodies.id, sql`${units.code} || ':ubnd'`))).limit(n + 3);
  const demo = new Set((await db.select({ bodyId: users.bodyId }).from(users)).map((u) => u.bodyId));
  const free = communes.filter((c) => !demo.has(c.bodyId)).slice(0, n);
  if (free.length < n) throw new Error(`only ${free.length} communes without an account`);
  const made = await db.insert(users).values(free.map((c, i) => ({
    username: `site${i}.${tag}`, passwordHash: 'not-a-hash', fullName: `Điểm cầu ${i + 1}`, bodyId: c.bodyId, role: 'participant' as const,
  }))).returning({ id: users.id, username: users.username, bodyId: users.bodyId });
  return Promise.all(made.map(async (u) => ({ username: u.username, bodyId: u.bodyId, cookie: `${SESSION_COOKIE}=${(await createSession(db, u.id, 2)).token}` })));
}

export async function userIds(db: Db, usernames: string[]): Promise<Record<string, { id: string; bodyId: string }>> {
  const rows = await db.select({ username: users.username, id: users.id, bodyId: users.bodyId }).from(users).where(inArray(users.username, usernames));
  return Object.fromEntries(rows.map((r) => [r.username, { id: r.id, bodyId: r.bodyId }]));
}

export interface InviteeSpec {
  bodyId: string;
  rsvp?: 'pending' | 'accepted' | 'declined' | 'substitute';
  declineReason?: string;
  substitute?: { name: string; position: string; status: 'pending' | 'approved' | 'rejected' };
}

/**
 * A meeting of Hà Tĩnh's UBND office (convener vp.hatinh), already invited, with the given
 * invitees, inserted straight into the tables the meetings capability owns.
 */
export async function insertMeeting(db: Db, opts: { startsAt?: Date; endsAt?: Date; invitees: InviteeSpec[]; status?: 'invited' | 'live' | 'draft'; title?: string; agenda?: string[] }) {
  const startsAt = opts.startsAt ?? new Date(Date.now() - 5 * 60_000);
  const endsAt = opts.endsAt ?? new Date(startsAt.getTime() + 2 * 3600_000);
  const [meeting] = await db.insert(meetings).values({
    convenerBodyId: '42:vp_ubnd', unitCode: '42', kind: 'giao_ban', form: 'truc_tuyen',
    title: opts.title ?? 'Giao ban trực tuyến với các xã, phường', chairName: 'Nguyễn Văn Hùng', chairPosition: 'Chánh Văn phòng',
    startsAt, endsAt, status: opts.status ?? 'invited',
  }).returning();
  if (opts.agenda?.length) {
    await db.insert(agendaItems).values(opts.agenda.map((title, i) => ({ meetingId: meeting!.id, position: i + 1, title })));
  }
  for (const i of opts.invitees) {
    const [body] = await db.select().from(bodies).where(eq(bodies.id, i.bodyId));
    await db.insert(meetingInvitees).values({
      meetingId: meeting!.id, bodyId: i.bodyId, unitCode: body!.unitCode, bodyName: body!.name,
      rsvp: i.rsvp ?? 'accepted', declineReason: i.declineReason ?? null,
      substituteName: i.substitute?.name ?? null, substitutePosition: i.substitute?.position ?? null, substituteStatus: i.substitute?.status ?? null,
    });
  }
  return meeting!;
}

export { fakeRtpParameters };

export const fakeDtlsParameters = {
  role: 'client' as const,
  fingerprints: [{ algorithm: 'sha-256' as const, value: Array.from({ length: 32 }, (_, i) => (i * 7 % 256).toString(16).padStart(2, '0').toUpperCase()).join(':') }],
};

/** Joins, makes both transports and (optionally) produces a microphone. */
export async function joinWithMedia(client: LiveClient, meetingId: string, opts: { audio?: boolean; video?: boolean } = {}) {
  const joined = await client.join(meetingId);
  const send = await client.call('createTransport', { direction: 'send' });
  const recv = await client.call('createTransport', { direction: 'recv' });
  const audio = opts.audio ? (await client.call('produce', { transportId: send.id, kind: 'audio', source: 'mic', rtpParameters: fakeRtpParameters('audio') })).producerId : null;
  const video = opts.video ? (await client.call('produce', { transportId: send.id, kind: 'video', source: 'camera', rtpParameters: fakeRtpParameters('video') })).producerId : null;
  return { joined, send, recv, audio, video };
}
