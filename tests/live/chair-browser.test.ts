import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestApp, type TestServer } from '../helpers/app.ts';
import { createLiveMeeting, launchBrowser, LivePage, signInContext } from '../helpers/browser.ts';
import { describeEachDb } from '../helpers/db.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * The chair's controls from the live page, in real Chromium against the real server and a
 * real mediasoup worker: mute (the producer is paused on the server and the site cannot
 * reopen it), the speaking queue (request, grant with a time limit, revoke, and who may
 * speak meanwhile), roll call, lock, an uninvited site refused, remove, and end.
 * Needs `npx vite build client` and the mediasoup worker (MEDIASOUP_WORKER_BIN).
 */

describeEachDb('chair controls in the live page', (kind) => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let chair: LivePage;
  let thachHa: LivePage;
  let canLoc: LivePage;
  let meetingId: string;
  let sites: Record<string, { bodyId: string; bodyName: string }>;
  const pageErrors: string[] = [];
  const ids = { chair: '', thachHa: '', canLoc: '' };

  const livePeer = (peerId: string) => server.app.live.get(meetingId)?.peers.get(peerId);
  /** The server's own view: is this peer's microphone producer paused? */
  const micPaused = (peerId: string) => {
    const mic = [...(livePeer(peerId)?.localMedia?.producers.values() ?? [])].find((p) => p.appData.source === 'mic');
    return mic ? mic.paused : null;
  };
  const row = (page: LivePage, peerId: string) => page.page.locator(`.people-row[data-peer-id="${peerId}"]`);

  beforeAll(async () => {
    server = await startTestApp({ kind, listen: true, mediaWorkers: 1 });
    // Already started: invited sites go straight in (the lobby is covered by media-browser.test.ts).
    const meeting = await createLiveMeeting(server.app, {
      title: 'Họp điều hành công tác phòng chống bão',
      chair: 'vp.hatinh',
      invited: ['xa.thachha', 'xa.canloc'],
      startsAt: new Date(Date.now() - 5 * 60_000),
    });
    meetingId = meeting.id;
    sites = meeting.sites;
    browser = await launchBrowser({ args: ['--autoplay-policy=no-user-gesture-required'] });
    const open = async (username: string) => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      contexts.push(context);
      await signInContext(context, server.url, username);
      const page = await context.newPage();
      page.on('pageerror', (err) => pageErrors.push(`${username}: ${err.message}`));
      // Confirmations (remove, end) are accepted, as the chair would.
      page.on('dialog', (dialog) => void dialog.accept());
      return new LivePage(page, server.url);
    };
    [chair, thachHa, canLoc] = await Promise.all([open('vp.hatinh'), open('xa.thachha'), open('xa.canloc')]);
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await server?.close();
  });

  test('the chair and two invited communes are in the room', { timeout: 60_000 }, async () => {
    await chair.join(meetingId);
    ids.chair = (await chair.waitForPhase('live')).self!.peerId;
    await thachHa.join(meetingId, { headcount: 12 });
    await canLoc.join(meetingId, { headcount: 7 });
    ids.thachHa = (await thachHa.waitForPhase('live')).self!.peerId;
    ids.canLoc = (await canLoc.waitForPhase('live')).self!.peerId;
    await chair.page.getByText('3 điểm cầu · 19 người dự').waitFor();
    await eventually(() => micPaused(ids.thachHa) === false && micPaused(ids.canLoc) === false, 20_000, 'both microphones open');
  });

  test('the chair mutes a commune: paused on the server, and it cannot reopen its microphone', { timeout: 60_000 }, async () => {
    await row(chair, ids.thachHa).getByRole('button', { name: 'Tắt micrô' }).click();
    await eventually(() => micPaused(ids.thachHa) === true, 10_000, 'mic paused on the server');
    expect(livePeer(ids.thachHa)?.mutedByChair).toBe(true);
    expect(micPaused(ids.canLoc)).toBe(false);

    await thachHa.page.locator('[data-chip="muted"]', { hasText: 'Chủ trì đã tắt micrô của bạn' }).waitFor();
    const micButton = thachHa.page.locator('[data-control="mic"]');
    await eventually(async () => (await micButton.textContent()) === 'Micrô bị chủ trì tắt' && (await micButton.isDisabled()), 10_000, 'mic button locked');
    const own = (await thachHa.state())!.ownProducers.find((p) => p.source === 'mic')!;
    expect(own.paused).toBe(true);
    // Going round the disabled button: the server refuses too.
    const refused = await thachHa.page.evaluate(
      `window.__hopso.session.request('resumeProducer', { producerId: '${own.producerId}' }).then(() => 'resumed', (e) => e.code)`,
    );
    expect(refused).toBe('forbidden');
    expect(micPaused(ids.thachHa)).toBe(true);
    await row(chair, ids.thachHa).getByRole('button', { name: 'Cho bật micrô' }).waitFor();
  });

  test('speaking queue: a request, a grant with a time limit, then the chair takes the floor back', { timeout: 90_000 }, async () => {
    await thachHa.page.getByRole('button', { name: 'Xin phát biểu' }).click();
    await thachHa.page.getByText('Bạn ở vị trí số 1 trong danh sách chờ.').waitFor();
    await thachHa.page.getByRole('button', { name: 'Rút đăng ký phát biểu' }).waitFor();
    const entry = chair.page.locator(`.floor-entry[data-peer-id="${ids.thachHa}"]`);
    await entry.getByText(sites['xa.thachha']!.bodyName).waitFor();
    await canLoc.page.locator('.floor-entry').getByText(sites['xa.thachha']!.bodyName).waitFor();

    await entry.getByRole('button', { name: 'Cho phát biểu' }).click();
    const dialog = chair.page.locator('dialog[data-dialog="grant"]');
    await dialog.getByLabel('Thời gian phát biểu (phút)').fill('2');
    await dialog.getByRole('button', { name: 'Cho phát biểu' }).click();
    await dialog.waitFor({ state: 'detached' });

    // The holder speaks: its microphone, paused by the chair's mute, is reopened by the grant;
    // every other commune is muted while the floor is held.
    await eventually(() => micPaused(ids.thachHa) === false && micPaused(ids.canLoc) === true, 10_000, 'mics follow the floor');
    await thachHa.page.locator('[data-chip="floor"]', { hasText: 'Đang phát biểu' }).waitFor();
    await thachHa.page.getByRole('timer').filter({ hasText: /Còn lại [12]:\d\d/ }).waitFor();
    await canLoc.page.getByRole('timer').filter({ hasText: /Còn lại [12]:\d\d/ }).waitFor();
    await eventually(async () => (await thachHa.page.locator('[data-control="mic"]').textContent()) === 'Tắt micrô', 10_000, 'holder unmuted');
    const canLocMic = canLoc.page.locator('[data-control="mic"]');
    await eventually(async () => (await canLocMic.textContent()) === 'Đang có người phát biểu' && (await canLocMic.isDisabled()), 10_000, 'others wait');
    await chair.page.locator(`.tile.tile--floor[data-peer-id="${ids.thachHa}"]`).waitFor();
    await chair.page.locator(`.floor-holder [data-floor-holder="${ids.thachHa}"]`).waitFor();

    await chair.page.locator('.floor-holder').getByRole('button', { name: 'Kết thúc phát biểu' }).click();
    await eventually(() => micPaused(ids.thachHa) === true, 10_000, 'former holder muted');
    await chair.page.getByText('Chưa có ai được phát biểu.').waitFor();
    await thachHa.page.locator('[data-chip="floor"]').waitFor({ state: 'detached' });

    // With the floor free, a commune the chair did not mute may speak again.
    await eventually(async () => (await canLocMic.isEnabled()) && (await canLocMic.textContent()) === 'Bật micrô', 10_000, 'can unmute');
    await canLocMic.click();
    await eventually(() => micPaused(ids.canLoc) === false, 10_000, 'can loc unmuted on the server');

    const res = await chair.page.context().request.get(`${server.url}/api/meetings/${meetingId}/speakers`);
    const { items } = (await res.json()) as { items: { siteId: string; limitSeconds: number | null; endedBy: string | null }[] };
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ siteId: sites['xa.thachha']!.bodyId, limitSeconds: 120, endedBy: 'chair' });
  });

  test('a site corrects its headcount; at roll call every site confirms and the chair sees the answers', { timeout: 60_000 }, async () => {
    await canLoc.page.getByRole('button', { name: 'Số người dự' }).click();
    const declare = canLoc.page.locator('dialog[data-dialog="headcount"]');
    await declare.getByLabel('Số người dự tại điểm cầu').fill('0');
    await declare.getByRole('button', { name: 'Lưu' }).click();
    await declare.getByText('Vui lòng nhập số nguyên từ 1 đến 10.000.').waitFor();
    await declare.getByLabel('Số người dự tại điểm cầu').fill('6');
    await declare.getByRole('button', { name: 'Lưu' }).click();
    await declare.waitFor({ state: 'detached' });
    await row(chair, ids.canLoc).getByText('6 người').waitFor();
    expect(livePeer(ids.canLoc)?.headcount).toBe(6);

    await chair.page.getByRole('button', { name: 'Điểm danh' }).click();
    for (const [page, count] of [[thachHa, '12'], [canLoc, null]] as const) {
      const card = page.page.locator('[data-roll-call]');
      await card.getByRole('heading', { name: 'Điểm danh' }).waitFor();
      const input = card.getByLabel('Số người dự tại điểm cầu');
      // Prefilled with what the site declared; a site with nothing to correct just confirms.
      if (count === null) expect(await input.inputValue()).toBe('6');
      else await input.fill(count);
      await card.getByRole('button', { name: 'Xác nhận' }).click();
      await card.waitFor({ state: 'hidden' });
    }
    // The chair is not asked: it may give its own site's count beside the progress.
    const progress = chair.page.locator('[data-roll-call]');
    await progress.getByText('Đã xác nhận 2/3 điểm cầu · 18 người').waitFor();
    await progress.getByLabel('Số người tại điểm cầu của bạn').fill('20');
    await progress.getByRole('button', { name: 'Xác nhận' }).click();
    await progress.getByText('Đã xác nhận 3/3 điểm cầu · 38 người').waitFor();
    await row(chair, ids.canLoc).getByText('Đã điểm danh: 6 người').waitFor();
  });

  test('lock shows on every site; an uninvited commune is refused', { timeout: 60_000 }, async () => {
    await chair.page.getByRole('button', { name: 'Khoá phòng' }).click();
    await canLoc.page.locator('[data-chip="locked"]', { hasText: 'Phòng đã khoá' }).waitFor();
    await chair.page.getByRole('button', { name: 'Mở khoá phòng' }).click();
    await canLoc.page.locator('[data-chip="locked"]').waitFor({ state: 'detached' });

    const context = await browser.newContext();
    contexts.push(context);
    await signInContext(context, server.url, 'p.thanhsen');
    const outsider = new LivePage(await context.newPage(), server.url);
    await outsider.join(meetingId);
    const refused = await outsider.waitForPhase('refused');
    expect(refused.message).toContain('không được mời');
    await outsider.page.getByText('Không vào được phòng họp.').waitFor();
    expect([...(server.app.live.get(meetingId)?.peers.values() ?? [])].map((p) => p.user.username).sort()).toEqual(['vp.hatinh', 'xa.canloc', 'xa.thachha']);
  });

  test('the chair removes a site; it cannot come back in this session', { timeout: 60_000 }, async () => {
    await row(chair, ids.canLoc).getByRole('button', { name: 'Mời ra' }).click();
    await canLoc.waitForPhase('removed');
    await canLoc.page.getByText('Chủ trì đã mời điểm cầu ra khỏi phòng họp.').first().waitFor();
    await row(chair, ids.canLoc).waitFor({ state: 'detached' });
    expect(livePeer(ids.canLoc)).toBeUndefined();

    await canLoc.page.getByRole('button', { name: 'Vào lại' }).click();
    await canLoc.join(meetingId);
    const again = await canLoc.waitForPhase('refused');
    expect(again.message).toContain('mời bạn ra');
  });

  test('the chair ends the meeting for everyone', { timeout: 60_000 }, async () => {
    await chair.page.getByRole('button', { name: 'Kết thúc cuộc họp' }).click();
    await thachHa.page.getByRole('heading', { name: 'Cuộc họp đã kết thúc' }).waitFor();
    await thachHa.waitForPhase('ended');
    await eventually(() => !server.app.live.get(meetingId), 10_000, 'live meeting closed');
    type Summary = { meeting: { status: string }; endedAt: string | null; sites: { siteId: string; rollCall: { count: number } | null }[] };
    const read = async () => (await (await chair.page.context().request.get(`${server.url}/api/meetings/${meetingId}/attendance`)).json()) as Summary;
    // The room closes first, then the sites' leaves are stored, then the meeting is marked ended.
    await eventually(async () => (await read()).meeting.status === 'ended', 10_000, 'meeting marked ended');
    const summary = await read();
    expect(summary.endedAt).not.toBeNull();
    expect(summary.sites.find((s) => s.siteId === sites['xa.thachha']!.bodyId)?.rollCall?.count).toBe(12);
    expect(pageErrors).toEqual([]);
  });
});
