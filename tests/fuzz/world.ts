import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inArray } from 'drizzle-orm';
import { users } from '../../server/auth/schema.ts';
import type { DbKind } from '../../server/db/client.ts';
import { DEMO_PASSWORD } from '../helpers/app.ts';
import { startTestApp, type TestServer } from '../helpers/app.ts';
import { openSession, rows, workingDaysAhead } from '../helpers/sessions.ts';
import { createTenant, seedFixtures, seedTenantMeetings, type FixtureIds, type TenantAccount } from './fixtures.ts';
import type { Identity } from './http-requests.ts';
import type { JsonSchema, KnownValues } from './schema-arbitrary.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Values the fuzzer draws from before inventing its own, by field name (and `uuid` by format). */
export class Pools {
  private readonly byKey = new Map<string, unknown[]>();

  add(keys: string[], values: unknown[]): void {
    for (const key of keys) {
      const pool = this.byKey.get(key) ?? [];
      for (const v of values) if (!pool.includes(v)) pool.push(v);
      // The newest ids are the interesting ones (what the last requests made); old ones stay findable.
      if (pool.length > 60) pool.splice(10, pool.length - 60);
      this.byKey.set(key, pool);
    }
  }

  /**
   * Ids in an answer of a route about `resource` (`id` and `…Id` fields, two levels deep, lists
   * included): an `id` under `${resource}.id`, the others under their field names, UUIDs also
   * under `id` and `uuid`.
   */
  learn(body: unknown, resource: string, depth = 0): void {
    if (depth > 2 || body === null || typeof body !== 'object') return;
    if (Array.isArray(body)) {
      for (const item of body.slice(0, 5)) this.learn(item, resource, depth + 1);
      return;
    }
    for (const [key, value] of Object.entries(body)) {
      if (typeof value === 'string' && (key === 'id' || key.endsWith('Id'))) {
        const uuid = UUID.test(value) ? ['id', 'uuid'] : [];
        // A body's id ("42:ubnd") is no path id: it goes under its field name only.
        this.add(key === 'id' ? (uuid.length ? [`${resource}.id`, ...uuid] : []) : [key, ...uuid], [value]);
      } else this.learn(value, resource, depth + 1);
    }
  }

  clear(keys: string[]): void {
    for (const key of keys) this.byKey.delete(key);
  }

  /** By the most specific key that has values: `meetings.id` (a path parameter after /meetings/), then `id`, then the format. */
  readonly known: KnownValues = (key: string | undefined, schema: JsonSchema) => {
    for (const k of key ? [key, key.slice(key.indexOf('.') + 1)] : []) {
      const values = this.byKey.get(k);
      if (values?.length) return values;
    }
    return schema.format === 'uuid' ? this.byKey.get('uuid') ?? [] : [];
  };
}

interface SessionState {
  userId: string | null;
  cookie: string | null;
  csrf: string | null;
  /** Only the tenant's sessions ever send their own valid CSRF token. */
  sendsOwnCsrf: boolean;
}

export interface World {
  live: TestServer;
  dataDir: string;
  fixtures: FixtureIds;
  tenant: TenantAccount[];
  tenantBodies: string[];
  tenantMeetings: string[];
  identities: Identity[];
  pools: Pools;
  /** A new session for an identity whose session a fuzzed logout ended. */
  reopen(who: string): Promise<void>;
  /**
   * Makes tenant accounts usable again: the fuzzer's own admin may have deactivated one (which
   * ends its sessions) or its sessions may have been cleared; a live room needs them signed in.
   */
  restore(usernames: string[]): Promise<void>;
  /** Session cookies of tenant accounts by username, for sockets. */
  cookieOf(username: string): string;
  close(): Promise<void>;
}

/**
 * The app (listening, one media worker, no reconnect grace so presences settle at once), the
 * Hà Tĩnh fixtures, the Hà Nội fuzz tenant, and who sends requests: nobody, forged and garbage
 * sessions, an inactive account, Hà Tĩnh's demo accounts (never with a valid CSRF token, so
 * their writes stop at CSRF and their reads go deep), and the tenant (with valid CSRF tokens).
 */
export async function buildWorld(kind: DbKind): Promise<World> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hopso-fuzz-'));
  const live = await startTestApp({ kind, listen: true, mediaWorkers: 1, config: { LIVE_RECONNECT_GRACE_SECONDS: 0, DATA_DIR: dataDir } });
  const { app } = live;
  const fixtures = await seedFixtures(live);
  const { accounts: tenant, bodyIds: tenantBodies } = await createTenant(app);

  const sessions = new Map<string, SessionState>();
  const open = async (name: string, userId: string, sendsOwnCsrf: boolean) => {
    const s = await openSession(app, userId);
    const state = { userId, cookie: s.cookie, csrf: s.csrf || null, sendsOwnCsrf };
    // Identities read this object at send time: a reopened session updates it in place.
    const existing = sessions.get(name);
    if (existing) Object.assign(existing, state);
    else sessions.set(name, state);
  };
  const demo = await rows<{ id: string; username: string }>(app, `select id, username from users where username in ('vp.hatinh', 'xa.thachha', 'admin.hatinh')`);
  for (const d of demo) await open(d.username, d.id, false);
  for (const t of tenant) await open(t.username, t.id, true);
  sessions.set('anonymous', { userId: null, cookie: null, csrf: null, sendsOwnCsrf: false });
  sessions.set('forged-session', { userId: null, cookie: `hopso_session=${'A'.repeat(43)}`, csrf: null, sendsOwnCsrf: false });
  sessions.set('garbage-cookie', { userId: null, cookie: `hopso_session=%zz%00%; hopso_csrf=${'x'.repeat(4000)}; =; ;;`, csrf: null, sendsOwnCsrf: false });

  const convener = sessions.get('fuzz.convener')!;
  const tenantMeetings = await seedTenantMeetings(app, { cookie: convener.cookie!, csrf: convener.csrf! }, tenantBodies.slice(2));

  const identities: Identity[] = [...sessions.entries()].map(([name, s]) => ({
    name,
    cookie: () => s.cookie,
    csrf: () => (s.sendsOwnCsrf ? s.csrf : null),
  }));
  const pools = await fillPools(live, fixtures, tenant, tenantBodies, tenantMeetings);
  const reopen = async (who: string) => {
    const s = sessions.get(who);
    if (s?.userId) await open(who, s.userId, s.sendsOwnCsrf);
  };
  return {
    live, dataDir, fixtures, tenant, tenantBodies, tenantMeetings, identities, pools, reopen,
    restore: async (usernames) => {
      await app.db.update(users).set({ active: true }).where(inArray(users.username, usernames));
      for (const username of usernames) await reopen(username);
    },
    cookieOf: (username) => sessions.get(username)!.cookie!,
    close: async () => {
      await live.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function fillPools(live: TestServer, fixtures: FixtureIds, tenant: TenantAccount[], tenantBodies: string[], tenantMeetings: string[]): Promise<Pools> {
  const pools = new Pools();
  const meetings = [...fixtures.meetings, ...tenantMeetings];
  const userIds = [...fixtures.users, ...tenant.map((t) => t.id)];
  pools.add(['meetingId', 'meetings.id', 'id'], meetings);
  pools.add(['files.fileId', 'id'], fixtures.files);
  pools.add(['seriesId', 'meeting-series.id', 'id'], fixtures.series);
  pools.add(['notifications.id', 'id'], fixtures.notifications);
  pools.add(['uuid'], [...meetings, ...fixtures.files, ...fixtures.series, ...fixtures.notifications, ...userIds]);
  pools.add(['chairUserId', 'secretaryUserId'], userIds);
  const communeBodies = await rows<{ id: string }>(live.app, `select id from bodies where unit_code in (select code from units where parent_code = '42') and kind = 'ubnd' order by id limit 3`);
  const bodies = ['42:vp_ubnd', '42:ubnd', '42:so_yt', ...communeBodies.map((b) => b.id), ...tenantBodies, 'TW:vpcp'];
  pools.add(['bodyId', 'convenerBodyId', 'bodies'], bodies);
  const communes = [...communeBodies, ...tenantBodies.slice(2).map((id) => ({ id }))].map((b) => b.id.split(':')[0]!);
  pools.add(['code', 'unit', 'parent', 'unitCode'], ['42', '01', 'TW', ...communes]);
  pools.add(['provinces', 'communesOf'], ['42', '01']);
  pools.add(['communes'], communes);
  pools.add(['feed.token'], fixtures.feedTokens.map((t) => `${t}.ics`));
  pools.add(['invitees.bodyId'], communeBodies.map((b) => b.id));
  pools.add(['username'], ['vp.hatinh', 'xa.thachha', 'fuzz.convener', 'fuzz.xa1', 'fuzz.inactive', 'VP.HATINH', ' vp.hatinh']);
  pools.add(['password'], [DEMO_PASSWORD, 'wrong-password']);
  const times = [5, 8, 12, 20].map((n) => workingDaysAhead(n, '08:00'));
  pools.add(['startsAt', 'firstStartsAt'], times);
  pools.add(['endsAt'], times.map((t) => t.replace('08:00', '10:30')));
  pools.add(['from', 'until'], [workingDaysAhead(0).slice(0, 10)]);
  pools.add(['to'], [workingDaysAhead(25).slice(0, 10)]);
  pools.add(['timeZone'], ['Asia/Ho_Chi_Minh', 'Asia/Bangkok', 'UTC']);
  pools.add(['q'], ['Hà', 'Thạch Hà', 'ubnd', '42']);
  pools.add(['reason', 'urgentReason'], ['Trùng lịch tiếp công dân của tỉnh']);
  return pools;
}
