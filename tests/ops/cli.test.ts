import fs from 'node:fs';
import path from 'node:path';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { verifyPassword } from '../../server/auth/passwords.ts';
import { users } from '../../server/auth/schema.ts';
import { openDatabase } from '../../server/db/client.ts';
import { bodies } from '../../server/units/schema.ts';
import { describeEachDb } from '../helpers/db.ts';
import { cliDatabase, hopso, tempDir } from '../helpers/cli.ts';

describeEachDb('the hopso command', (kind) => {
  let target: Awaited<ReturnType<typeof cliDatabase>>;
  const open = () => openDatabase(target.url ? { url: target.url, max: 1 } : { dataDir: target.dataDir });

  beforeAll(async () => {
    target = await cliDatabase(kind);
  });
  afterAll(() => target?.drop());

  it('migrate: brings the database up to date and says so; a bad setting stops it with status 2', async () => {
    const ok = await hopso(['migrate'], target.env);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`Database (${kind}) is up to date`);
    const bad = await hopso(['migrate'], { ...target.env, PORT: 'không-phải-số' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('PORT');
  });

  it('create-admin: reads the password twice from stdin, refuses default passwords in production, stores an argon2 hash', async () => {
    const args = ['create-admin', '--username', 'qt.hatinh', '--body', '42:ubnd', '--name', 'Trần Thị Quản Trị', '--email', 'qt@hatinh.gov.vn'];
    const production = { ...target.env, NODE_ENV: 'production' };
    const demo = await hopso(args, production, 'hopso-demo-2026\nhopso-demo-2026\n');
    expect(demo.code).toBe(1);
    expect(demo.stderr).toMatch(/default or guessable/);
    const short = await hopso(args, production, 'Ng4nQu4\nNg4nQu4\n');
    expect(short.code).toBe(1);
    const differ = await hopso(args, production, 'Mưa-rơi-trên-sông-Lam-9\nMua-roi-tren-song-Lam-9\n');
    expect(differ.stderr).toMatch(/differ/);
    expect(await (async () => {
      const db = await open();
      try {
        return (await db.db.select().from(users).where(eq(users.username, 'qt.hatinh'))).length;
      } finally {
        await db.close();
      }
    })()).toBe(0);

    const made = await hopso(args, production, 'Mưa-rơi-trên-sông-Lam-9\nMưa-rơi-trên-sông-Lam-9\n');
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    // The password never reaches the output.
    expect(made.stdout).not.toContain('sông-Lam');
    const db = await open();
    try {
      const [admin] = await db.db.select().from(users).where(eq(users.username, 'qt.hatinh'));
      expect(admin).toMatchObject({ role: 'admin', bodyId: '42:ubnd', fullName: 'Trần Thị Quản Trị', email: 'qt@hatinh.gov.vn', active: true });
      expect(admin!.passwordHash).toMatch(/^\$argon2id\$/);
      expect(await verifyPassword(admin!.passwordHash, 'Mưa-rơi-trên-sông-Lam-9')).toBe(true);
    } finally {
      await db.close();
    }
    const again = await hopso(args, production, 'Mưa-rơi-trên-sông-Lam-9\nMưa-rơi-trên-sông-Lam-9\n');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/taken/);
  });

  it('import-agency-ids: checks every line first, stores nothing when one is wrong, then sets the codes', async () => {
    const dir = tempDir('csv');
    const bad = path.join(dir, 'bad.csv');
    fs.writeFileSync(bad, 'bodyId,organId\n42:ubnd,000.00.00.H49\n42:khong_co,000.00.31.H49\n42:vp_ubnd,not-a-code\n');
    const refused = await hopso(['import-agency-ids', bad], target.env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('unknown body "42:khong_co"');
    expect(refused.stderr).toContain('line 4');
    const read = async () => {
      const db = await open();
      try {
        return Object.fromEntries((await db.db.select({ id: bodies.id, agencyId: bodies.agencyId }).from(bodies).where(inArray(bodies.id, ['42:ubnd', '42:vp_ubnd']))).map((b) => [b.id, b.agencyId]));
      } finally {
        await db.close();
      }
    };
    const before = await read();
    const good = path.join(dir, 'good.csv');
    fs.writeFileSync(good, '\uFEFFbodyId,organId\r\n42:ubnd,000.00.00.H49\r\n# Văn phòng UBND tỉnh\r\n42:vp_ubnd,000.00.01.H49\r\n');
    const done = await hopso(['import-agency-ids', good], target.env);
    expect(done.stderr).toBe('');
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('2 bodies');
    expect(before).not.toEqual({ '42:ubnd': '000.00.00.H49', '42:vp_ubnd': '000.00.01.H49' });
    expect(await read()).toEqual({ '42:ubnd': '000.00.00.H49', '42:vp_ubnd': '000.00.01.H49' });
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
