import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { attendanceEvents } from '../../server/attendance/schema.ts';
import { methodLimit } from '../../server/live/call-limits.ts';
import { signIn, startTestApp, type TestServer } from '../helpers/app.ts';
import { describeEachDb } from '../helpers/db.ts';
import { AckError, insertMeeting, siteClients, userIds } from '../helpers/live.ts';

/**
 * A site that floods the server with calls gets `rate_limited` acks; its writes stay within its
 * bucket, and the chair and the other sites go on as if nothing happened (real app, real worker).
 */
describeEachDb('live socket flooding', (kind) => {
  let live: TestServer;
  let bodyOf: Record<string, { id: string; bodyId: string }>;
  const { as, closeAll } = siteClients(() => live);
  const outcome = (p: Promise<unknown>) => p.then(() => 'ok', (err: unknown) => (err instanceof AckError ? err.code : String(err)));

  beforeAll(async () => {
    live = await startTestApp({ kind, listen: true, mediaWorkers: 1 });
    bodyOf = await userIds(live.db, ['vp.hatinh', 'xa.thachha', 'xa.canloc']);
  });
  afterEach(closeAll);
  afterAll(() => live?.close());

  it('answers a declareHeadcount flood with rate_limited, writes at most a bucket of rows, and serves everyone else', async () => {
    const m = await insertMeeting(live.db, { invitees: ['xa.thachha', 'xa.canloc'].map((u) => ({ bodyId: bodyOf[u]!.bodyId })) });
    const chair = await as('vp.hatinh');
    const flooder = await as('xa.thachha');
    const other = await as('xa.canloc');
    await chair.join(m.id);
    await flooder.join(m.id);
    const { peerId: otherPeer } = await other.join(m.id);
    const { agent } = await signIn(live.app, 'vp.hatinh');

    const started = performance.now();
    const flood = Array.from({ length: 300 }, (_, i) => outcome(flooder.call('declareHeadcount', { count: i + 1 })));
    // While the flood is in flight: the other site's own calls and the events it causes.
    const otherSeen = chair.next('peerUpdated', (p) => p.peerId === otherPeer && p.headcount === 12);
    const otherCall = other.call('declareHeadcount', { count: 12 });
    const chairCall = chair.call('createTransport', { direction: 'send' });
    const report = agent.get(`/api/meetings/${m.id}/attendance`);
    const results = await Promise.all(flood);
    const elapsedSeconds = (performance.now() - started) / 1000;

    await expect(otherCall).resolves.toEqual({});
    await expect(chairCall).resolves.toMatchObject({ id: expect.any(String) });
    await otherSeen;
    expect((await report).status).toBe(200);

    const ok = results.filter((r) => r === 'ok').length;
    const limit = methodLimit('declareHeadcount');
    const allowed = limit.capacity + Math.ceil(elapsedSeconds * limit.perSecond);
    expect(ok).toBeGreaterThan(0);
    expect(ok).toBeLessThanOrEqual(allowed);
    expect(results.filter((r) => r === 'rate_limited').length).toBe(300 - ok);

    await live.app.presence.writes.idle();
    const rows = await live.db.select().from(attendanceEvents)
      .where(and(eq(attendanceEvents.meetingId, m.id), eq(attendanceEvents.siteId, bodyOf['xa.thachha']!.bodyId), eq(attendanceEvents.kind, 'headcount')));
    expect(rows.length).toBeLessThanOrEqual(allowed);
    expect((await agent.get(`/api/meetings/${m.id}/attendance`)).status).toBe(200);
    // The flooder itself is not cut off: after the flood it still gets answers for other methods.
    await expect(flooder.call('floor:request', {})).resolves.toEqual({});
  });

  it('limits unknown methods and every method of a socket, not only the expensive ones', async () => {
    const flooder = await as('xa.thachha');
    const codes = await Promise.all(Array.from({ length: 100 }, () =>
      new Promise<string>((resolve) => flooder.socket.emit('nonsense', {}, (a: { error: { code: string } }) => resolve(a.error.code)))));
    expect(codes).toContain('not_found');
    expect(codes).toContain('rate_limited');
    const leaves = await Promise.all(Array.from({ length: 100 }, () => outcome(flooder.call('leave', {}))));
    expect(leaves).toContain('rate_limited');
  });
});
