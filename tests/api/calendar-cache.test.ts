import { eq } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays, vietnamDate } from '../../server/calendar/working-days.ts';
import { dataVersion } from '../../server/db/data-versions.ts';
import { meetingInvitees } from '../../server/invitations/schema.ts';
import { meetings } from '../../server/meetings/schema.ts';
import { bodies } from '../../server/units/schema.ts';
import { sessionCookie, signIn, startTestApp, type TestApp } from '../helpers/app.ts';
import { describeEachDb } from '../helpers/db.ts';

/**
 * The calendar read keeps its answer while the calendar's data version stands
 * (server/db/data-versions.ts, migration 0014). Whatever changes what the calendar shows —
 * through the API, or by SQL from another process (another node, the CLI) — moves the
 * version, and the next read shows the change. Writers never deadlock on the counter.
 */
describeEachDb('calendar answers kept until the data changes', (kind) => {
  let t: TestApp;
  let meetingId: string;
  let communeCookie: string;
  const day = addWorkingDays(vietnamDate(new Date()), 6);
  const month = `/api/calendar?from=${day.slice(0, 8)}01&to=${day.slice(0, 8)}28`;

  beforeAll(async () => {
    t = await startTestApp({ kind });
    const convener = await signIn(t.app, 'vp.hatinh');
    const commune = await signIn(t.app, 'xa.thachha');
    const created = await convener.agent.post('/api/meetings').send({
      kind: 'chuyen_mon', form: 'truc_tuyen', title: 'Họp về phòng chống bão', chairName: 'Nguyễn Văn An',
      startsAt: `${day}T08:00`, endsAt: `${day}T10:00`, invitees: { communes: [commune.user.unit.code] },
    }).expect(201);
    meetingId = created.body.id;
    await convener.agent.post(`/api/meetings/${meetingId}/invitations/issue`).send({}).expect(200);
    communeCookie = await sessionCookie(t.app, 'xa.thachha');
  });
  afterAll(() => t.close());

  async function calendar(cookie = communeCookie) {
    const res = await t.app.inject({ method: 'GET', url: month, headers: { cookie } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ body: { name: string }; items: { id: string; title: string; convenerName: string; rsvp: string | null; status: string }[] }>();
  }
  const item = async () => (await calendar()).items.find((i) => i.id === meetingId)!;

  it('answers a repeated read from memory, the same answer', async () => {
    const first = await calendar();
    const hits = t.app.calendarCache.hits;
    expect(await calendar()).toEqual(first);
    expect(t.app.calendarCache.hits).toBe(hits + 1);
    expect(first.items.map((i) => i.id)).toEqual([meetingId]);
  });

  it("shows the commune's own answer as soon as it is given", async () => {
    expect((await item()).rsvp).toBe('pending');
    const commune = await signIn(t.app, 'xa.thachha');
    await commune.agent.post(`/api/meetings/${meetingId}/rsvp`).send({ response: 'accept' }).expect(200);
    expect((await item()).rsvp).toBe('accepted');
  });

  it('shows a change made by SQL outside this process (another node, the CLI)', async () => {
    await calendar();
    const before = await dataVersion(t.db, 'calendar');
    await t.db.update(meetings).set({ title: 'Họp về phòng chống bão số 5' }).where(eq(meetings.id, meetingId));
    expect(await dataVersion(t.db, 'calendar')).toBe(before + 1);
    expect((await item()).title).toBe('Họp về phòng chống bão số 5');

    await t.db.update(bodies).set({ name: 'Văn phòng UBND tỉnh Hà Tĩnh (tên mới)' }).where(eq(bodies.id, '42:vp_ubnd'));
    expect((await item()).convenerName).toBe('Văn phòng UBND tỉnh Hà Tĩnh (tên mới)');

    await t.db.update(meetingInvitees).set({ rsvp: 'declined', declineReason: 'Trùng lịch' }).where(eq(meetingInvitees.meetingId, meetingId));
    expect((await item()).rsvp).toBe('declined');

    await t.db.delete(meetingInvitees).where(eq(meetingInvitees.meetingId, meetingId));
    expect((await calendar()).items).toEqual([]);
  });

  it('raises the version once per transaction, however many rows it changes', async () => {
    const before = await dataVersion(t.db, 'calendar');
    await t.db.transaction(async (tx) => {
      await tx.update(bodies).set({ agencyId: null }).where(eq(bodies.unitCode, '42'));
      await tx.update(meetings).set({ hostRoom: 'Phòng họp số 2' }).where(eq(meetings.id, meetingId));
    });
    expect(await dataVersion(t.db, 'calendar')).toBe(before + 1);
    // A read-only transaction, or one that changes other tables, leaves it.
    await t.db.transaction(async (tx) => {
      await tx.select().from(meetings);
    });
    expect(await dataVersion(t.db, 'calendar')).toBe(before + 1);
  });

  if (kind === 'postgres') {
    describe('two writers on two connections', () => {
      it('never deadlock on the counter: each takes it only at commit', async () => {
        const url = t.database.url!;
        const a = postgres(url, { max: 1, onnotice: () => {} });
        const b = postgres(url, { max: 1, onnotice: () => {} });
        try {
          const before = await dataVersion(t.db, 'calendar');
          // A changes a body, then B the meeting, then A the same meeting (it waits for B). Were
          // the counter raised at each statement, A would hold it from its first write, B would
          // wait for it holding the meeting's row, and A for that row: a deadlock PostgreSQL
          // breaks by aborting one of them.
          let aWrote!: () => void;
          const aHasWritten = new Promise<void>((resolve) => (aWrote = resolve));
          let aGoOn!: () => void;
          const aMayGoOn = new Promise<void>((resolve) => (aGoOn = resolve));
          const txA = a.begin(async (sql) => {
            await sql`update bodies set agency_id = null where id = '42:vp_ubnd'`;
            aWrote();
            await aMayGoOn;
            await sql`update meetings set host_room = 'A' where id = ${meetingId}`;
          });
          await aHasWritten;
          const txB = b.begin(async (sql) => {
            await sql`update meetings set host_room = 'B' where id = ${meetingId}`;
          });
          setTimeout(aGoOn, 300);
          await Promise.all([txA, txB]);
          expect(await dataVersion(t.db, 'calendar')).toBe(before + 2);
          const [row] = await t.db.select({ hostRoom: meetings.hostRoom }).from(meetings).where(eq(meetings.id, meetingId));
          expect(row!.hostRoom).toBe('A');
        } finally {
          await a.end();
          await b.end();
        }
      });
    });
  }
});
