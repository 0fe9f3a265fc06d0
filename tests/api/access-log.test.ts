import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { accessLog } from '../../server/access-log/schema.ts';
import { users } from '../../server/auth/schema.ts';
import type { AccessLogPageView } from '../../server/access-log/schemas.ts';
import { signIn, startTestApp, type TestApp } from '../helpers/app.ts';
import { describeEachDb } from '../helpers/db.ts';

/** Tampering needs the append-only trigger out of the way, as an attacker with the database owner's rights would do. */
async function tamper(t: TestApp, statement: ReturnType<typeof sql>): Promise<void> {
  await t.db.execute(sql`alter table access_log disable trigger user`);
  try {
    await t.db.execute(statement);
  } finally {
    await t.db.execute(sql`alter table access_log enable trigger user`);
  }
}

/** drizzle wraps the database's error; the trigger's message is in its cause. */
async function refused(query: Promise<unknown>): Promise<void> {
  const err = await query.then(() => null, (e: unknown) => e);
  expect(String((err as { cause?: unknown } | null)?.cause ?? err)).toMatch(/append-only/);
}

describeEachDb('access log', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ kind });
    const actor = { id: null, name: 'Công chúng' };
    // Concurrent writers still make one unbroken chain.
    await Promise.all(Array.from({ length: 6 }, (_, i) =>
      t.app.accessLog.record({ actor, action: i % 2 ? 'minutes.read' : 'minutes.change', target: `Biên bản ${i}`, ip: '203.0.113.7', details: { n: i, nested: { b: 1, a: [i] } } })));
  });
  afterAll(() => t?.close());

  it('chains every entry to the one before: 1..n without gaps, intact', async () => {
    const rows = await t.db.select().from(accessLog).orderBy(accessLog.seq);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rows[0]!.prevHash).toBe('0'.repeat(64));
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
    expect(await t.app.accessLog.verifyChain()).toEqual({ intact: true, count: 6, headHash: rows[5]!.hash });
  });

  it('refuses UPDATE, DELETE and TRUNCATE in the database itself', async () => {
    await refused(t.db.execute(sql`update access_log set actor_name = 'x' where seq = 1`));
    await refused(t.db.execute(sql`delete from access_log where seq = 1`));
    await refused(t.db.execute(sql`truncate access_log`));
    expect((await t.app.accessLog.verifyChain()).intact).toBe(true);
  });

  it('detects an altered entry, and is whole again when it is put back', async () => {
    const [row] = await t.db.select().from(accessLog).where(eq(accessLog.seq, 2));
    await tamper(t, sql`update access_log set ip = '198.51.100.1', details = '{"n": 99}'::jsonb where seq = 2`);
    expect(await t.app.accessLog.verifyChain()).toMatchObject({ intact: false, count: 1, brokenAt: { seq: 2, reason: 'altered' } });
    // Put back as it was (jsonb keeps no key order; the canonical JSON does not need one).
    await tamper(t, sql`update access_log set details = ${JSON.stringify(row!.details)}::jsonb, ip = ${row!.ip} where seq = 2`);
    expect((await t.app.accessLog.verifyChain()).intact).toBe(true);
  });

  it('detects a deleted entry, and the admin page says where the chain breaks', async () => {
    await tamper(t, sql`delete from access_log where seq = 4`);
    expect(await t.app.accessLog.verifyChain()).toMatchObject({ intact: false, count: 3, brokenAt: { seq: 4, reason: 'missing' } });
    // Renumbering the rest to hide the gap does not help: the number is part of what is hashed.
    await tamper(t, sql`update access_log set seq = seq - 1 where seq > 4`);
    expect(await t.app.accessLog.verifyChain()).toMatchObject({ intact: false, count: 3, brokenAt: { seq: 4, reason: 'altered' } });

    const { agent } = await signIn(t.app, 'admin.hatinh');
    const res = await agent.get('/api/access-log').query({ limit: 2 });
    expect(res.status).toBe(200);
    const page = res.body as AccessLogPageView;
    expect(page.chain).toMatchObject({ intact: false, brokenAt: { seq: 4 } });
    expect(page.items.map((e) => e.seq)).toEqual([5, 4]);
    expect(page.items[0]!.at).toMatch(/\+07:00$/);
    const older = await agent.get('/api/access-log').query({ before: 4, limit: 50 });
    expect((older.body as AccessLogPageView).items.map((e) => e.seq)).toEqual([3, 2, 1]);
  });

  it('shows an admin what accounts of its unit and below did; a commune admin not the province\'s, nor the public\'s', async () => {
    const province = await signIn(t.app, 'admin.hatinh');
    const idOf = async (username: string) => (await t.db.select({ id: users.id, body_id: users.bodyId }).from(users).where(eq(users.username, username)))[0]!;
    const thachHa = await idOf('xa.thachha');
    await province.agent.post('/api/users').send({
      username: 'admin.thachha', password: 'mat-khau-du-dai', fullName: 'Quản trị xã Thạch Hà', bodyId: thachHa.body_id, role: 'admin',
    }).expect(201);
    const vp = await idOf('vp.hatinh');
    await t.app.accessLog.record({ actor: { id: vp.id, name: 'Văn phòng' }, action: 'minutes.read', target: 'Biên bản tỉnh' });
    await t.app.accessLog.record({ actor: { id: thachHa.id, name: 'Xã Thạch Hà' }, action: 'minutes.read', target: 'Biên bản xã' });

    const targets = async (agent: typeof province.agent) =>
      ((await agent.get('/api/access-log').query({ limit: 100 }).expect(200)).body as AccessLogPageView).items.map((e) => e.target);
    expect(await targets(province.agent)).toEqual(expect.arrayContaining(['Biên bản tỉnh', 'Biên bản xã', 'Biên bản 0']));
    const commune = await signIn(t.app, 'admin.thachha', 'mat-khau-du-dai');
    expect(await targets(commune.agent)).toEqual(['Biên bản xã']);
  });

  it('is for admins only', async () => {
    const { agent } = await signIn(t.app, 'vp.hatinh');
    expect((await agent.get('/api/access-log')).status).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/access-log' })).statusCode).toBe(401);
    await expect(t.app.accessLog.record({ actor: { id: null, name: 'x' }, action: 'Bad Action' })).rejects.toThrow(/Invalid action/);
  });
});
