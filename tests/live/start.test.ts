import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { attendanceEvents } from '../../server/attendance/schema.ts';
import { meetings } from '../../server/meetings/schema.ts';
import { signIn, startTestApp, type TestServer } from '../helpers/app.ts';
import { describeEachDb } from '../helpers/db.ts';
import { insertMeeting, siteClients, userIds } from '../helpers/live.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * Entering the room is not starting the meeting (issue #9): a chair who opens the room days
 * early to test devices leaves the meeting as it was — invited, answerable, postponable — and
 * nothing is counted as attendance until the meeting starts (by the chair, or at its time with
 * the chair present).
 */
describeEachDb('the room before the meeting starts', (kind) => {
  let live: TestServer;
  let bodyOf: Record<string, { id: string; bodyId: string }>;
  const { as, closeAll } = siteClients(() => live);
  const statusOf = async (id: string) => (await live.db.select().from(meetings).where(eq(meetings.id, id)))[0]!.status;
  const eventsOf = async (meetingId: string, kind: 'join' | 'leave') => {
    await live.app.presence.writes.idle(meetingId);
    return live.db.select().from(attendanceEvents).where(and(eq(attendanceEvents.meetingId, meetingId), eq(attendanceEvents.kind, kind)));
  };

  beforeAll(async () => {
    live = await startTestApp({ kind, listen: true, mediaWorkers: 1 });
    bodyOf = await userIds(live.db, ['vp.hatinh', 'xa.thachha']);
  });
  afterEach(closeAll);
  afterAll(() => live?.close());

  it('leaves a meeting invited when its chair opens the room a week early and leaves; RSVP and postponing work after', async () => {
    const startsAt = new Date(Date.now() + 7 * 86400_000);
    const m = await insertMeeting(live.db, { startsAt, invitees: [{ bodyId: bodyOf['xa.thachha']!.bodyId, rsvp: 'pending' }] });
    const chair = await as('vp.hatinh');
    const joined = await chair.join(m.id);
    expect(joined).toMatchObject({ state: 'admitted', started: false, meeting: { status: 'invited' } });
    // The waiting room: devices can be tested, but there is no floor or roll call yet.
    await chair.call('createTransport', { direction: 'send' });
    expect(await chair.refused('rollCall:start', {})).toBe('conflict');
    expect(await chair.refused('floor:grant', { peerId: joined.peerId })).toBe('conflict');
    expect(await statusOf(m.id)).toBe('invited');
    await chair.call('leave', {});
    expect(live.app.live.get(m.id)).toBeUndefined();
    expect(await statusOf(m.id)).toBe('invited');
    expect(await eventsOf(m.id, 'join')).toHaveLength(0);

    const commune = await signIn(live.app, 'xa.thachha');
    expect((await commune.agent.post(`/api/meetings/${m.id}/rsvp`).send({ response: 'accept' })).status).toBe(200);
    const { agent } = await signIn(live.app, 'vp.hatinh');
    const later = new Date(startsAt.getTime() + 86400_000);
    const local = (d: Date) => d.toISOString().slice(0, 16);
    const postpone = { reason: 'Trùng lịch làm việc của Tỉnh ủy', startsAt: local(later), endsAt: local(new Date(later.getTime() + 3600_000)), timeZone: 'UTC' };
    expect((await agent.post(`/api/meetings/${m.id}/postpone`).send(postpone)).status).toBe(200);
    expect(await statusOf(m.id)).toBe('postponed');
  });

  it('starts when the chair says so: both sides hear it, the status becomes live, attendance counts from then', async () => {
    const m = await insertMeeting(live.db, { startsAt: new Date(Date.now() + 3600_000), invitees: [{ bodyId: bodyOf['xa.thachha']!.bodyId }] });
    const chair = await as('vp.hatinh');
    const commune = await as('xa.thachha');
    await chair.join(m.id);
    const early = await commune.join(m.id, { headcount: 7 });
    expect(early).toMatchObject({ state: 'lobby', started: false });
    const admitted = commune.next('admitted');
    await chair.call('admit', { peerId: early.peerId });
    expect(await admitted).toMatchObject({ started: false });
    expect(await commune.refused('floor:request', {})).toBe('conflict');
    expect(await commune.refused('start', {})).toBe('forbidden');
    expect(await eventsOf(m.id, 'join')).toHaveLength(0);

    const heard = [chair.next('started'), commune.next('started')];
    await chair.call('start', {});
    const [byChair, byCommune] = await Promise.all(heard);
    expect(byCommune).toMatchObject({ by: 'Nguyễn Văn Hùng', startedAt: expect.any(String) });
    expect(byChair!.startedAt).toBe(byCommune!.startedAt);
    expect(await statusOf(m.id)).toBe('live');
    // Both attend from the start: the join events are stored before the start is acknowledged.
    const joins = await live.db.select().from(attendanceEvents).where(and(eq(attendanceEvents.meetingId, m.id), eq(attendanceEvents.kind, 'join')));
    expect(joins.map((j) => j.siteId).sort()).toEqual([bodyOf['vp.hatinh']!.bodyId, bodyOf['xa.thachha']!.bodyId].sort());
    expect(await chair.refused('start', {})).toBe('conflict');
    await expect(commune.call('floor:request', {})).resolves.toEqual({});
    // A site that comes in now is counted at once and told the meeting is under way.
    expect((await commune.join(m.id)).started).toBe(true);
  });

  it('starts by itself at its time while the chair is in the room', async () => {
    const m = await insertMeeting(live.db, { startsAt: new Date(Date.now() + 1500), invitees: [{ bodyId: bodyOf['xa.thachha']!.bodyId }] });
    const chair = await as('vp.hatinh');
    expect((await chair.join(m.id)).started).toBe(false);
    const started = chair.next('started');
    expect(await statusOf(m.id)).toBe('invited');
    await started;
    await eventually(async () => (await statusOf(m.id)) === 'live', 10_000, 'the meeting to go live at its time');
  });

  it('leaves the meeting as it was when only sites came and went', async () => {
    const m = await insertMeeting(live.db, { invitees: [{ bodyId: bodyOf['xa.thachha']!.bodyId }] });
    const commune = await as('xa.thachha');
    expect(await commune.join(m.id)).toMatchObject({ state: 'admitted', started: false });
    commune.close();
    await eventually(() => live.app.live.get(m.id) === undefined, 10_000, 'the room to close');
    expect(await statusOf(m.id)).toBe('invited');
    expect(await eventsOf(m.id, 'join')).toHaveLength(0);
  });
});
