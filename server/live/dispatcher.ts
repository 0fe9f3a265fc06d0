import type { FastifyInstance } from 'fastify';
import type { Static, TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { authorize } from '../auth/policy.ts';
import type { SessionUser } from '../auth/session-user.ts';
import { Conflict, Forbidden, InvalidInput, NotFound } from '../lib/errors.ts';
import { errorAck, okAck } from './ack.ts';
import { SocketCalls } from './call-limits.ts';
import type { LiveMeeting } from './live-meeting.ts';
import type { LivePeer, LiveSocket, PeerSocket } from './peer.ts';
import { schemas, type Ack, type MethodName, type Payload, type Results } from './protocol.ts';
import type { LiveRegistry } from './registry.ts';

export interface HandlerContext {
  app: FastifyInstance;
  registry: LiveRegistry;
  socket: PeerSocket;
  user: SessionUser;
}

/** For methods of a peer that joined: its meeting and itself. */
export interface PeerContext extends HandlerContext {
  live: LiveMeeting;
  peer: LivePeer;
}

/** What a peer's method needs before it runs: a joined peer, an admitted one, or a chair. */
export type Need = 'peer' | 'admitted' | 'chair';

/** One signalling method, typed where it is defined; the dispatcher hands it the raw payload. */
export interface Handler {
  method: MethodName;
  /** Checks the payload against the method's schema, then what the method needs, then runs it. */
  call(ctx: HandlerContext, payload: unknown): Promise<unknown>;
}

type Run<C, M extends MethodName> = (ctx: C, payload: Payload<M>) => Promise<Results[M]>;

/** A method of a socket that has joined a meeting (as a peer, an admitted peer, or a chair). */
export function handler<M extends MethodName>(method: M, needs: Need, run: Run<PeerContext, M>): Handler {
  return {
    method,
    call: (ctx, payload) => {
      const input = parsePayload(schemas[method], payload);
      return run(peerContext(ctx, needs), input);
    },
  };
}

/** A method a socket may call before it has joined anything (join itself). */
export function entryHandler<M extends MethodName>(method: M, run: Run<HandlerContext, M>): Handler {
  return { method, call: (ctx, payload) => run(ctx, parsePayload(schemas[method], payload)) };
}

/** Deeper than any message of the protocol (RTP capabilities nest about six levels). */
const MAX_PAYLOAD_DEPTH = 32;

/**
 * A payload is JSON of a sensible depth that the database can store: socket.io also carries
 * binary (Buffers) anywhere in a message, and any nesting, which the schema functions below
 * cannot take (Value.Clean tries to delete a Buffer's bytes and throws; Value.Clone recurses and
 * overflows the stack on an object nested 3,000 deep). Walked without recursion for that reason.
 */
function assertJson(payload: unknown): void {
  const pending: [unknown, number][] = [[payload, 0]];
  while (pending.length > 0) {
    const [value, depth] = pending.pop()!;
    // PostgreSQL text and jsonb cannot hold NUL: a display name with one lost its attendance row.
    if (typeof value === 'string' && value.includes('\u0000')) {
      throw new InvalidInput('Dữ liệu không hợp lệ: không được chứa ký tự NUL. / Invalid payload: must not contain the NUL character.');
    }
    if (value === null || typeof value !== 'object') continue;
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) {
      throw new InvalidInput('Dữ liệu không hợp lệ: không nhận dữ liệu nhị phân. / Invalid payload: binary data is not accepted.');
    }
    if (depth >= MAX_PAYLOAD_DEPTH) {
      throw new InvalidInput(`Dữ liệu không hợp lệ: lồng quá ${MAX_PAYLOAD_DEPTH} cấp. / Invalid payload: nested deeper than ${MAX_PAYLOAD_DEPTH} levels.`);
    }
    for (const inner of Object.values(value)) pending.push([inner, depth + 1]);
  }
}

/** Defaults filled, unknown fields dropped, then checked — the same rules as an HTTP body. */
export function parsePayload<T extends TSchema>(schema: T, payload: unknown): Static<T> {
  assertJson(payload);
  const value = Value.Clean(schema, Value.Default(schema, Value.Clone(payload ?? {})));
  if (Value.Check(schema, value)) return value;
  const errors = Value.Errors(schema, value).map((e) => ({ path: e.instancePath, message: e.message }));
  const first = errors[0];
  throw new InvalidInput(`Dữ liệu không hợp lệ: ${first ? `${first.path || '(payload)'} ${first.message}` : 'payload'}. / Invalid payload.`, errors);
}

function peerContext(base: HandlerContext, needs: Need): PeerContext {
  const found = base.registry.peerOf(base.socket);
  if (!found) throw new Conflict('Bạn chưa vào phòng họp. / Join the meeting first.');
  const { live, peer } = found;
  if (needs !== 'peer' && peer.state !== 'admitted') {
    throw new Forbidden('Bạn đang ở phòng chờ, chờ chủ trì cho vào. / You are in the lobby until the chair admits you.');
  }
  if (needs === 'chair') authorize(base.app.units, base.user, 'meeting:chair', live.resource);
  return { ...base, live, peer };
}

/**
 * Wires every handler to a socket: each call is rate-limited, queued behind the socket's earlier
 * calls (call-limits.ts), validated against its method's schema, checked for what it needs, run,
 * and answered with exactly one ack. Errors become acks in one place (ack.ts). A call without an
 * ack callback cannot be answered and is ignored.
 */
/** Runs a call here (`local`) or on the node that owns the socket's meeting (cluster.ts). */
export type Router = (socket: LiveSocket, method: string, payload: unknown, local: () => Promise<unknown>) => Promise<unknown>;

/**
 * At debug level, each call's time waiting behind the socket's earlier calls and its own run
 * time (bench:join reads them: where a join's time goes on the server).
 */
function timed(log: FastifyInstance['log'], socket: LiveSocket, method: string, arrived: number, began: number, outcome: string): void {
  if (log.level !== 'debug' && log.level !== 'trace') return;
  const now = performance.now();
  log.debug({ method, socketId: socket.id, outcome, waitedMs: Math.round(began - arrived), ranMs: Math.round(now - began) }, 'live call');
}

export function attachHandlers(socket: LiveSocket, base: Omit<HandlerContext, 'socket' | 'user'>, handlers: readonly Handler[], route?: Router): void {
  const known = new Set<string>(handlers.map((h) => h.method));
  const calls = new SocketCalls();
  for (const h of handlers) {
    // The contract's types say what a well-behaved client sends; the listener takes what
    // arrives (a call may omit its payload, or add arguments) and checks it. The ack is the last
    // argument, as for unknown methods below; extra arguments are dropped like unknown fields.
    socket.on(h.method, async (...args: unknown[]) => {
      const ack = args.at(-1);
      if (typeof ack !== 'function') return;
      const payload = args.length > 1 ? args[0] : {};
      const reply = ack as (answer: Ack<unknown>) => void;
      const arrived = performance.now();
      let began = arrived;
      try {
        calls.admit(h.method);
        const ctx: HandlerContext = { ...base, socket, user: socket.data.user };
        const local = () => h.call(ctx, payload);
        const run = route ? () => route(socket, h.method, payload, local) : local;
        reply(okAck(await calls.run(() => {
          began = performance.now();
          return run();
        })));
        timed(base.app.log, socket, h.method, arrived, began, 'ok');
      } catch (err) {
        timed(base.app.log, socket, h.method, arrived, began, err instanceof Error ? err.name : 'error');
        reply(errorAck(err, base.app.log, h.method));
      }
    });
  }
  // An unknown method still gets an answer, so a client never waits for a timeout.
  socket.onAny((event: string, ...args: unknown[]) => {
    if (known.has(event)) return;
    const ack = args.at(-1);
    if (typeof ack !== 'function') return;
    let err: Error = new NotFound(`Method ${event}`);
    try {
      calls.admit('(unknown)');
    } catch (limited) {
      err = limited as Error;
    }
    (ack as (answer: unknown) => void)(errorAck(err, base.app.log, event));
  });
}
