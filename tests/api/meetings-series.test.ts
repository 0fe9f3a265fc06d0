import { DateTime } from 'luxon';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addWorkingDays, vietnamDate } from '../../server/calendar/working-days.ts';
import { startTestApp, signIn, type TestApp } from '../helpers/app.ts';
import { describeEachDb } from '../helpers/db.ts';

type Signed = Awaited<ReturnType<typeof signIn>>;
interface Occurrence { id: string; startsAtLocal: string; endsAtLocal: string; title: string; seriesId: string; seriesException: boolean; sequence: number; status: string }

// Fixed dates in 2027 for the calendar facts (drafts may be created for any date); the
// editing test, which issues invitations and edits future occurrences, uses dates from today.
const weekly = {
  kind: 'giao_ban', form: 'truc_tuyen', title: 'Giao ban trực tuyến đầu tuần', chairName: 'Nguyễn Văn An', chairPosition: 'Chủ tịch UBND tỉnh',
  hostRoom: 'Phòng họp trực tuyến UBND tỉnh', agenda: [{ title: 'Tình hình tuần qua' }, { title: 'Nhiệm vụ tuần tới' }],
  invitees: { communesOf: ['42'] }, firstStartsAt: '2027-01-04T07:30', durationMinutes: 90,
  rule: { freq: 'weekly', count: 10 },
};

describeEachDb('recurring briefings (giao ban)', (kind) => {
  let t: TestApp;
  let convener: Signed;
  let commune: Signed;
  beforeAll(async () => {
    t = await startTestApp({ kind });
    convener = await signIn(t.app, 'vp.hatinh');
    commune = await signIn(t.app, 'xa.thachha');
  });
  afterAll(() => t.close());

  it('makes one meeting per weekly occurrence, leaving out Tết', async () => {
    const res = await convener.agent.post('/api/meeting-series').send(weekly).expect(201);
    expect(res.body.series.rrule).toBe('DTSTART;TZID=Asia/Ho_Chi_Minh:20270104T073000\nRRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=MO;COUNT=10');
    // Monday 8 February 2027 is in the Tết holiday.
    expect(res.body.skipped).toEqual(['2027-02-08']);
    const occurrences = res.body.occurrences as Occurrence[];
    expect(occurrences).toHaveLength(9);
    expect(occurrences.map((o) => o.startsAtLocal.slice(0, 10))).toEqual([
      '2027-01-04', '2027-01-11', '2027-01-18', '2027-01-25', '2027-02-01', '2027-02-15', '2027-02-22', '2027-03-01', '2027-03-08',
    ]);
    expect(occurrences.every((o) => o.startsAtLocal.endsWith('T07:30') && o.endsAtLocal.endsWith('T09:00') && o.status === 'draft')).toBe(true);
    expect(new Set(occurrences.map((o) => o.id)).size).toBe(9);
    const one = await convener.agent.get(`/api/meetings/${occurrences[3]!.id}`).expect(200);
    expect(one.body).toMatchObject({ seriesId: res.body.series.id, agenda: [{ title: 'Tình hình tuần qua' }, { title: 'Nhiệm vụ tuần tới' }] });
    const listed = await convener.agent.get('/api/meetings').query({ seriesId: res.body.series.id }).expect(200);
    expect(listed.body.total).toBe(9);
  });

  it('makes monthly briefings on the first Monday, bounded by the end date', async () => {
    const res = await convener.agent.post('/api/meeting-series')
      .send({ ...weekly, title: 'Giao ban tháng', rule: { freq: 'monthly', nth: 1, byWeekday: ['MO'], until: '2027-12-31' } }).expect(201);
    expect(res.body.series.rrule).toContain('BYDAY=+1MO;UNTIL=20271231T235959');
    // 3 May 2027 is the day off for Labour Day falling on a Saturday.
    expect(res.body.skipped).toEqual(['2027-05-03']);
    expect(res.body.occurrences.map((o: Occurrence) => o.startsAtLocal.slice(0, 10))).toEqual([
      '2027-01-04', '2027-02-01', '2027-03-01', '2027-04-05', '2027-06-07', '2027-07-05', '2027-08-02', '2027-09-06', '2027-10-04', '2027-11-01', '2027-12-06',
    ]);
  });

  it('refuses bad rules and people outside the convening side', async () => {
    const before = await convener.agent.post('/api/meeting-series').send({ ...weekly, rule: { freq: 'weekly', until: '2026-12-01' } }).expect(400);
    expect(before.body.error.message).toMatch(/sau lần họp đầu/);
    await convener.agent.post('/api/meeting-series').send({ ...weekly, rule: { freq: 'weekly', count: 53 } }).expect(400);
    await convener.agent.post('/api/meeting-series').send({ ...weekly, rule: { freq: 'daily' } }).expect(400);
    await commune.agent.post('/api/meeting-series').send(weekly).expect(403);
  });

  it('edits one occurrence as an exception, then the series without touching it', async () => {
    const start = addWorkingDays(vietnamDate(new Date()), 10);
    const week = (n: number) => DateTime.fromISO(start).plus({ weeks: n }).toISODate()!;
    const res = await convener.agent.post('/api/meeting-series')
      .send({ ...weekly, title: 'Giao ban chuỗi sửa', firstStartsAt: `${start}T07:30`, skipNonWorkingDays: false }).expect(201);
    const seriesId = res.body.series.id as string;
    expect(res.body.occurrences).toHaveLength(10);
    const [first, second, third] = res.body.occurrences as Occurrence[];
    // The first occurrence goes out: a series edit leaves it as issued (it changes only through the formal change flow).
    await convener.agent.post(`/api/meetings/${first!.id}/invitations/issue`).send({}).expect(200);
    const single = await convener.agent.patch(`/api/meetings/${second!.id}`).send({ title: 'Giao ban (dời sang chiều)', startsAt: `${week(1)}T14:00`, endsAt: `${week(1)}T15:30` }).expect(200);
    expect(single.body).toMatchObject({ seriesException: true, seriesId });

    const edited = await convener.agent.patch(`/api/meeting-series/${seriesId}`)
      .send({ title: 'Giao ban đầu tuần (mới)', startTime: '08:00', durationMinutes: 60, hostRoom: 'Hội trường UBND tỉnh' }).expect(200);
    expect(edited.body).toMatchObject({ updated: 8, issuedLeft: 1 });
    const byId = new Map((edited.body.occurrences as Occurrence[]).map((o) => [o.id, o]));
    expect(byId.get(first!.id)).toMatchObject({ title: 'Giao ban chuỗi sửa', startsAtLocal: `${start}T07:30`, sequence: 0, status: 'invited' });
    expect(byId.get(second!.id)).toMatchObject({ title: 'Giao ban (dời sang chiều)', startsAtLocal: `${week(1)}T14:00`, seriesException: true });
    expect(byId.get(third!.id)).toMatchObject({ title: 'Giao ban đầu tuần (mới)', startsAtLocal: `${week(2)}T08:00`, sequence: 0, seriesException: false });
    expect(edited.body.series.template).toMatchObject({ title: 'Giao ban đầu tuần (mới)', startTime: '08:00', durationMinutes: 60 });

    const told = (await commune.agent.get('/api/notifications').expect(200)).body.items.filter((n: { meetingId: string }) => n.meetingId === first!.id);
    expect(told.map((n: { kind: string }) => n.kind)).toEqual(['invitation']);
    await commune.agent.patch(`/api/meeting-series/${seriesId}`).send({ title: 'x' }).expect(403);
    await convener.agent.patch(`/api/meeting-series/${seriesId}`).send({ startTime: '25:00' }).expect(400);
  });
});
