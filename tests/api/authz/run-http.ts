import { fillPath } from '../../helpers/routes.ts';
import type { Case, Ctx } from './http-table.ts';
import { expected, may, type MeetingState, type Outcome } from './spec.ts';
import type { AuthzWorld, Identity, Sent } from './world.ts';

/** An answer of Fastify's schema validation (lib/http-errors.ts): the table's request did not fit the route. */
const schemaRefusal = (res: Sent) => res.status === 400 && res.body.includes('Dữ liệu không hợp lệ (');
const denials = new Set([401, 403, 404]);
const PARALLEL = 6;

/**
 * Sends one case of a route as every identity and returns what disagrees with the table, one
 * line per identity. Allowed means anything but 401/403/404 (a 400 or 409 of a valid request
 * the meeting's state cannot take is fine), never a 5xx and never a schema refusal; denied means
 * exactly the status the table names.
 */
export async function runCase(w: AuthzWorld, route: string, c: Case): Promise<string[]> {
  const [method, pattern] = route.split(' ') as [string, string];
  const state: MeetingState = c.meeting ?? 'issued';
  const one = async (who: Identity): Promise<string | null> => {
    const want = expected(c.rule, who, state);
    const allowed = typeof want === 'string';
    let t = state === 'draft' ? w.draft : w.issued;
    let sender = who;
    if (allowed && c.fresh === 'meeting') t = await w.fresh(state);
    if (allowed && c.fresh === 'substitute') t = await w.fresh('substitute');
    if (allowed && c.fresh === 'session') sender = await w.freshSession(who);
    const ctx: Ctx = { w, t, who: sender };
    const params = Object.fromEntries(Object.entries(c.params?.(ctx) ?? { id: t.meetingId, fileId: t.fileId }).map(([k, v]) => [k, encodeURIComponent(v).replace(/%2F/g, '/')]));
    const query = c.query ? `?${new URLSearchParams(c.query(ctx)).toString()}` : '';
    const res = await w.send(sender, method, fillPath(pattern, params) + query, { body: c.body?.(ctx), upload: c.upload });
    const problem = judge(want, res, c, ctx, state);
    return problem && `${who.name}: ${problem}`;
  };
  // A few at a time: PostgreSQL answers in parallel, and sign-ins stay under the server's hashing queue.
  const problems: (string | null)[] = [];
  const queue = [...w.identities];
  await Promise.all(Array.from({ length: PARALLEL }, async () => {
    for (let who = queue.shift(); who; who = queue.shift()) problems.push(await one(who));
  }));
  return problems.filter((p): p is string => p !== null).sort();
}

function judge(want: Outcome, res: Sent, c: Case, ctx: Ctx, state: MeetingState): string | null {
  const said = () => `${res.status} ${res.body.slice(0, 160)}`;
  if (schemaRefusal(res)) return `the table's request does not fit the route's schema: ${said()}`;
  if (res.status >= 500) return `expected ${want}, got ${said()}`;
  if (typeof want === 'number') return res.status === want ? null : `expected ${want}, got ${said()}`;
  if (denials.has(res.status)) return `expected ${want}, got ${said()}`;
  if (res.status >= 300) return null;
  if (c.sites) {
    const problem = checkSites(want, c.sites(res, ctx), ctx);
    if (problem) return problem;
  }
  if (c.meetings) {
    const { w, who } = ctx;
    const shared: Record<MeetingState, string> = { draft: w.draft.meetingId, issued: w.issued.meetingId };
    const listed = c.meetings(res);
    const got = (['draft', 'issued'] as const).filter((s) => listed.includes(shared[s]));
    const readable = (c.among ?? ['draft', 'issued']).filter((s) => may('meeting:read', who, s));
    if (got.join() !== readable.join()) return `lists [${got.join(', ')}] of the shared meetings, expected [${readable.join(', ')}] (${state})`;
  }
  return c.check?.(res, ctx) ?? null;
}

/** 'all rows': both invited communes are there; 'own rows': nothing but the reader's own body (and it, when it was invited). */
function checkSites(want: Outcome, sites: string[], { w, who }: { w: AuthzWorld; who: Identity }): string | null {
  const invited = [w.bodies.invited, w.bodies.invitedToo];
  if (want === 'all rows') {
    return invited.every((b) => sites.includes(b)) ? null : `expected every site's rows, got [${sites.join(', ')}]`;
  }
  if (want === 'own rows') {
    const foreign = sites.filter((s) => s !== who.bodyId);
    if (foreign.length > 0) return `expected only its own body's rows, also got [${foreign.join(', ')}]`;
    if (invited.includes(who.bodyId!) && !sites.includes(who.bodyId!)) return `expected its own body's rows, got none`;
  }
  return null;
}
