import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { createUser } from '../../server/auth/users.ts';
import { addWorkingDays, vietnamDate } from '../../server/calendar/working-days.ts';
import { sessionCookie, signIn, startTestApp, type TestApp } from '../helpers/app.ts';
import { describeEachDb } from '../helpers/db.ts';

/**
 * How many queries a signed-in read runs (docs/performance.md, bench:api): the calendar and a
 * meeting's page are one prepared query each; the calendar first reads its data version
 * (one primary-key query), and a repeated read with nothing changed runs only that. Not timed: a change that adds a query per read
 * fails here. The database's query logger tells the test every query; the app's periodic work
 * (reminder and task ticks, on setInterval) is held still so that a request's queries are the
 * only ones while it runs, and resolving the session (sessions, users, body_delegations:
 * cached, see auth/session-cache.ts) is left out.
 */
const sessionTables = /from "(sessions|users|body_delegations)"/;

describeEachDb('queries per signed-in read', (kind) => {
  let t: TestApp;
  let meetingId: string;
  const day = addWorkingDays(vietnamDate(new Date()), 6);
  const month = `from=${day.slice(0, 8)}01&to=${day.slice(0, 8)}28`;

  const queries: string[] = [];
  beforeAll(async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    t = await startTestApp({ kind, onQuery: (query) => queries.push(query) });
    const convener = await signIn(t.app, 'vp.hatinh');
    const commune = await signIn(t.app, 'xa.thachha');
    const created = await convener.agent.post('/api/meetings').send({
      kind: 'chuyen_mon', form: 'truc_tuyen', title: 'Họp đếm truy vấn', chairName: 'Nguyễn Văn An',
      startsAt: `${day}T08:00`, endsAt: `${day}T10:00`,
      agenda: [{ title: 'Báo cáo', presenter: 'Sở Tài chính', plannedMinutes: 20 }, { title: 'Thảo luận' }],
      invitees: { communes: [commune.user.unit.code] },
    }).expect(201);
    meetingId = created.body.id;
    await convener.agent.post(`/api/meetings/${meetingId}/invitations/issue`).send({}).expect(200);
    await commune.agent.post(`/api/meetings/${meetingId}/rsvp`).send({ response: 'accept' }).expect(200);
    // A central reader, whose scope is every unit (the other calendar statement).
    await createUser(t.db, { username: 'tw.dem', password: 'mat-khau-dem-truy-van', fullName: 'Người đếm', position: 'Chuyên viên', bodyId: 'TW:vpcp', role: 'observer' });
  });
  afterAll(async () => {
    await t.close();
    vi.useRealTimers();
  });

  /** The response and the queries its route ran (session resolution left out). */
  async function read(cookie: string, url: string) {
    const before = queries.length;
    const res = await t.app.inject({ method: 'GET', url, headers: { cookie } });
    expect(res.statusCode, res.body).toBe(200);
    return { body: res.json(), queries: queries.slice(before).filter((q) => !sessionTables.test(q)) };
  }

  const versionRead = /from "data_versions"/;

  it("reads an invited commune's calendar and the meeting's page in one query each, with its answer", async () => {
    const cookie = await sessionCookie(t.app, 'xa.thachha');
    const calendar = await read(cookie, `/api/calendar?${month}`);
    expect(calendar.queries).toHaveLength(2);
    expect(calendar.queries[0]).toMatch(versionRead);
    expect(calendar.body.items).toEqual([expect.objectContaining({ id: meetingId, role: 'invited', rsvp: 'accepted', startsAtLocal: `${day}T08:00` })]);
    const again = await read(cookie, `/api/calendar?${month}`);
    expect(again.queries).toHaveLength(1);
    expect(again.queries[0]).toMatch(versionRead);
    expect(again.body).toEqual(calendar.body);

    const page = await read(cookie, `/api/meetings/${meetingId}`);
    expect(page.queries).toHaveLength(1);
    expect(page.body).toMatchObject({
      id: meetingId, convenerName: 'Văn phòng Ủy ban nhân dân tỉnh Hà Tĩnh',
      rsvpSummary: { total: 1, pending: 0, accepted: 1, declined: 0, substitute: 0 },
      myInvitation: { rsvp: 'accepted', respondedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) },
      permissions: { manage: false, rsvp: true, report: false },
    });
    expect(page.body.agenda.map((a: { position: number; title: string }) => [a.position, a.title])).toEqual([[1, 'Báo cáo'], [2, 'Thảo luận']]);
  });

  it("reads the convener's calendar and page in one query each", async () => {
    const cookie = await sessionCookie(t.app, 'vp.hatinh');
    const calendar = await read(cookie, `/api/calendar?${month}`);
    expect(calendar.queries).toHaveLength(2);
    expect(calendar.body.items).toEqual([expect.objectContaining({ id: meetingId, role: 'convener', rsvp: null })]);
    const page = await read(cookie, `/api/meetings/${meetingId}`);
    expect(page.queries).toHaveLength(1);
    expect(page.body).toMatchObject({ myInvitation: null, permissions: { manage: true, rsvp: false, report: true } });
  });

  it("reads another body's calendar for a central reader in three queries (the body, the version, its meetings)", async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'tw.dem', password: 'mat-khau-dem-truy-van' } });
    const cookie = ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith('hopso_session='))!.split(';')[0]!;
    const calendar = await read(cookie, `/api/calendar?${month}&bodyId=42:vp_ubnd`);
    expect(calendar.queries).toHaveLength(3);
    expect(calendar.body.items).toEqual([expect.objectContaining({ id: meetingId, role: 'convener' })]);
    const page = await read(cookie, `/api/meetings/${meetingId}`);
    expect(page.queries).toHaveLength(1);
    expect(page.body).toMatchObject({ myInvitation: null, permissions: { manage: false, report: true } });
  });
});
