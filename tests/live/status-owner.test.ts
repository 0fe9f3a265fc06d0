import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { attendanceEvents } from '../../server/attendance/schema.ts';
import { meetings } from '../../server/meetings/schema.ts';
import { signIn, startTestApp, type TestServer } from '../helpers/app.ts';
import { describeEachDb } from '../helpers/db.ts';
import { insertMeeting, siteClients, userIds } from '../helpers/live.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * A live meeting's status has one owner, its live room: ending it over HTTP ends the room the
 * way the chair's button does, and steps that would strand the people in it are refused.
 */
describeEachDb('meeting status while the live room runs', (kind) => {
  let live: TestServer;
  let bodyOf: Record<string, { id: string; bodyId: string }>;
  const { as, closeAll } = siteClients(() => live);
  const statusOf = async (id: string) => (await live.db.select().from(meetings).where(eq(meetings.id, id)))[0]!.status;

  beforeAll(async () => {
    live = await startTestApp({ kind, listen: true, mediaWorkers: 1 });
    bodyOf = await userIds(live.db, ['vp.hatinh', 'xa.thachha']);
  });
  afterEach(closeAll);
  afterAll(() => live?.close());

  it('ends the live room when the meeting is ended over HTTP: peers told, attendance settled', async () => {
    const m = await insertMeeting(live.db, { invitees: [{ bodyId: bodyOf['xa.thachha']!.bodyId }] });
    const chair = await as('vp.hatinh');
    const commune = await as('xa.thachha');
    await chair.join(m.id);
    await commune.join(m.id);
    await eventually(async () => (await statusOf(m.id)) === 'live', 10_000, 'the meeting to go live');
    const told = commune.next('ended');

    const { agent } = await signIn(live.app, 'vp.hatinh');
    const res = await agent.post(`/api/meetings/${m.id}/status`).send({ to: 'ended' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ended' });
    await told;
    expect(live.app.live.get(m.id)).toBeUndefined();
    expect(await statusOf(m.id)).toBe('ended');
    await live.app.presence.writes.idle();
    const leaves = await live.db.select().from(attendanceEvents)
      .where(and(eq(attendanceEvents.meetingId, m.id), eq(attendanceEvents.siteId, bodyOf['xa.thachha']!.bodyId), eq(attendanceEvents.kind, 'leave')));
    expect(leaves).toHaveLength(1);
    expect(await commune.refused('join', { meetingId: m.id, siteSessionId: commune.siteSessionId })).toBe('conflict');
  });

  it('refuses to cancel or postpone a meeting while people are in its live room, and allows it once they left', async () => {
    const m = await insertMeeting(live.db, { invitees: [{ bodyId: bodyOf['xa.thachha']!.bodyId }] });
    const commune = await as('xa.thachha');
    await commune.join(m.id);
    const { agent } = await signIn(live.app, 'vp.hatinh');
    const startsAt = new Date(Date.now() + 7 * 86400_000);
    const local = (d: Date) => d.toISOString().slice(0, 16);
    const postpone = { reason: 'Mất điện tại điểm cầu', startsAt: local(startsAt), endsAt: local(new Date(startsAt.getTime() + 3600_000)), timeZone: 'UTC' };

    const refusedCancel = await agent.post(`/api/meetings/${m.id}/cancel`).send({ reason: 'Trùng lịch' });
    expect(refusedCancel.status).toBe(409);
    expect(refusedCancel.body.error.details).toEqual({ live: true });
    expect((await agent.post(`/api/meetings/${m.id}/postpone`).send(postpone)).status).toBe(409);
    expect(await statusOf(m.id)).toBe('invited');
    // Not its chair: the answer is the same 403 as for any other meeting, the live room not revealed.
    const other = await signIn(live.app, 'xa.canloc');
    expect((await other.agent.post(`/api/meetings/${m.id}/cancel`).send({ reason: 'Trùng lịch' })).status).toBe(403);

    await commune.call('leave', {});
    expect(live.app.live.get(m.id)).toBeUndefined();
    expect((await agent.post(`/api/meetings/${m.id}/cancel`).send({ reason: 'Trùng lịch' })).status).toBe(200);
    expect(await statusOf(m.id)).toBe('cancelled');
  });
});
