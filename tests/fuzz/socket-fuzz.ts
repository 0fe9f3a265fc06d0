import fc from 'fast-check';
import type { Socket } from 'socket.io-client';
import { schemas, type MethodName } from '../../server/live/protocol.ts';
import { FuzzRoom, mediaSamples, openSocket } from './live-room.ts';
import { malformed, validShaped, type JsonSchema, type KnownValues } from './schema-arbitrary.ts';
import type { World } from './world.ts';

export interface MethodTally {
  sent: number;
  malformed: number;
  /** 'ok', an error code, or 'closed: too big' when a message past the size limit closed the socket. */
  answers: Record<string, number>;
}

export interface SocketRun {
  byMethod: Map<string, MethodTally>;
  findings: string[];
}

interface Call {
  client: string;
  method: string;
  args: unknown[];
  malformed: boolean;
}

const ACK_TIMEOUT_MS = 8_000;
/** Event names a client may not emit (socket.io reserves them) are left out; these are merely unknown. */
const strangeMethods = ['nonsense', 'constructor', 'toString', '__proto__', 'hasOwnProperty', 'JOIN', 'join ', 'x'.repeat(300), 'floor:', 'rollCall:confirm:x'];

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

const clip = (text: string, max = 200) => (text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : text);
const describeCall = (c: Call) => `${c.client} ${c.method}(${clip(JSON.stringify(c.args) ?? '')})`;
const bytesOf = (c: Call) => Buffer.byteLength(JSON.stringify([c.method, ...c.args]) ?? '');

/** Payloads for one method: valid-shaped, schema-broken, not an object at all, extra arguments, or too big to be read. */
function payloads(method: string, known: KnownValues, limit: number): fc.Arbitrary<{ args: unknown[]; malformed: boolean }> {
  const schema = (schemas[method as MethodName] ?? { type: 'object', properties: {} }) as unknown as JsonSchema;
  return fc.oneof(
    { weight: 15, arbitrary: validShaped(schema, known).map((v) => ({ args: [v], malformed: false })) },
    { weight: 30, arbitrary: malformed(schema, known).map((v) => ({ args: [v], malformed: true })) },
    { weight: 10, arbitrary: fc.constantFrom<unknown[]>([], [null], ['x'], [42], [true], [[]], [Buffer.from('binary')], [{}, {}], ['a', 'b', 'c'], [nested(3000)]).map((args) => ({ args, malformed: true })) },
    { weight: 1, arbitrary: fc.constant(null).map(() => ({ args: [{ blob: 'x'.repeat(limit + 10_000) }] as unknown[], malformed: true })) },
  );
}

function emit(socket: Socket, method: string, args: unknown[]): Promise<{ ack: unknown } | { timeout: true }> {
  return new Promise((resolve) => {
    socket.timeout(ACK_TIMEOUT_MS).emit(method, ...args, (err: Error | null, ack: unknown) => resolve(err ? { timeout: true } : { ack }));
  });
}

/**
 * Random calls from every tenant socket to every method of the /live namespace, in rooms of
 * `perRoom` calls (a fresh live meeting each: the fuzzer ends, locks and empties them). Every
 * call must be answered by an ack that is not `internal`, except a message past the server's
 * size limit, which closes the socket instead (and the socket comes back).
 */
export async function fuzzSockets(world: World, opts: { runs: number; perRoom: number; seed: number }): Promise<SocketRun> {
  const run: SocketRun = { byMethod: new Map(), findings: [] };
  const limit = (world.live.app.io.engine as unknown as { opts: { maxHttpBufferSize: number } }).opts.maxHttpBufferSize;
  const { pools } = world;
  mediaSamples(pools);
  const methods = Object.keys(schemas);
  const anyMethod = fc.oneof({ weight: 25, arbitrary: fc.constantFrom(...methods) }, { weight: 1, arbitrary: fc.constantFrom(...strangeMethods) });
  const calls = (method: fc.Arbitrary<string>): fc.Arbitrary<Call> => fc.record({ client: fc.constantFrom(...FuzzRoom.usernames), method })
    .chain(({ client, method }) => payloads(method, pools.known, limit).map((p) => ({ client, method, ...p })));

  const runRoom = async (arb: fc.Arbitrary<Call>, numRuns: number, seed: number) => {
    const room = await FuzzRoom.open(world, pools);
    const property = fc.asyncProperty(arb, async (call) => {
      let client = room.clients.get(call.client);
      if (!client?.socket.connected) {
        await room.connect(call.client);
        client = room.clients.get(call.client)!;
      }
      const tally = run.byMethod.get(call.method) ?? { sent: 0, malformed: 0, answers: {} };
      run.byMethod.set(call.method, tally);
      tally.sent++;
      if (call.malformed) tally.malformed++;
      const answer = await emit(client.socket, call.method, call.args);
      let outcome: string;
      if ('timeout' in answer) {
        if (client.socket.connected || bytesOf(call) <= limit) throw new Error(`no answer within ${ACK_TIMEOUT_MS} ms${client.socket.connected ? '' : ' (the server closed the socket)'}`);
        outcome = 'closed: too big';
      } else {
        const ack = answer.ack as { ok?: true; data?: unknown; error?: { code?: string; message?: string } } | null;
        if (!ack || typeof ack !== 'object' || (!ack.ok && !ack.error)) throw new Error(`not an ack: ${clip(JSON.stringify(ack) ?? 'undefined')}`);
        outcome = ack.ok ? 'ok' : String(ack.error!.code);
        if (ack.error?.code === 'internal') throw new Error(`answered internal: ${ack.error.message}`);
        if (ack.ok) room.learn(call.method, ack.data);
      }
      tally.answers[outcome] = (tally.answers[outcome] ?? 0) + 1;
    });
    const out = await fc.check(property, { numRuns, seed, endOnFailure: !process.env['FUZZ_SHRINK'] });
    room.close();
    if (out.failed) {
      const error = out.errorInstance instanceof Error ? out.errorInstance.message : String(out.errorInstance);
      const call = out.counterexample?.[0];
      run.findings.push(`${call?.method ?? '?'} (seed ${out.seed}, path ${out.counterexamplePath}): ${error}\n    ${call ? describeCall(call) : ''}`);
    }
  };

  // Most calls in mixed sequences (state built by one method is what another trips on), then a
  // short room of its own for any method the random mix sent fewer than `minPerMethod` times.
  const minPerMethod = Math.max(3, Math.floor(opts.runs / methods.length / 4));
  const mixed = opts.runs - minPerMethod * methods.length;
  const total = () => [...run.byMethod.values()].reduce((n, t) => n + t.sent, 0);
  let round = 0;
  while (total() < mixed) await runRoom(calls(anyMethod), Math.min(opts.perRoom, mixed - total()), opts.seed + round++);
  for (const method of methods) {
    const missing = minPerMethod - (run.byMethod.get(method)?.sent ?? 0);
    if (missing > 0) await runRoom(calls(fc.constant(method)), missing, opts.seed + round++);
  }
  while (total() < opts.runs) await runRoom(calls(anyMethod), Math.min(opts.perRoom, opts.runs - total()), opts.seed + round++);
  return run;
}

/**
 * Connection attempts: no session, forged and garbage cookies, an inactive account, real ones;
 * known and unknown namespaces. Each is let in or refused with a reason (never `unavailable`,
 * the server's own failure), and none hangs.
 */
export async function fuzzHandshakes(world: World, opts: { runs: number; seed: number }): Promise<SocketRun> {
  const run: SocketRun = { byMethod: new Map([['(handshake)', { sent: 0, malformed: 0, answers: {} }]]), findings: [] };
  const tally = run.byMethod.get('(handshake)')!;
  const arb = fc.record({
    who: fc.constantFrom(...world.identities),
    namespace: fc.constantFrom('/live', '/live', '/', '/nope', '/LIVE', '/live/../admin', '/live?x=1'),
  });
  const property = fc.asyncProperty(arb, async ({ who, namespace }) => {
    tally.sent++;
    if (namespace !== '/live' || !who.csrf()) tally.malformed++;
    const opened = await Promise.race([
      openSocket(world.live.url, who.cookie(), namespace, who.name),
      new Promise<{ refused: string }>((resolve) => setTimeout(() => resolve({ refused: 'timeout' }), 15_000)),
    ]);
    const outcome = 'socket' in opened ? 'connected' : opened.refused;
    tally.answers[outcome] = (tally.answers[outcome] ?? 0) + 1;
    if ('socket' in opened) opened.close();
    else if (!['unauthenticated', 'Invalid namespace'].includes(opened.refused)) throw new Error(`refused with "${opened.refused}"`);
  });
  const out = await fc.check(property, { numRuns: opts.runs, seed: opts.seed, endOnFailure: true });
  if (out.failed) run.findings.push(`(handshake) seed ${out.seed}: ${String(out.errorInstance)} — ${JSON.stringify(out.counterexample?.[0] ? { who: out.counterexample[0].who.name, ns: out.counterexample[0].namespace } : null)}`);
  return run;
}
