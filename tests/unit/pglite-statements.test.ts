import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PgliteStatements } from '../../server/db/pglite-statements.ts';

/** The PGlite client drizzle talks to: named prepared statements instead of PGlite's parse-every-time query. */
let pg: PGlite;
let client: PgliteStatements;
const prepared = async () => (await pg.query<{ name: string }>('select name from pg_prepared_statements order by name')).rows.map((r) => r.name);

beforeAll(async () => {
  pg = await PGlite.create('memory://');
  client = new PgliteStatements(pg, 3);
  await pg.exec(`create table t (id int primary key, label text not null, at timestamptz, tags text[])`);
});
afterAll(() => pg.close());

it('answers like PGlite’s own query, parsing each SQL text once', async () => {
  const insert = 'insert into t (id, label, at, tags) values ($1, $2, $3, $4) returning id';
  await client.query(insert, [1, 'một', new Date('2027-01-12T01:00:00Z'), ['a', 'b']]);
  await client.query(insert, [2, "hai 'trích'", null, []]);
  const select = 'select id, label, at, tags from t where id = any($1) order by id';
  const mine = await client.query(select, [[1, 2]], { rowMode: 'array' });
  const theirs = await pg.query(select, [[1, 2]], { rowMode: 'array' });
  expect(mine.rows).toEqual(theirs.rows);
  expect(mine.rows[1]).toEqual([2, "hai 'trích'", null, []]);
  expect(mine.fields.map((f) => f.name)).toEqual(['id', 'label', 'at', 'tags']);
  expect(await prepared()).toHaveLength(2);
});

it('recovers from an error in one call and keeps serving the next', async () => {
  await expect(client.query('insert into t (id, label) values ($1, $2)', [1, 'trùng'])).rejects.toMatchObject({ code: '23505' });
  await expect(client.query('select * from nowhere')).rejects.toMatchObject({ code: '42P01' });
  expect((await client.query<{ n: number }>('select count(*)::int as n from t')).rows).toEqual([{ n: 2 }]);
});

it('prepares a statement again when its table changed under it', async () => {
  const text = 'select * from t where id = $1';
  expect(Object.keys((await client.query<Record<string, unknown>>(text, [1])).rows[0]!)).toEqual(['id', 'label', 'at', 'tags']);
  await pg.exec('alter table t add column note text');
  expect(Object.keys((await client.query<Record<string, unknown>>(text, [1])).rows[0]!)).toEqual(['id', 'label', 'at', 'tags', 'note']);
});

it('keeps at most its limit of statements, closing the oldest', async () => {
  for (let i = 0; i < 5; i++) await client.query(`select ${i} + $1::int as n`, [1]);
  expect(await prepared()).toHaveLength(3);
  expect((await client.query<{ n: number }>('select 0 + $1::int as n', [42])).rows).toEqual([{ n: 42 }]);
});

it('leaves transactions to PGlite and does not run inside another caller’s', async () => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const tx = client.transaction(async (t) => {
    await t.query('update t set label = $1 where id = 1', ['trong giao dịch']);
    await held;
    await t.rollback();
  });
  // Queued behind the open transaction: it must see the row as it was, not the uncommitted label.
  const read = client.query<{ label: string }>('select label from t where id = $1', [1]);
  release();
  await tx.catch(() => {});
  expect((await read).rows).toEqual([{ label: 'một' }]);
});
