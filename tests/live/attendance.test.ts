import { asc, eq } from 'drizzle-orm';
import supertest from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { attendanceEvents } from '../../server/attendance/schema.ts';
import { attendanceSummary } from '../../server/attendance/summary.ts';
import { meetings } from '../../server/meetings/schema.ts';
import { sessionCookie, startTestApp, type TestServer } from '../helpers/app.ts';
import { describeEachDb } from '../helpers/db.ts';
import { connectAs, insertMeeting, userIds, type LiveClient } from '../helpers/live.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * Attendance taken from presence in the live room, stored as events: a dropped link that comes
 * back within the grace period is one presence with a gap; headcount and roll call; the
 * summary per invited site (late, left early, absent with the RSVP reason, substitute) and
 * its CSV export.
 */
describeEachDb('attendance from presence', (kind) => {
  let live: TestServer;
  let bodyOf: Record<string, { id: string; bodyId: string }>;
  const clients: LiveClient[] = [];
  const as = async (u: string) => {
    const c = await connectAs(live, u);
    clients.push(c);
    return c;
  };
  let reader: supertest.Agent;

  beforeAll(async () => {
    live = await startTestApp({ kind, listen: true, mediaWorkers: 1, config: { LIVE_RECONNECT_GRACE_SECONDS: 2, ATTENDANCE_LATE_MINUTES: 10 } });
    bodyOf = await userIds(live.db, ['vp.hatinh', 'xa.thachha', 'xa.canloc', 'p.thanhsen']);
    reader = supertest.agent(live.app.server).set('cookie', await sessionCookie(live.app, 'thuky.hatinh'));
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await live?.close();
  });

  const events = async (meetingId: string) =>
    (await live.db.select().from(attendanceEvents).where(eq(attendanceEvents.meetingId, meetingId)).orderBy(asc(attendanceEvents.id)))
      .map((e) => ({ site: e.siteId, kind: e.kind, session: e.sessionId, data: e.data as Record<string, unknown>, at: e.at }));
  const summary = async (meetingId: string) => (await reader.get(`/api/meetings/${meetingId}/attendance`).expect(200)).body;

  it('records one presence with a gap for a site that drops and rejoins, headcount, roll call, leaves and absences', async () => {
    const meeting = await insertMeeting(live.db, {
      startsAt: new Date(Date.now() - 60_000),
      invitees: [
        { bodyId: bodyOf['xa.thachha']!.bodyId },
        { bodyId: bodyOf['xa.canloc']!.bodyId, rsvp: 'substitute', substitute: { name: 'Lê Văn Tám', position: 'Phó Chủ tịch UBND xã', status: 'approved' } },
        { bodyId: bodyOf['p.thanhsen']!.bodyId, rsvp: 'declined', declineReason: 'Trùng lịch tiếp công dân' },
        // Accepted and never came, with no word: absent without a reason.
        { bodyId: '42:so_yt' },
      ],
    });
    const chair = await as('vp.hatinh');
    await chair.join(meeting.id);
    const thachha = await as('xa.thachha');
    // Thạch Hà has no approved substitute: its account cannot claim to be one.
    expect(await thachha.refused('join', { meetingId: meeting.id, siteSessionId: thachha.siteSessionId, asSubstitute: true })).toBe('forbidden');
    await thachha.join(meeting.id, { headcount: 12 });
    const canloc = await as('xa.canloc');

    // The link drops; the same site session comes back on a new connection within the grace period.
    const gone = chair.next('peerLeft');
    thachha.close();
    await gone;
    const again = await as('xa.thachha');
    await again.call('join', { meetingId: meeting.id, siteSessionId: thachha.siteSessionId });

    await chair.call('rollCall:start', {});
    const call = await again.next('rollCall', () => true, { past: true });
    const confirmed = chair.next('rollCallConfirmed');
    await again.call('rollCall:confirm', { rollCallId: call.rollCallId, count: 11 });
    expect(await confirmed).toMatchObject({ count: 11, siteId: bodyOf['xa.thachha']!.bodyId });
    expect(await again.refused('rollCall:confirm', { rollCallId: '00000000-0000-4000-8000-000000000000', count: 3 })).toBe('conflict');

    await canloc.join(meeting.id, { asSubstitute: true });
    await canloc.call('declareHeadcount', { count: 3 });
    await canloc.call('leave', {});

    const sites = await events(meeting.id);
    const thachhaEvents = sites.filter((e) => e.site === bodyOf['xa.thachha']!.bodyId);
    expect(thachhaEvents.map((e) => e.kind)).toEqual(['join', 'headcount', 'reconnect', 'rollcall']);
    expect(new Set(thachhaEvents.map((e) => e.session))).toEqual(new Set([thachha.siteSessionId]));
    expect(thachhaEvents[2]!.data['gapSeconds']).toEqual(expect.any(Number));

    const s = await summary(meeting.id);
    // Vắng có lý do (the apology sent before) and vắng không lý do are counted apart.
    expect(s.totals).toEqual({ invited: 4, joined: 2, late: 0, leftEarly: 1, absentExcused: 1, absent: 1 });
    const byId = Object.fromEntries(s.sites.map((x: { siteId: string }) => [x.siteId, x]));
    expect(byId[bodyOf['xa.thachha']!.bodyId]).toMatchObject({
      status: 'joined', connected: true, reconnections: 1, headcount: 12, rollCall: { count: 11 }, lastLeave: null, substitute: null,
    });
    expect(byId[bodyOf['xa.thachha']!.bodyId].firstJoin).toMatch(/\+07:00$/);
    expect(byId[bodyOf['xa.canloc']!.bodyId]).toMatchObject({
      status: 'left_early', leftEarly: true, connected: false, headcount: 3, substitute: { name: 'Lê Văn Tám', position: 'Phó Chủ tịch UBND xã' },
    });
    expect(byId[bodyOf['p.thanhsen']!.bodyId]).toMatchObject({ status: 'absent_excused', declineReason: 'Trùng lịch tiếp công dân', firstJoin: null, connectedSeconds: 0 });
    expect(byId['42:so_yt']).toMatchObject({ status: 'absent', declineReason: null, firstJoin: null });
    // The convener's own office is listed after the invitees, outside the totals.
    expect(s.sites.at(-1)).toMatchObject({ siteId: '42:vp_ubnd', invited: false, status: 'joined' });
    expect(s.rollCall.id).toBe(call.rollCallId);

    // A drop that does not come back becomes a leave once the grace period is over, dated at the drop.
    const droppedAt = Date.now();
    again.close();
    const leave = await eventually(async () => {
      await live.app.presence.writes.idle();
      return (await events(meeting.id)).find((e) => e.site === bodyOf['xa.thachha']!.bodyId && e.kind === 'leave');
    }, 10_000, 'leave after the grace period');
    expect(leave.data['reason']).toBe('disconnected');
    expect(Math.abs(leave.at.getTime() - droppedAt)).toBeLessThan(1500);

    const csv = await reader.get(`/api/meetings/${meeting.id}/attendance.csv`).expect(200).expect('content-type', /text\/csv; charset=utf-8/);
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.text.slice(1).split('\r\n');
    expect(lines[0]).toContain('Điểm cầu');
    expect(csv.text).toContain('Lê Văn Tám (Phó Chủ tịch UBND xã) dự thay');
    expect(csv.text).toContain('Trùng lịch tiếp công dân');
    expect(lines.find((l) => l.includes('Trùng lịch tiếp công dân'))).toContain('Vắng có lý do');
    expect(lines.find((l) => l.includes('42:so_yt'))).toContain('Vắng không lý do');
    expect(lines).toContain('Tổng số được mời,4');
    expect(lines).toContain('Vắng có lý do,1');
    expect(lines).toContain('Vắng không lý do,1');

    const outsider = supertest.agent(live.app.server).set('cookie', await sessionCookie(live.app, 'admin.hatinh'));
    await outsider.get(`/api/meetings/${meeting.id}/attendance`).expect(200);
    await supertest(live.app.server).get(`/api/meetings/${meeting.id}/attendance`).expect(401);
  });

  it('closes every presence when the chair ends the meeting; sites present at the end did not leave early', async () => {
    const meeting = await insertMeeting(live.db, { startsAt: new Date(Date.now() - 60_000), invitees: [{ bodyId: bodyOf['xa.thachha']!.bodyId }] });
    const chair = await as('vp.hatinh');
    await chair.join(meeting.id);
    const commune = await as('xa.thachha');
    await commune.join(meeting.id);
    const ended = commune.next('ended');
    await chair.call('end', {});
    await ended;
    const [row] = await live.db.select().from(meetings).where(eq(meetings.id, meeting.id));
    expect(row!.status).toBe('ended');
    expect(live.app.live.get(meeting.id)).toBeUndefined();
    const s = await summary(meeting.id);
    expect(s.endedAt).toMatch(/\+07:00$/);
    expect(s.sites[0]).toMatchObject({ status: 'joined', leftEarly: false, connected: false });
    expect((await events(meeting.id)).filter((e) => e.kind === 'leave').map((e) => e.data['reason'])).toEqual(['ended', 'ended']);
    expect(await commune.refused('join', { meetingId: meeting.id, siteSessionId: commune.siteSessionId })).toBe('conflict');
  });

  it('computes late arrivals, overlapping devices and gaps from stored events', async () => {
    const start = new Date('2026-03-02T01:00:00Z'); // 08:00 in Hà Tĩnh
    const meeting = await insertMeeting(live.db, {
      startsAt: start, endsAt: new Date(start.getTime() + 2 * 3600_000),
      invitees: [{ bodyId: bodyOf['xa.thachha']!.bodyId }, { bodyId: bodyOf['xa.canloc']!.bodyId }],
    });
    const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
    const site = (u: string) => bodyOf[u]!.bodyId;
    const rows = [
      // Thạch Hà: two devices overlapping 0–60 and 30–90, then a 10-minute gap in the second: 0–90 minus nothing.
      { siteId: site('xa.thachha'), sessionId: 'tab-a', kind: 'join' as const, at: at(2) },
      { siteId: site('xa.thachha'), sessionId: 'tab-b', kind: 'join' as const, at: at(30) },
      { siteId: site('xa.thachha'), sessionId: 'tab-a', kind: 'leave' as const, at: at(60), data: { reason: 'left' } },
      { siteId: site('xa.thachha'), sessionId: 'tab-b', kind: 'reconnect' as const, at: at(80), data: { awaySince: at(70).toISOString() } },
      { siteId: site('xa.thachha'), sessionId: 'tab-b', kind: 'leave' as const, at: at(120), data: { reason: 'ended' } },
      // Cần Lộc: 25 minutes late, left at 100 of 120 minutes.
      { siteId: site('xa.canloc'), sessionId: 'tab-c', kind: 'join' as const, at: at(25) },
      { siteId: site('xa.canloc'), sessionId: 'tab-c', kind: 'leave' as const, at: at(100), data: { reason: 'left' } },
    ];
    await live.db.insert(attendanceEvents).values(rows.map((r) => ({ meetingId: meeting.id, userId: bodyOf['vp.hatinh']!.id, data: {}, ...r })));
    await live.db.update(meetings).set({ status: 'ended' }).where(eq(meetings.id, meeting.id));
    const [row] = await live.db.select().from(meetings).where(eq(meetings.id, meeting.id));
    const s = await attendanceSummary(live.db, row!, { lateMinutes: 10 });
    const [thachha, canloc] = [site('xa.thachha'), site('xa.canloc')].map((id) => s.sites.find((x) => x.siteId === id)!);
    expect(thachha).toMatchObject({ late: false, leftEarly: false, status: 'joined', reconnections: 1, connectedSeconds: (70 - 2 + 120 - 80) * 60 });
    expect(canloc).toMatchObject({ late: true, leftEarly: true, status: 'late', connectedSeconds: 75 * 60 });
    expect(s.totals).toEqual({ invited: 2, joined: 2, late: 1, leftEarly: 1, absentExcused: 0, absent: 0 });
    const csv = (await reader.get(`/api/meetings/${meeting.id}/attendance.csv`).expect(200)).text;
    expect(csv).toContain('Đến muộn, về sớm');
    expect(csv).toContain('02/03/2026 08:25:00');
  });
});
