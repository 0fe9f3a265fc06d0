import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { meetings } from '../../server/meetings/schema.ts';
import { loggerOptions } from '../../server/lib/logging.ts';
import { createTestDatabase, describeEachDb, type TestDatabase } from '../helpers/db.ts';

/** Logs `err` as the error handler does and answers the line as parsed JSON. */
function logged(err: unknown): { err: Record<string, unknown> & { cause?: Record<string, unknown> } } {
  const lines: string[] = [];
  pino(loggerOptions('error'), { write: (line: string) => void lines.push(line) }).error({ err }, 'unhandled error');
  return JSON.parse(lines[0]!);
}

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  return run().then(() => expect.unreachable('the query should fail'), (err: unknown) => err);
}

describeEachDb('a failed query in the log', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => database?.destroy());

  it('names the database error (SQLSTATE, constraint, table) and never the query parameters', async () => {
    const secret = 'Nguyễn Văn Bí Mật 0912345678';
    const err = await failure(() => database.db.insert(meetings).values({ id: '00000000-0000-4000-8000-000000000001', title: secret } as never));
    const { err: e } = logged(err);
    expect(JSON.stringify(e)).not.toContain('0912345678');
    expect(e.message).toMatch(/^Failed query: insert into "meetings"/);
    expect(e.stack).toMatch(/^\s+at /);
    // A NOT NULL column the insert left out: the database says which, and where.
    expect(e.cause).toMatchObject({ code: '23502', table: 'meetings' });
    expect(String(e.cause?.message)).toContain('violates not-null constraint');
  });

  it('leaves out a value the database quotes in its message', async () => {
    const err = await failure(() => database.db.execute(sql`select ${'0912345678 bí mật'}::int`));
    const { err: e } = logged(err);
    expect(JSON.stringify(e)).not.toContain('0912345678');
    expect(e.cause).toMatchObject({ code: '22P02', message: 'invalid input syntax for type integer: [redacted]' });
  });
});
