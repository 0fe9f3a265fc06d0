import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestApp, type TestServer } from '../helpers/app.ts';
import { createLiveMeeting, launchBrowser, openLivePage, type LivePage, type OpenedPages } from '../helpers/browser.ts';
import { describeEachDb } from '../helpers/db.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * The agenda and the questions channel from the live page, in real Chromium: the chair (at a
 * 1366×768 desk) moves to the second item and a commune (on a 412 px phone) sees it with its
 * running time; the chair's note shows on the phone as unread while the channel is folded, and
 * the commune's question reaches the chair. Screenshots go to /tmp/shots-agenda/.
 * Needs `npx vite build client` and the mediasoup worker.
 */
describeEachDb('agenda and questions in the live page', (kind) => {
  let server: TestServer;
  let browser: Browser;
  const opened: OpenedPages = { contexts: [], errors: [] };
  let chair: LivePage;
  let site: LivePage;
  let meetingId: string;
  /** The page with `selector` in the middle of the screen (clear of the sticky controls), and the element alone. */
  const shot = async (page: LivePage, name: string, selector: string) => {
    await page.page.locator(selector).evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await page.page.screenshot({ path: `/tmp/shots-agenda/${name}-${kind}.png` });
    await page.page.locator(selector).screenshot({ path: `/tmp/shots-agenda/${name}-panel-${kind}.png` });
  };

  beforeAll(async () => {
    server = await startTestApp({ kind, listen: true, mediaWorkers: 1 });
    meetingId = (await createLiveMeeting(server.app, {
      title: 'Giao ban công tác tháng 5',
      chair: 'vp.hatinh',
      invited: ['xa.thachha'],
      startsAt: new Date(Date.now() - 5 * 60_000),
      agenda: [
        { title: 'Báo cáo tình hình kinh tế - xã hội tháng 5', presenter: 'Sở Tài chính', plannedMinutes: 15 },
        { title: 'Công tác phòng, chống thiên tai và tìm kiếm cứu nạn', presenter: 'Sở Nông nghiệp và Môi trường', plannedMinutes: 20 },
        { title: 'Ý kiến các xã, phường', plannedMinutes: 30 },
      ],
    })).id;
    browser = await launchBrowser();
    const open = (username: string, phone: boolean) => openLivePage(browser, server.url, username, phone, opened);
    [chair, site] = await Promise.all([open('vp.hatinh', false), open('xa.thachha', true)]);
  }, 120_000);

  afterAll(async () => {
    for (const context of opened.contexts) await context.close().catch(() => {});
    await browser?.close();
    await server?.close();
  });

  test('the chair moves to item 2 and the commune sees it; a note and a question cross', { timeout: 90_000 }, async () => {
    await chair.join(meetingId);
    await site.join(meetingId);
    await chair.waitForPhase('live');
    await site.waitForPhase('live');
    await site.page.getByText('Chủ trì chưa bắt đầu nội dung nào.').waitFor();
    // Only the chair moves the agenda.
    expect(await site.page.locator('[data-control="agenda-next"]').isVisible()).toBe(false);

    await chair.page.getByRole('button', { name: 'Bắt đầu nội dung 1' }).click();
    await chair.page.locator('.agenda-item--current[data-agenda-index="0"]').waitFor();
    await chair.page.getByRole('button', { name: 'Nội dung tiếp theo ›' }).click();

    // On the phone the open item shows; the whole agenda is a tap away, with the open item marked.
    await site.page.locator('[data-agenda-current="1"]').waitFor();
    expect(await site.page.locator('[data-agenda-current]').textContent()).toBe('2. Công tác phòng, chống thiên tai và tìm kiếm cứu nạn');
    expect(await site.page.locator('.agenda-list').isVisible()).toBe(false);
    await site.page.getByRole('button', { name: 'Xem toàn bộ chương trình (3 nội dung)' }).click();
    const current = site.page.locator('.agenda-item--current');
    expect(await current.getAttribute('data-agenda-index')).toBe('1');
    expect(await current.getAttribute('aria-current')).toBe('step');
    // The item's running time ticks as mm:ss.
    const timer = site.page.locator('[data-agenda-elapsed]');
    const first = await eventually(async () => ((await timer.textContent()) ?? '').match(/^\d\d:\d\d$/)?.[0] ?? null, 5_000, 'elapsed mm:ss');
    await eventually(async () => (await timer.textContent()) !== first, 5_000, 'elapsed ticking');
    expect(server.app.live.get(meetingId)!.agenda.state().currentIndex).toBe(1);

    // On the phone the channel starts folded: the chair's note shows as one unread message.
    const chairText = chair.page.locator('[data-chat-text]');
    await chairText.fill('Đề nghị các xã chuẩn bị số liệu thiệt hại do mưa lũ.');
    await chairText.press('Enter');
    await chair.page.locator('.chat-message[data-message-to="all"]').waitFor();
    const unread = site.page.locator('[data-chat-unread]');
    await expect.poll(() => unread.textContent()).toBe('1 tin mới');
    expect(await site.page.locator('[data-chat-text]').isVisible()).toBe(false);
    await shot(site, 'phone-agenda', '.agenda-panel');
    await shot(site, 'phone-chat-unread', '.chat-panel');

    await site.page.locator('[data-control="chat-toggle"]').click();
    await site.page.getByText('Đề nghị các xã chuẩn bị số liệu thiệt hại do mưa lũ.').waitFor();
    expect(await unread.isVisible()).toBe(false);
    expect(await site.page.locator('[data-chat-to]').inputValue()).toBe('chair');
    await site.page.locator('[data-chat-text]').fill('Xã Thạch Hà xin báo cáo về tuyến đê bị sạt lở.');
    await site.page.getByRole('button', { name: 'Gửi', exact: true }).click();

    const question = chair.page.locator('.chat-message[data-message-to="chair"]');
    await question.waitFor();
    expect(await question.textContent()).toContain('Xã Thạch Hà xin báo cáo về tuyến đê bị sạt lở.');
    expect(await question.textContent()).toContain('Gửi chủ trì');
    await site.page.locator('.chat-message--mine[data-message-to="chair"]').waitFor();

    await chair.page.locator('[data-chat-text]').blur();
    await shot(chair, 'desk-chair-agenda', '.agenda-panel');
    await shot(chair, 'desk-chair-chat', '.chat-panel');
    await shot(site, 'phone-chat-open', '.chat-panel');
    expect(opened.errors).toEqual([]);
  });
});
