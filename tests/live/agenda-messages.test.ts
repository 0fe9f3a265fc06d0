import { asc, eq } from 'drizzle-orm';
import supertest from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { agendaRuns, meetingMessages } from '../../server/live/schema.ts';
import { sessionCookie, startTestApp, type TestServer } from '../helpers/app.ts';
import { describeEachDb } from '../helpers/db.ts';
import { insertMeeting, siteClients, userIds } from '../helpers/live.ts';
import { eventually } from '../helpers/wait.ts';

const agenda = ['Tình hình kinh tế - xã hội tháng 5', 'Công tác phòng chống thiên tai', 'Ý kiến các xã'];

/**
 * The agenda in the live room (the chủ trì moves from item to item, each grant of the floor
 * belongs to the item then open, and the openings are stored) and the room's text channel
 * (questions to the chủ trì seen only by the convening side and the asking site, notes to all,
 * both stored, in late joiners' history and in the records route).
 */
describeEachDb('agenda and text channel in the live room', (kind) => {
  let live: TestServer;
  const sites = siteClients(() => live);
  let ids: Record<string, { id: string; bodyId: string }>;
  const invite = () => insertMeeting(live.db, {
    agenda, invitees: [{ bodyId: ids['xa.thachha']!.bodyId }, { bodyId: ids['xa.canloc']!.bodyId }],
  });
  const api = async (username: string) => supertest.agent(live.app.server).set('cookie', await sessionCookie(live.app, username));

  beforeAll(async () => {
    live = await startTestApp({ kind, listen: true, mediaWorkers: 1 });
    ids = await userIds(live.db, ['vp.hatinh', 'xa.thachha', 'xa.canloc']);
  });
  afterEach(() => sites.closeAll());
  afterAll(async () => {
    await live?.close();
  });

  describe('agenda', () => {
    it('lets only the chair move between items; each grant of the floor records the item then open', async () => {
      const meetingId = (await invite()).id;
      const chair = await sites.as('vp.hatinh');
      const thachha = await sites.as('xa.thachha');
      const joined = await chair.join(meetingId);
      expect(joined.agenda).toMatchObject({ currentIndex: null, startedAt: null, items: agenda.map((title) => ({ title })) });
      const site = await thachha.join(meetingId);

      // Before any item is opened, a grant belongs to none.
      await chair.call('floor:grant', { peerId: site.peerId });
      await chair.call('floor:revoke', {});
      expect(await thachha.refused('setAgendaItem', { index: 1 })).toBe('forbidden');
      expect(await chair.refused('setAgendaItem', { index: 3 })).toBe('conflict');
      expect(await chair.refused('setAgendaItem', { index: -1 })).toBe('invalid_input');

      const seen = thachha.next('agenda', (a) => a.currentIndex === 0);
      await chair.call('setAgendaItem', { index: 0 });
      expect(Date.parse((await seen).startedAt!)).toBeLessThanOrEqual(Date.now());
      await chair.call('floor:grant', { peerId: site.peerId });
      const second = thachha.next('agenda', (a) => a.currentIndex === 1);
      // Moving on while the site speaks: its grant stays with the item it began under.
      await chair.call('setAgendaItem', { index: 1 });
      await second;
      await chair.call('floor:revoke', {});
      await chair.call('floor:grant', { peerId: site.peerId });
      await chair.call('floor:revoke', {});

      // Acknowledged means stored: the first item ended when the second began.
      const runs = await live.db.select().from(agendaRuns).where(eq(agendaRuns.meetingId, meetingId)).orderBy(asc(agendaRuns.startedAt));
      expect(runs.map((r) => [r.itemIndex, r.title])).toEqual([[0, agenda[0]], [1, agenda[1]]]);
      expect(runs[0]!.endedAt?.getTime()).toBe(runs[1]!.startedAt.getTime());
      expect(runs[1]!.endedAt).toBeNull();
      expect(runs[0]!.startedBy).toBe(ids['vp.hatinh']!.id);

      const report = await (await api('xa.thachha')).get(`/api/meetings/${meetingId}/speakers`).expect(200);
      expect(report.body.items.map((i: { agendaItem: unknown }) => i.agendaItem)).toEqual([
        null, { index: 0, title: agenda[0] }, { index: 1, title: agenda[1] },
      ]);

      // Everyone leaves; the room reopens on the item still open in the records.
      sites.closeAll();
      await eventually(() => live.app.live.get(meetingId) === undefined, 10_000, 'room forgotten');
      const back = await sites.as('xa.thachha');
      const rejoined = await back.join(meetingId);
      expect(rejoined.agenda).toMatchObject({ currentIndex: 1, startedAt: runs[1]!.startedAt.toISOString() });

      // Ending the meeting ends the open item.
      const chairAgain = await sites.as('vp.hatinh');
      await chairAgain.join(meetingId);
      await chairAgain.call('end', {});
      await eventually(async () => {
        const [open] = await live.db.select().from(agendaRuns).where(eq(agendaRuns.meetingId, meetingId)).orderBy(asc(agendaRuns.startedAt)).offset(1);
        return open?.endedAt ?? null;
      }, 5_000, 'open item ended with the meeting');
    });

    it('gives a site admitted from the lobby the item opened while it waited', async () => {
      const meetingId = (await insertMeeting(live.db, { agenda, invitees: [{ bodyId: ids['xa.canloc']!.bodyId }], startsAt: new Date(Date.now() + 3600_000) })).id;
      const chair = await sites.as('vp.hatinh');
      await chair.join(meetingId);
      const canloc = await sites.as('xa.canloc');
      const waiting = await canloc.join(meetingId);
      expect(waiting.state).toBe('lobby');
      expect(waiting.agenda?.currentIndex).toBeNull();
      expect(waiting.messages).toBeUndefined();
      await chair.call('setAgendaItem', { index: 2 });
      await chair.call('sendMessage', { to: 'all', text: 'Các xã chuẩn bị ý kiến.' });
      const admitted = canloc.next('admitted');
      await chair.call('admit', { peerId: waiting.peerId });
      const { agenda: state, messages } = await admitted;
      expect(state?.currentIndex).toBe(2);
      expect(messages?.map((m) => m.text)).toEqual(['Các xã chuẩn bị ý kiến.']);
    });
  });

  describe('text channel', () => {
    it('delivers a question to the chair side only, a note to everyone, and keeps both for late joiners and the records', async () => {
      const meetingId = (await invite()).id;
      const chair = await sites.as('vp.hatinh');
      const secretary = await sites.as('thuky.hatinh');
      const thachha = await sites.as('xa.thachha');
      const canloc = await sites.as('xa.canloc');
      for (const c of [chair, secretary, thachha, canloc]) await c.join(meetingId);

      const chairSees = chair.next('message', (m) => m.to === 'chair');
      const secretarySees = secretary.next('message', (m) => m.to === 'chair');
      const { message: question } = await thachha.call('sendMessage', { to: 'chair', text: '  Đề nghị cho xã phát biểu về đê điều.  ' });
      expect(question).toMatchObject({ to: 'chair', text: 'Đề nghị cho xã phát biểu về đê điều.', siteId: ids['xa.thachha']!.bodyId, senderName: 'Phạm Văn Đức' });
      expect((await chairSees).id).toBe(question.id);
      expect((await secretarySees).id).toBe(question.id);
      // Can Lộc hears the note sent after the question, and never the question before it.
      const noteSeen = canloc.next('message', (m) => m.to === 'all');
      const { message: note } = await canloc.call('sendMessage', { to: 'all', text: 'Xã Can Lộc đã sẵn sàng.' });
      expect((await noteSeen).id).toBe(note.id);
      await thachha.next('message', (m) => m.id === note.id, { past: true });
      await chair.next('message', (m) => m.id === note.id, { past: true });
      expect(canloc.events.filter((e) => e.name === 'message').map((e) => (e.payload as { id: string }).id)).toEqual([note.id]);

      const stored = await live.db.select().from(meetingMessages).where(eq(meetingMessages.meetingId, meetingId)).orderBy(asc(meetingMessages.at));
      expect(stored.map((m) => [m.to, m.userId, m.siteName])).toEqual([
        ['chair', ids['xa.thachha']!.id, expect.stringContaining('Thạch Hà')], ['all', ids['xa.canloc']!.id, expect.stringContaining('Can Lộc')],
      ]);

      // Late joiners: a second device of each site gets what that site may read.
      const canlocLate = await sites.as('xa.canloc');
      expect((await canlocLate.join(meetingId)).messages?.map((m) => m.id)).toEqual([note.id]);
      const thachhaLate = await sites.as('xa.thachha');
      expect((await thachhaLate.join(meetingId)).messages?.map((m) => m.id)).toEqual([question.id, note.id]);

      // The records: the convening side reads all, an invited site its own and the notes, others nothing.
      const listed = async (username: string) => ((await (await api(username)).get(`/api/meetings/${meetingId}/messages`).expect(200)).body.items as { id: string; at: string }[]);
      expect((await listed('vp.hatinh')).map((m) => m.id)).toEqual([question.id, note.id]);
      expect((await listed('thuky.hatinh')).map((m) => m.id)).toEqual([question.id, note.id]);
      expect((await listed('xa.canloc')).map((m) => m.id)).toEqual([note.id]);
      const own = await listed('xa.thachha');
      expect(own.map((m) => m.id)).toEqual([question.id, note.id]);
      expect(own[0]!.at).toMatch(/\+07:00$/);
      await (await api('p.thanhsen')).get(`/api/meetings/${meetingId}/messages`).expect(403);
      await supertest(live.app.server).get(`/api/meetings/${meetingId}/messages`).expect(401);
      await (await api('vp.hatinh')).get('/api/meetings/nope/messages').expect(400);
    });

    it('refuses empty, overlong and too frequent messages, and sites still in the lobby', async () => {
      const meetingId = (await insertMeeting(live.db, { invitees: [{ bodyId: ids['xa.canloc']!.bodyId }], startsAt: new Date(Date.now() + 3600_000) })).id;
      const chair = await sites.as('vp.hatinh');
      await chair.join(meetingId);
      const canloc = await sites.as('xa.canloc');
      const waiting = await canloc.join(meetingId);
      expect(await canloc.refused('sendMessage', { to: 'all', text: 'Từ phòng chờ' })).toBe('forbidden');
      await chair.call('admit', { peerId: waiting.peerId });
      await canloc.next('admitted', () => true, { past: true });

      expect(await canloc.refused('sendMessage', { to: 'all', text: '   \n ' })).toBe('invalid_input');
      expect(await canloc.refused('sendMessage', { to: 'all', text: 'x'.repeat(1001) })).toBe('invalid_input');
      expect(await canloc.refused('sendMessage', { to: 'everyone', text: 'Xin chào' } as never)).toBe('invalid_input');
      await canloc.call('sendMessage', { to: 'chair', text: 'x'.repeat(1000) });
      // The burst of the method's bucket (five calls, refused ones included), then a refusal.
      expect(await canloc.refused('sendMessage', { to: 'chair', text: 'Câu hỏi thứ sáu' })).toBe('rate_limited');
      const stored = await live.db.select().from(meetingMessages).where(eq(meetingMessages.meetingId, meetingId));
      expect(stored.map((m) => m.text.length)).toEqual([1000]);
    });
  });
});
