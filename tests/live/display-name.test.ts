import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { attendanceEvents } from '../../server/attendance/schema.ts';
import { startTestApp, type TestServer } from '../helpers/app.ts';
import { describeEachDb } from '../helpers/db.ts';
import { connectAs, insertMeeting, userIds, type LiveClient } from '../helpers/live.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * Issue 8, authorization 4: a commune typing "Bí thư Tỉnh ủy" as its name is shown and
 * recorded as its account; the typed name is only a self-declared label.
 */
describeEachDb('display names in the live room', (kind) => {
  let live: TestServer;
  const clients: LiveClient[] = [];
  beforeAll(async () => {
    live = await startTestApp({ kind, listen: true, mediaWorkers: 1 });
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await live?.close();
  });

  it('shows and records the account, keeping a typed name only as self-declared', async () => {
    const ids = await userIds(live.db, ['vp.hatinh', 'xa.canloc']);
    const meeting = await insertMeeting(live.db, { startsAt: new Date(Date.now() - 60_000), invitees: [{ bodyId: ids['xa.canloc']!.bodyId }] });
    const chair = await connectAs(live, 'vp.hatinh');
    clients.push(chair);
    await chair.join(meeting.id);
    const commune = await connectAs(live, 'xa.canloc');
    clients.push(commune);
    const joined = chair.next('peerJoined', (p) => p.siteId === ids['xa.canloc']!.bodyId);
    const result = await commune.join(meeting.id, { displayName: 'Bí thư Tỉnh ủy' });
    expect(result).toMatchObject({ displayName: 'Hoàng Thị Lan', declaredName: 'Bí thư Tỉnh ủy' });
    expect(await joined).toMatchObject({ displayName: 'Hoàng Thị Lan', declaredName: 'Bí thư Tỉnh ủy' });

    const recorded = await eventually(async () => {
      const rows = await live.db.select().from(attendanceEvents)
        .where(eq(attendanceEvents.meetingId, meeting.id)).orderBy(asc(attendanceEvents.id));
      const arrival = rows.find((r) => r.siteId === ids['xa.canloc']!.bodyId && r.kind === 'join');
      if (!arrival) throw new Error('no join recorded yet');
      return arrival.data as Record<string, unknown>;
    });
    expect(recorded).toMatchObject({ displayName: 'Hoàng Thị Lan', declaredName: 'Bí thư Tỉnh ủy', userName: 'Hoàng Thị Lan' });

    // Typing one's own name declares nothing.
    const again = await connectAs(live, 'xa.canloc');
    clients.push(again);
    const plain = await again.join(meeting.id, { displayName: ' Hoàng Thị Lan ' });
    expect(plain).toMatchObject({ displayName: 'Hoàng Thị Lan', declaredName: null });
  });
});
