import { eq } from 'drizzle-orm';
import supertest from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashPassword } from '../../server/auth/passwords.ts';
import { users } from '../../server/auth/schema.ts';
import { DEMO_PASSWORD, startTestApp, signIn, type TestApp } from '../helpers/app.ts';
import { describeEachDb } from '../helpers/db.ts';

type Signed = Awaited<ReturnType<typeof signIn>>;

/** Issue 8, authorization 3: a feed token belongs to one account, not to its whole body. */
describeEachDb('calendar feed tokens per account', (kind) => {
  let t: TestApp;
  let chairman: Signed;
  let colleague: Signed;
  beforeAll(async () => {
    t = await startTestApp({ kind });
    chairman = await signIn(t.app, 'xa.thachha');
    await t.db.insert(users).values({
      username: 'vanthu.thachha', passwordHash: await hashPassword(DEMO_PASSWORD), fullName: 'Lý Thị Hoa', position: 'Văn thư',
      bodyId: chairman.user.body.id, role: 'participant',
    });
    colleague = await signIn(t.app, 'vanthu.thachha');
  });
  afterAll(() => t.close());

  const fetchFeed = (url: string) => supertest(t.app.server).get(url);

  it("rotating my token leaves a colleague's subscription of the same body working", async () => {
    const theirs = (await colleague.agent.post('/api/calendar/feed-token').expect(200)).body.url as string;
    const first = (await chairman.agent.post('/api/calendar/feed-token').expect(200)).body.url as string;
    const second = (await chairman.agent.post('/api/calendar/feed-token').expect(200)).body.url as string;
    expect(second).not.toBe(first);
    const old = await fetchFeed(first).expect(404);
    expect(old.body.error).toMatchObject({ code: 'not_found', message: 'Calendar feed not found' });
    await fetchFeed(second).expect(200);
    await fetchFeed(theirs).expect(200);
  });

  it('stops a token once its account is deactivated', async () => {
    const url = (await colleague.agent.post('/api/calendar/feed-token').expect(200)).body.url as string;
    await fetchFeed(url).expect(200);
    await t.db.update(users).set({ active: false }).where(eq(users.username, 'vanthu.thachha'));
    await fetchFeed(url).expect(404);
  });
});
