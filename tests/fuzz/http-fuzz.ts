import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { requestArbitrary, type FuzzRequest, type RequestContext } from './http-requests.ts';
import { resourceOf, type Operation } from './routes.ts';

export interface RouteTally {
  sent: number;
  malformed: number;
  statuses: Record<string, number>;
}

export interface HttpRun {
  byRoute: Map<string, RouteTally>;
  findings: string[];
}

const clip = (text: string, max = 160) => (text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : text);

/** The request in a form a person can read and replay (long values clipped). */
export function describeRequest(req: FuzzRequest): string {
  const payload = req.payload === undefined ? '' : ` body=${clip(JSON.stringify(typeof req.payload === 'string' ? req.payload : `<${req.payload.length} bytes>`))}`;
  const headers = Object.entries(req.headers).filter(([k]) => k !== 'cookie' && k !== 'x-csrf-token').map(([k, v]) => `${k}: ${clip(v, 80)}`);
  return `${req.who} ${req.method} ${clip(req.url)}${headers.length ? ` [${headers.join('; ')}]` : ''}${payload}`;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms: ${what}`)), ms);
    }),
  ]);
}

export interface HttpFuzzOptions extends RequestContext {
  runsPerRoute: number;
  seed: number;
  /** Sees every successful JSON answer, to keep the ids it names for the next requests. */
  learn(body: unknown, resource: string): void;
  /** Called when an answer cleared a session cookie (a logout went through), so the identity can sign in again. */
  onSessionCleared(who: string): Promise<void>;
}

/**
 * Sends `runsPerRoute` generated requests to every operation through `app.inject` and fails
 * a route's property on any 5xx or a request that gets no answer. Every route runs to its
 * end (or its first failure), so one run reports every failing route at once.
 */
export async function fuzzHttp(app: FastifyInstance, operations: Operation[], opts: HttpFuzzOptions): Promise<HttpRun> {
  const run: HttpRun = { byRoute: new Map(), findings: [] };
  for (const [index, op] of operations.entries()) {
    const key = `${op.method} ${op.path}`;
    const tally: RouteTally = { sent: 0, malformed: 0, statuses: {} };
    run.byRoute.set(key, tally);
    const property = fc.asyncProperty(requestArbitrary(op, opts), async (req) => {
      tally.sent++;
      if (req.malformed) tally.malformed++;
      const res = await withTimeout(
        app.inject({ method: req.method as 'GET', url: req.url, headers: req.headers, ...(req.payload !== undefined ? { payload: req.payload } : {}) }),
        30_000, describeRequest(req),
      );
      tally.statuses[res.statusCode] = (tally.statuses[res.statusCode] ?? 0) + 1;
      // FUZZ_TRACE="PATCH /api/meetings/:id" prints what that route was sent and answered.
      if (process.env['FUZZ_TRACE'] && key.includes(process.env['FUZZ_TRACE'])) console.log(`${describeRequest(req)}\n  → ${res.statusCode} ${clip(res.body, 200)}`);
      const cleared = ([] as string[]).concat(res.headers['set-cookie'] ?? []).some((c) => /^hopso_session=;/.test(c));
      if (cleared) await opts.onSessionCleared(req.who);
      if (res.statusCode >= 500) throw new Error(`answered ${res.statusCode}: ${clip(res.body, 300)}`);
      if (res.statusCode < 300 && res.body && String(res.headers['content-type']).startsWith('application/json')) opts.learn(JSON.parse(res.body), resourceOf(op.path));
    });
    const out = await fc.check(property, { numRuns: opts.runsPerRoute, seed: opts.seed + index, endOnFailure: !process.env['FUZZ_SHRINK'] });
    if (out.failed) {
      const req = out.counterexample?.[0];
      const error = out.errorInstance instanceof Error ? out.errorInstance.message : String(out.errorInstance);
      run.findings.push(`${key} (seed ${out.seed}, path ${out.counterexamplePath}): ${error}\n    ${req ? describeRequest(req) : ''}`);
    }
  }
  return run;
}
