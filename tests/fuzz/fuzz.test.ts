import { afterAll, beforeAll, expect, it } from 'vitest';
import { schemas } from '../../server/live/protocol.ts';
import { describeEachDb } from '../helpers/db.ts';
import { handshakeFindings, httpFindings, roomFindings, socketFindings } from './findings.ts';
import { FuzzRoom, openSocket } from './live-room.ts';
import { rows } from '../helpers/sessions.ts';
import { TENANT_PROVINCE } from './fixtures.ts';
import { fuzzHttp, type HttpRun } from './http-fuzz.ts';
import { fuzzHandshakes, fuzzSockets } from './socket-fuzz.ts';
import { discoverOperations, type Operation } from './routes.ts';
import { diffSnapshots, snapshot, type Snapshot } from './snapshot.ts';
import { buildWorld, type World } from './world.ts';

/**
 * Schema-driven fuzzing (issue 8, "Tests that attack"): malformed and random requests to every
 * HTTP route and every /live socket method, signed in and not. Nothing may answer 5xx (on
 * sockets: every call answered, none with `internal`), nothing may go unhandled, the server
 * must still answer afterwards, and the data that existed before must be unchanged.
 *
 * FUZZ_RUNS (default 1,000: the normal suite's short pass) is the number of requests per
 * database; `npm run test:fuzz` sends 17,000 and checks that at least FUZZ_MIN_MALFORMED
 * (10,000) of them were malformed. FUZZ_SEED replays a run; FUZZ_SHRINK=1 shrinks a failing
 * input to a minimal one.
 */
const RUNS = Number(process.env['FUZZ_RUNS'] ?? 1_000);
const MIN_MALFORMED = Number(process.env['FUZZ_MIN_MALFORMED'] ?? 0);
const SEED = Number(process.env['FUZZ_SEED'] ?? Date.now() % 2 ** 31);
const HTTP_SHARE = 0.6;
/** Room for the slowest requests (PDF rendering, argon2 on sign-in) on a busy two-core machine. */
const FUZZ_TIMEOUT = 60_000 + RUNS * 40;

describeEachDb('fuzzing every HTTP route and socket method', (kind) => {
  let world: World;
  let before: Snapshot;
  let operations: Operation[];
  const unhandled: string[] = [];
  const workerDeaths: number[] = [];
  const serverErrors: string[] = [];
  const total = { sent: 0, malformed: 0 };
  const report = (what: string, run: HttpRun, ms: number) => {
    const counted = printReport(kind, what, run, ms);
    total.sent += counted.sent;
    total.malformed += counted.malformed;
  };
  const onRejection = (reason: unknown) => unhandled.push(`unhandledRejection: ${reason instanceof Error ? reason.stack : String(reason)}`);
  const onException = (err: Error) => unhandled.push(`uncaughtException: ${err.stack}`);

  beforeAll(async () => {
    process.on('unhandledRejection', onRejection);
    process.on('uncaughtException', onException);
    world = await buildWorld(kind);
    world.live.app.media?.onWorkerDied((dead) => workerDeaths.push(dead.worker.pid));
    // What fails out of sight of any answer (a queued attendance write, socket authentication) is
    // logged as an error on the app's own logger: the run counts those too.
    const log = world.live.app.log;
    const logError = log.error.bind(log);
    log.error = ((obj: unknown, ...rest: unknown[]) => {
      const err = (obj as { err?: Error } | null)?.err;
      serverErrors.push(`${typeof rest[0] === 'string' ? rest[0] : String(obj)}: ${err?.message ?? ''}`.slice(0, 500));
      return logError(obj as never, ...(rest as []));
    });
    await world.live.app.presence.writes.idle();
    before = await snapshot(world.live.app);
    operations = discoverOperations(world.live.app).operations;
    console.log(`[fuzz ${kind}] seed ${SEED}, ${RUNS} requests`);
  });
  afterAll(async () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
    await world?.close();
  });

  it('finds every route in the router, documented or not', () => {
    const found = discoverOperations(world.live.app);
    expect(found.missingFromRouter).toEqual([]);
    expect(operations.filter((o) => o.documented).length).toBeGreaterThanOrEqual(39);
    console.log(`[fuzz ${kind}] ${operations.length} routes; undocumented, fuzzed without schemas: ${found.undocumentedInRouter.join(', ')}`);
  });

  it('answers each input that once broke it with a 4xx', async () => {
    const answers: string[] = [];
    for (const f of httpFindings) {
      const who = world.identities.find((i) => i.name === f.who)!;
      const cookie = who.cookie();
      const csrf = who.csrf();
      const res = await world.live.app.inject({
        method: f.method, url: f.url, ...(f.payload !== undefined ? { payload: f.payload as object } : {}),
        headers: { ...(cookie ? { cookie } : {}), ...(csrf ? { 'x-csrf-token': csrf } : {}) },
      });
      answers.push(`${f.input} → ${res.statusCode}`);
    }
    expect(answers).toEqual(httpFindings.map((f) => `${f.input} → ${f.status}`));
  });

  it('answers malformed and random HTTP requests without a 5xx', async () => {
    const started = Date.now();
    const run: HttpRun = await fuzzHttp(world.live.app, operations, {
      identities: world.identities, known: world.pools.known, bodyLimit: world.live.app.initialConfig.bodyLimit ?? 1_048_576,
      runsPerRoute: Math.max(5, Math.ceil((RUNS * HTTP_SHARE) / operations.length)), seed: SEED,
      learn: (body, resource) => world.pools.learn(body, resource),
      onSessionCleared: (who) => world.reopen(who),
    });
    report('HTTP', run, Date.now() - started);
    expect(run.findings).toEqual([]);
  }, FUZZ_TIMEOUT);

  it('answers each socket call that once broke it', async () => {
    const opened = await openSocket(world.live.url, world.cookieOf('fuzz.observer'));
    if (!('socket' in opened)) throw new Error(`observer socket refused: ${opened.refused}`);
    const answers: string[] = [];
    for (const f of socketFindings) {
      const ack = await new Promise<{ ok?: true; error?: { code: string } } | null>((resolve) =>
        opened.socket.timeout(5_000).emit(f.method, ...f.args, (err: Error | null, a: { ok?: true; error?: { code: string } }) => resolve(err ? null : a)));
      answers.push(`${f.input} → ${ack ? (ack.ok ? 'ok' : ack.error?.code) : 'no answer'}`);
    }
    opened.close();
    for (const f of handshakeFindings) {
      const attempt = await openSocket(world.live.url, f.cookie);
      if ('socket' in attempt) attempt.close();
      answers.push(`${f.input} → ${'socket' in attempt ? 'connected' : attempt.refused}`);
    }
    expect(answers).toEqual([...socketFindings.map((f) => `${f.input} → ${f.code}`), ...handshakeFindings.map((f) => `${f.input} → ${f.refused}`)]);
  });

  it('answers each call in a live room that once broke it', async () => {
    const room = await FuzzRoom.open(world, world.pools);
    const answers: string[] = [];
    for (const f of roomFindings) {
      const client = room.clients.get(f.client)!;
      const payload = f.payload({ meetingId: room.meetingId, sendTransportId: room.sendTransports.get(f.client) ?? '' });
      const ack = await new Promise<{ ok?: true; error?: { code: string } } | null>((resolve) =>
        client.socket.timeout(5_000).emit(f.method, payload, (err: Error | null, a: { ok?: true; error?: { code: string } }) => resolve(err ? null : a)));
      answers.push(`${f.input} → ${ack ? (ack.ok ? 'ok' : ack.error?.code) : 'no answer'}`);
    }
    room.close();
    expect(answers).toEqual(roomFindings.map((f) => `${f.input} → ${f.code}`));
  });

  it('answers every call of every /live socket method, none with internal, and refuses bad handshakes cleanly', async () => {
    const started = Date.now();
    const socketRuns = RUNS - Math.round(RUNS * HTTP_SHARE);
    const handshakes = Math.max(20, Math.round(socketRuns * 0.03));
    const calls = await fuzzSockets(world, { runs: socketRuns - handshakes, perRoom: 150, seed: SEED });
    const shakes = await fuzzHandshakes(world, { runs: handshakes, seed: SEED });
    const run = { byMethod: new Map([...calls.byMethod, ...shakes.byMethod]), findings: [...calls.findings, ...shakes.findings] };
    report('sockets', { byRoute: new Map([...run.byMethod].map(([m, t]) => [m, { sent: t.sent, malformed: t.malformed, statuses: t.answers }])), findings: run.findings }, Date.now() - started);
    expect(Object.keys(schemas).filter((m) => !run.byMethod.has(m))).toEqual([]);
    expect(run.findings).toEqual([]);
  }, FUZZ_TIMEOUT);

  it(`sent ${RUNS} requests${MIN_MALFORMED ? `, at least ${MIN_MALFORMED} of them malformed` : ''}`, () => {
    console.log(`[fuzz ${kind}] in all: ${total.sent} requests, ${total.malformed} malformed`);
    expect(total.sent).toBeGreaterThanOrEqual(RUNS);
    expect(total.malformed).toBeGreaterThanOrEqual(MIN_MALFORMED);
  });

  it('still answers afterwards', async () => {
    const health = await fetch(`${world.live.url}/health`);
    expect(health.status).toBe(200);
  });

  it('raised nothing unhandled, logged no server error and lost no media worker', () => {
    expect(unhandled).toEqual([]);
    expect(serverErrors).toEqual([]);
    expect(workerDeaths).toEqual([]);
  });

  it('left the existing data unchanged', async () => {
    const { app } = world.live;
    await app.presence.writes.idle();
    const diff = diffSnapshots(before, await snapshot(app), await tenantMarkers(world));
    console.log(`[fuzz ${kind}] tenant rows added by accepted requests: ${JSON.stringify(diff.added)}`);
    expect(diff.changed).toEqual({});
    expect(diff.foreignAdded).toEqual({});
  });
});

/**
 * What the tenant owns: its accounts, the bodies of its province (its admin may create accounts
 * in any of them), the meetings and series those bodies convene, and the documents they issue
 * (a signed copy names only its document), made before or during the run.
 */
async function tenantMarkers(world: World): Promise<string[]> {
  const inProvince = `select id from bodies where unit_code = '${TENANT_PROVINCE}' or unit_code in (select code from units where parent_code = '${TENANT_PROVINCE}')`;
  const found = await rows<{ id: string }>(world.live.app, `${inProvince}
    union select id::text from meetings where convener_body_id in (${inProvince})
    union select id::text from meeting_series where convener_body_id in (${inProvince})
    union select id::text from documents where body_id in (${inProvince})`);
  return [...world.tenant.map((t) => t.id), ...found.map((r) => r.id)];
}

function printReport(kind: string, what: string, run: HttpRun, ms: number): { sent: number; malformed: number } {
  let sent = 0;
  let malformed = 0;
  const lines: string[] = [];
  for (const [route, t] of run.byRoute) {
    sent += t.sent;
    malformed += t.malformed;
    lines.push(`  ${(route.length > 56 ? `${route.slice(0, 50)}…(${route.length})` : route).padEnd(58)} ${String(t.sent).padStart(5)} sent ${String(t.malformed).padStart(5)} malformed  ${JSON.stringify(t.statuses)}`);
  }
  console.log(`[fuzz ${kind}] ${what}: ${sent} requests (${malformed} malformed) in ${(ms / 1000).toFixed(1)} s\n${lines.join('\n')}`);
  return { sent, malformed };
}
