import { eq } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { meetings } from '../../server/meetings/schema.ts';
import { startTestApp, type TestServer } from '../helpers/app.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { describeEachDb } from '../helpers/db.ts';
import { connectAs, insertMeeting, joinWithMedia, userIds, type LiveClient } from '../helpers/live.ts';
import { DESK, openAs, overflowX, PHONE, type Person } from '../helpers/pages.ts';

/**
 * The meeting page shows attendance while the meeting runs and after it: per site when it
 * joined and left, minutes present, headcount, roll call, substitute, late or absent with its
 * reason, and the CSV sheet; the secretary also sees the invitee list and the speaker log. It
 * refreshes by itself during the meeting. An invited commune sees only its own row. The sites
 * are real socket.io clients of the live room. Needs `npx vite build client` first.
 */

const SHOTS = '/tmp/shots-screens';

describeEachDb('attendance on the meeting page in Chromium', (kind) => {
  let server: TestServer;
  let browser: Browser;
  const people: Person[] = [];
  const clients: LiveClient[] = [];
  let meetingId = '';
  let bodyOf: Record<string, { id: string; bodyId: string }>;

  beforeAll(async () => {
    server = await startTestApp({ kind, listen: true, mediaWorkers: 1, config: { LOGIN_RATE_LIMIT: 100, ATTENDANCE_LATE_MINUTES: 30 } });
    browser = await launchBrowser();
    bodyOf = await userIds(server.db, ['thuky.hatinh', 'xa.thachha', 'xa.canloc', 'p.thanhsen']);
    const meeting = await insertMeeting(server.db, {
      startsAt: new Date(Date.now() - 60_000),
      title: 'Giao ban trực tuyến phòng chống thiên tai',
      invitees: [
        { bodyId: bodyOf['xa.thachha']!.bodyId },
        { bodyId: bodyOf['xa.canloc']!.bodyId, rsvp: 'substitute', substitute: { name: 'Lê Văn Tám', position: 'Phó Chủ tịch UBND xã', status: 'approved' } },
        { bodyId: bodyOf['p.thanhsen']!.bodyId, rsvp: 'declined', declineReason: 'Trùng lịch tiếp công dân định kỳ' },
      ],
    });
    meetingId = meeting.id;
    await server.db.update(meetings).set({ secretaryUserId: bodyOf['thuky.hatinh']!.id }).where(eq(meetings.id, meetingId));
  }, 120_000);

  afterAll(async () => {
    for (const c of clients) c.close();
    for (const p of people) expect(p.errors).toEqual([]);
    await browser?.close();
    await server?.close();
  });

  const site = async (username: string) => {
    const c = await connectAs(server, username);
    clients.push(c);
    return c;
  };
  const open = async (username: string, size: typeof DESK | typeof PHONE = DESK) => {
    const person = await openAs(browser, server.url, username, size);
    people.push(person);
    return person;
  };

  describe('during and after the meeting', { timeout: 180_000 }, () => {
    test('the secretary watches attendance, invitees and speakers fill in while the meeting runs', async () => {
      const chair = await site('vp.hatinh');
      await chair.join(meetingId);
      const thachHa = await site('xa.thachha');
      const t = await joinWithMedia(thachHa, meetingId, { audio: true });
      await thachHa.call('declareHeadcount', { count: 12 });

      const { page } = await open('thuky.hatinh');
      await page.goto(`${server.url}/#/meetings/${meetingId}`);
      const card = page.locator('.attendance-card[data-live="true"]');
      await card.getByRole('heading', { name: 'Điểm danh các điểm cầu' }).waitFor();
      const row = (username: string) => card.locator(`tr[data-site="${bodyOf[username]!.bodyId}"]`);
      await row('xa.thachha').locator('.att-connected', { hasText: 'Đang trong phòng' }).waitFor();
      expect(await row('xa.thachha').locator('[data-col="status"]').textContent()).toContain('Có mặt');
      expect(await row('xa.thachha').locator('[data-col="headcount"]').textContent()).toBe('12 người');
      expect(await row('p.thanhsen').getAttribute('data-status')).toBe('absent_excused');
      expect(await row('p.thanhsen').locator('[data-col="note"]').textContent()).toBe('Lý do vắng: Trùng lịch tiếp công dân định kỳ');
      expect(await card.locator('[data-total="invited"]').textContent()).toBe('3');
      expect(await card.locator('[data-total="joined"]').textContent()).toBe('1');
      // The secretary is neither convener nor chair, yet sees every site's answer.
      await page.locator('.invitee-table').waitFor();
      await page.locator('.speakers-card').getByText('Chưa có lượt phát biểu nào.').waitFor();

      // The meeting goes on; the page follows without a reload.
      const canLoc = await site('xa.canloc');
      await canLoc.join(meetingId, { asSubstitute: true });
      await chair.call('rollCall:start', {});
      const call = await thachHa.next('rollCall', () => true, { past: true });
      await thachHa.call('rollCall:confirm', { rollCallId: call.rollCallId, count: 11 });
      await thachHa.call('floor:request', {});
      await chair.call('floor:grant', { peerId: t.joined.peerId });
      await chair.call('floor:revoke', {});
      await canLoc.call('leave', {});

      await row('xa.canloc').locator('[data-col="note"]', { hasText: 'Người dự thay: Lê Văn Tám, Phó Chủ tịch UBND xã' }).waitFor({ timeout: 30_000 });
      await row('xa.thachha').locator('[data-col="rollCall"]', { hasText: /^11 người lúc \d{2}:\d{2}$/ }).waitFor({ timeout: 30_000 });
      const spoke = page.locator('.speakers-card .speaker-entry', { hasText: 'Ủy ban nhân dân xã Thạch Hà' });
      await spoke.waitFor({ timeout: 30_000 });
      expect(await spoke.textContent()).toContain('Chủ trì kết thúc');
      expect(await card.locator('[data-total="joined"]').textContent()).toBe('2');
      await page.screenshot({ path: `${SHOTS}/meeting-attendance-1366.png`, fullPage: true });

      const csv = await card.getByRole('link', { name: 'Tải bảng điểm danh (CSV)' }).getAttribute('href');
      expect(csv).toBe(`/api/meetings/${meetingId}/attendance.csv`);
      const sheet = await page.evaluate<{ type: string; text: string }>(`fetch(${JSON.stringify(csv)}).then(async (r) => ({ type: r.headers.get('content-type'), text: await r.text() }))`);
      expect(sheet.type).toContain('text/csv');
      expect(sheet.text).toContain('Lê Văn Tám');
    });

    test('an invited commune sees only its own row, on a phone too, and the record stays after the end', async () => {
      const { page } = await open('xa.thachha', PHONE);
      await page.goto(`${server.url}/#/meetings/${meetingId}`);
      const card = page.locator('.attendance-card');
      await card.getByRole('heading', { name: 'Điểm danh của đơn vị' }).waitFor();
      await card.locator(`tr[data-site="${bodyOf['xa.thachha']!.bodyId}"]`).waitFor();
      expect(await card.locator('tbody tr').count()).toBe(1);
      expect(await card.locator('.att-totals').count()).toBe(0);
      expect(await page.locator('.invitee-table').count()).toBe(0);
      await page.locator('.speakers-card .speaker-entry').first().waitFor();
      expect(await page.locator('.speakers-card .speaker-entry').count()).toBe(1);
      expect(await overflowX(page)).toBeNull();
      await card.screenshot({ path: `${SHOTS}/meeting-attendance-commune-412.png` });
      await page.screenshot({ path: `${SHOTS}/meeting-attendance-412.png`, fullPage: true });

      const chair = clients[0]!;
      await chair.call('end', {});
      await page.reload();
      await page.locator('.attendance-card[data-live="false"]').waitFor();
      await card.locator(`tr[data-site="${bodyOf['xa.thachha']!.bodyId}"] [data-col="left"]`, { hasText: /^\d{2}:\d{2}$/ }).waitFor();
      expect(await card.locator('.att-connected').count()).toBe(0);
    });
  });
});
