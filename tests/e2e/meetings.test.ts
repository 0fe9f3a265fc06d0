import { DateTime } from 'luxon';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addWorkingDays } from '../../server/calendar/working-days.ts';
import { startTestApp, type TestServer } from '../helpers/app.ts';
import { launchBrowser, signInContext } from '../helpers/browser.ts';
import { describeEachDb } from '../helpers/db.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * The meetings UI in a real Chromium against the real server (PGlite, demo data, the built
 * client): the convener vp.hatinh creates a meeting inviting every commune of Hà Tĩnh
 * (the live preview says 69), saves and issues it; the Giấy mời number shows and its PDF
 * is served; Thạch Hà, watching its notifications, sees the invitation arrive over
 * socket.io, accepts it, and the convener's invitee list shows the answer. Also: the
 * 3-working-day refusal and the urgent route, the calendar views, and the /meetings/<id>
 * address used by calendar files. Needs `npx vite build client` first.
 */

const VN = 'Asia/Ho_Chi_Minh';
const TITLE = 'Giao ban trực tuyến quý I với các xã, phường';

describeEachDb('meetings in Chromium', (kind) => {
  let server: TestServer;
  let browser: Browser;
  let convener: { context: BrowserContext; page: Page; csrf: string };
  let commune: { context: BrowserContext; page: Page; bodyId: string };
  const pageErrors: string[] = [];
  const state: { meetingId?: string; number?: string; startDate?: string } = {};

  async function openContext(username: string) {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'vi-VN', timezoneId: 'UTC' });
    const login = await signInContext(context, server.url, username);
    const page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(`${username}: ${err.message}`));
    return { context, page, login };
  }

  beforeAll(async () => {
    server = await startTestApp({ kind, listen: true });
    browser = await launchBrowser();
    const c = await openContext('vp.hatinh');
    convener = { context: c.context, page: c.page, csrf: c.login.csrfToken };
    const x = await openContext('xa.thachha');
    commune = { context: x.context, page: x.page, bodyId: x.login.user.body.id };
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  describe('convener and commune', { timeout: 180_000 }, () => {
    test('the convener creates a meeting for all communes of Hà Tĩnh with a live count of 69', async () => {
      const page = convener.page;
      await page.goto(`${server.url}/#/meetings`);
      await page.getByRole('heading', { name: 'Lịch họp' }).waitFor();
      await page.getByRole('link', { name: 'Tạo cuộc họp' }).click();
      await page.getByRole('heading', { name: 'Tạo cuộc họp' }).waitFor();

      // Five working days ahead: past the 3-working-day rule whatever holidays lie between.
      const today = DateTime.now().setZone(VN).toISODate()!;
      state.startDate = addWorkingDays(today, 5);
      await page.getByLabel('Tên cuộc họp').fill(TITLE);
      await page.getByLabel('Loại cuộc họp').selectOption('giao_ban');
      await page.getByLabel('Trực tuyến', { exact: true }).check();
      await page.getByLabel('Địa điểm, điểm cầu chính').fill('Phòng họp trực tuyến, trụ sở UBND tỉnh Hà Tĩnh');
      await page.getByLabel(/^Chủ trì/).fill('Trần Báu Hà');
      await page.getByLabel('Chức vụ người chủ trì').fill('Phó Chủ tịch UBND tỉnh');
      // Typed as people here write dates: dd/mm/yyyy.
      const dmy = DateTime.fromISO(state.startDate).toFormat('dd/MM/yyyy');
      await page.getByLabel('Ngày bắt đầu').fill(dmy);
      await page.getByLabel('Giờ bắt đầu').fill('08:00');
      await page.getByLabel('Ngày kết thúc').fill(dmy);
      await page.getByLabel('Giờ kết thúc').fill('11:00');

      // Three agenda items, then the last one moved to the top.
      const items = [['Báo cáo kết quả quý I', 'Văn phòng UBND tỉnh', '30'], ['Ý kiến các xã, phường', '', '90'], ['Phát biểu khai mạc', 'Chủ trì', '10']];
      for (const [i, [title, presenter, minutes]] of items.entries()) {
        await page.getByRole('button', { name: 'Thêm nội dung' }).click();
        await page.getByLabel('Nội dung', { exact: true }).nth(i).fill(title!);
        await page.getByLabel('Người trình bày').nth(i).fill(presenter!);
        await page.getByLabel('Số phút').nth(i).fill(minutes!);
      }
      await page.getByRole('button', { name: 'Chuyển nội dung 3 lên trên' }).click();
      await page.getByRole('button', { name: 'Chuyển nội dung 2 lên trên' }).click();
      expect(await page.getByLabel('Nội dung', { exact: true }).first().inputValue()).toBe('Phát biểu khai mạc');
      await page.getByText('Tổng thời lượng dự kiến: 130 phút').waitFor();

      const count = page.locator('[data-testid="invitee-count"]');
      expect(await count.textContent()).toBe('Chưa chọn thành phần mời.');
      await page.getByLabel('Tất cả xã, phường thuộc tỉnh Hà Tĩnh').check();
      await page.locator('[data-testid="invitee-count"][data-count="69"]').waitFor();
      expect(await count.textContent()).toBe('69 cơ quan');
      await page.locator('.preview-breakdown', { hasText: 'Tỉnh Hà Tĩnh' }).waitFor();

      // The diacritics-insensitive search of the tree adds Phường Thành Sen: still 69 (deduplicated).
      await page.getByLabel('Tìm đơn vị').fill('thanh sen');
      // The count already reads 69, so wait for the recount this choice triggers (debounced), not for the number.
      const [recount] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/invitations/preview')),
        page.locator('.unit-results li', { hasText: 'Phường Thành Sen' }).first().getByRole('checkbox').check(),
      ]);
      expect(((await recount.json()) as { total: number }).total).toBe(69);
      await page.locator('.unit-chip', { hasText: 'Phường Thành Sen' }).waitFor();
      await page.locator('.invitee-preview:not([aria-busy]) [data-testid="invitee-count"][data-count="69"]').waitFor();

      await page.getByLabel('Đề nghị các đại biểu chuẩn bị').fill('Báo cáo kết quả thực hiện nhiệm vụ quý I của xã, phường.');
      await page.screenshot({ path: '/tmp/hopso-meeting-create.png', fullPage: true });
      await page.locator('section.card', { has: page.getByRole('heading', { name: 'Thành phần mời' }) }).screenshot({ path: '/tmp/hopso-tier-picker.png' });

      const [created] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/meetings') && r.request().method() === 'POST'),
        page.getByRole('button', { name: 'Lưu dự thảo' }).click(),
      ]);
      expect(created.status()).toBe(201);
      const meeting = (await created.json()) as { id: string; startsAt: string; agenda: { title: string }[]; invitees: unknown };
      state.meetingId = meeting.id;
      // 08:00 in Vietnam is 01:00 UTC, although this browser runs in UTC.
      expect(meeting.startsAt).toBe(`${state.startDate}T01:00:00.000Z`);
      expect(meeting.agenda.map((a) => a.title)).toEqual(['Phát biểu khai mạc', 'Báo cáo kết quả quý I', 'Ý kiến các xã, phường']);
      expect(meeting.invitees).toEqual({ communesOf: ['42'], communes: [expect.stringMatching(/^\d{5}$/)] });

      await page.waitForURL(new RegExp(`#/meetings/${meeting.id}$`));
      await page.getByText('Đã lưu dự thảo cuộc họp.').waitFor();
      await page.getByRole('heading', { name: TITLE }).waitFor();
      await page.locator('.status-badge', { hasText: 'Nháp' }).first().waitFor();
    });

    test('issuing numbers the Giấy mời, serves its PDF, and Thạch Hà sees it arrive live', async () => {
      const page = convener.page;
      // Thạch Hà watches its notifications before anything is sent.
      await commune.page.goto(`${server.url}/#/notifications`);
      await commune.page.getByRole('heading', { name: 'Thông báo' }).waitFor();
      await commune.page.getByText('Chưa có thông báo nào.').waitFor();
      await commune.page.locator('.notifications-page[data-live="connected"]').waitFor();

      await page.locator('.invitee-preview [data-count="69"]').waitFor();
      const [issued] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/invitations/issue')),
        page.locator('button[data-action="issue"]').click(),
      ]);
      expect(issued.status()).toBe(200);
      const { number, invited } = (await issued.json()) as { number: string; invited: number };
      expect(invited).toBe(69);
      expect(number).toMatch(/^01\/GM-[A-ZĐ]+/);
      state.number = number;

      await page.getByText(`Đã phát hành giấy mời số ${number} đến 69 cơ quan.`).waitFor();
      expect(await page.locator('[data-testid="invitation-number"]').textContent()).toBe(`Số: ${number}`);
      await page.locator('.meeting-badges .status-badge', { hasText: 'Đã mời' }).waitFor();
      await page.getByRole('link', { name: 'Vào phòng họp' }).waitFor();
      expect(await page.getByRole('link', { name: 'Vào phòng họp' }).getAttribute('href')).toBe(`#/live/${state.meetingId}`);

      const pdfHref = await page.locator('a[data-link="pdf"]').getAttribute('href');
      expect(pdfHref).toBe(`/api/meetings/${state.meetingId}/invitation.pdf`);
      const pdf = await page.evaluate<{ status: number; type: string; head: string }>(`fetch(${JSON.stringify(pdfHref)}).then(async (r) => ({
        status: r.status, type: r.headers.get('content-type'), head: new TextDecoder().decode((await r.arrayBuffer()).slice(0, 5)) }))`);
      expect(pdf).toEqual({ status: 200, type: 'application/pdf', head: '%PDF-' });
      const ics = await page.evaluate<{ type: string; text: string }>(`fetch('/api/meetings/${state.meetingId}/invitation.ics').then(async (r) => ({ type: r.headers.get('content-type'), text: await r.text() }))`);
      expect(ics.type).toContain('text/calendar');
      expect(ics.text).toContain('BEGIN:VEVENT');
      expect(await page.locator('iframe.invitation-frame').getAttribute('src')).toBe(pdfHref);

      await page.locator('.tally--all .tally-n', { hasText: '69' }).waitFor();
      await page.locator('.tally--pending .tally-n', { hasText: '69' }).waitFor();
      await page.screenshot({ path: '/tmp/hopso-meeting-issued.png', fullPage: true });
      await page.screenshot({ path: '/tmp/hopso-meeting-issued-top.png' });

      // Pushed over socket.io: no reload on the commune's side.
      const arrived = commune.page.locator('.notif', { hasText: `Giấy mời số ${number}` });
      await arrived.waitFor();
      expect(await arrived.getAttribute('class')).toContain('notif--unread');
      const badge = commune.page.locator('.nav-badge');
      await eventually(async () => (await badge.isVisible()) && (await badge.textContent())?.startsWith('1'), 10_000, 'badge 1');
      await commune.page.getByText('1 chưa đọc').waitFor();
      await commune.page.screenshot({ path: '/tmp/hopso-notifications.png', fullPage: true });
    });

    test('Thạch Hà accepts on its invitations page and the convener sees the answer', async () => {
      const page = commune.page;
      await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Giấy mời' }).click();
      await page.getByRole('heading', { name: 'Giấy mời họp' }).waitFor();
      const item = page.locator(`article[data-meeting="${state.meetingId}"]`);
      await item.waitFor();
      await page.getByRole('heading', { name: 'Chờ trả lời (1)' }).waitFor();
      await item.getByText(`Số: ${state.number}`).waitFor();
      await item.getByRole('button', { name: 'Xem giấy mời' }).click();
      await item.locator('iframe.invitation-frame').waitFor();

      const [answered] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith(`/api/meetings/${state.meetingId}/rsvp`)),
        item.getByRole('button', { name: 'Tham dự', exact: true }).click(),
      ]);
      expect(answered.status()).toBe(200);
      // The answered invitation moves to "Đã trả lời" at once, with the confirmation above the groups.
      await page.locator('.rsvp-notice [data-confirmation]', { hasText: `Đã gửi trả lời «Tham dự» cho cuộc họp “${TITLE}”` }).waitFor();
      await page.getByRole('heading', { name: 'Đã trả lời (1)' }).waitFor();
      await item.locator('.rsvp-badge--accepted').waitFor();
      await page.screenshot({ path: '/tmp/hopso-rsvp.png', fullPage: true });

      const convenerPage = convener.page;
      await convenerPage.reload();
      const row = convenerPage.locator(`tr[data-body="${commune.bodyId}"]`);
      await row.waitFor();
      expect(await row.locator('th').textContent()).toContain('Thạch Hà');
      await row.locator('.rsvp-badge--accepted', { hasText: 'Tham dự' }).waitFor();
      await convenerPage.locator('.tally--accepted .tally-n', { hasText: '1' }).waitFor();
      await convenerPage.getByLabel('Lọc theo tên cơ quan').fill('thach ha');
      await eventually(async () => (await convenerPage.locator('.invitee-table tbody tr').count()) === 1, 5_000, 'one filtered row');
      await convenerPage.locator('.invitee-table').screenshot({ path: '/tmp/hopso-invitees.png' });
    });

    test('the calendar shows the meeting by week and by month, in Vietnam time', async () => {
      const page = convener.page;
      await page.goto(`${server.url}/#/meetings?view=week&date=${state.startDate}`);
      const event = page.locator(`a.cal-event[href="#/meetings/${state.meetingId}"]`);
      await event.waitFor();
      expect(await event.locator('.cal-event-time').textContent()).toBe('08:00 – 11:00');
      await event.locator('.status-badge', { hasText: 'Đã mời' }).waitFor();
      await page.screenshot({ path: '/tmp/hopso-calendar-week.png', fullPage: true });

      // The body's subscription address, shown once; calendar apps read it without a session.
      await page.getByRole('button', { name: 'Tạo đường dẫn đăng ký' }).click();
      const feedUrl = await eventually(async () => (await page.getByLabel('Đường dẫn đăng ký lịch').inputValue()) || null, 10_000, 'feed url');
      expect(feedUrl).toMatch(new RegExp(`^${server.url}/api/calendar/feed/[A-Za-z0-9_-]{20,64}\\.ics$`));
      const feed = await fetch(feedUrl);
      expect(feed.headers.get('content-type')).toContain('text/calendar');
      expect(await feed.text()).toContain('Giao ban trực tuyến quý I');
      await page.getByRole('button', { name: 'Đổi đường dẫn mới' }).waitFor();

      await page.getByRole('button', { name: 'Tháng', exact: true }).click();
      await page.locator(`a.cal-chip[href="#/meetings/${state.meetingId}"]`).waitFor();
      expect(page.url()).toContain('view=month');
      await page.screenshot({ path: '/tmp/hopso-calendar-month.png', fullPage: true });

      // English second: the same calendar relabelled; then a phone-sized screen.
      await page.getByRole('button', { name: 'EN', exact: true }).click();
      await page.getByRole('heading', { name: 'Meetings', exact: true }).waitFor();
      await page.getByRole('button', { name: 'Week', exact: true }).click();
      await page.locator(`a.cal-event[href="#/meetings/${state.meetingId}"] .status-badge`, { hasText: 'Invited' }).waitFor();
      await page.screenshot({ path: '/tmp/hopso-calendar-en.png' });
      await page.getByRole('button', { name: 'VI', exact: true }).click();
      await page.setViewportSize({ width: 390, height: 844 });
      await page.locator(`a.cal-event[href="#/meetings/${state.meetingId}"]`).waitFor();
      await page.screenshot({ path: '/tmp/hopso-calendar-phone.png', fullPage: true });
      await page.setViewportSize({ width: 1366, height: 900 });

      // The commune's calendar lists it too, as invited and accepted.
      await commune.page.goto(`${server.url}/#/meetings?view=week&date=${state.startDate}`);
      const theirs = commune.page.locator(`a.cal-event[href="#/meetings/${state.meetingId}"]`);
      await theirs.locator('.rsvp-badge--accepted').waitFor();

      // Calendar files link to /meetings/<id>; the app turns that into its own route.
      await page.goto(`${server.url}/meetings/${state.meetingId}`);
      await page.waitForURL(new RegExp(`/#/meetings/${state.meetingId}$`));
      await page.getByRole('heading', { name: TITLE }).waitFor();
    });

    test('the chair approves a substitute, then postpones the meeting and Thạch Hà is told why', async () => {
      // Can Lộc proposes a substitute through the API, as its own page would.
      const canLoc = await browser.newContext();
      const login = await signInContext(canLoc, server.url, 'xa.canloc');
      const proposed = await canLoc.request.post(`${server.url}/api/meetings/${state.meetingId}/rsvp`, {
        headers: { 'x-csrf-token': login.csrfToken },
        data: { response: 'substitute', substitute: { name: 'Nguyễn Thị Hoa', position: 'Phó Chủ tịch UBND xã' } },
      });
      expect(proposed.status()).toBe(200);
      await canLoc.close();

      const page = convener.page;
      await page.goto(`${server.url}/#/meetings/${state.meetingId}`);
      // The page may already be at this address (a hash-only goto does not reload it).
      await page.reload();
      await page.locator('.invitee-table').waitFor();
      await page.getByLabel('Lọc theo tên cơ quan').fill('can loc');
      const row = page.locator(`tr[data-body="${login.user.body.id}"]`);
      await row.getByText('Người dự thay: Nguyễn Thị Hoa, Phó Chủ tịch UBND xã (chờ chủ trì duyệt)').waitFor();
      const [decided] = await Promise.all([
        page.waitForResponse((r) => r.url().includes('/substitute') && r.request().method() === 'POST'),
        row.getByRole('button', { name: 'Đồng ý người dự thay của Ủy ban nhân dân xã Can Lộc', exact: true }).click(),
      ]);
      expect(decided.status()).toBe(200);
      await page.locator(`tr[data-body="${login.user.body.id}"]`).getByText('chủ trì đã đồng ý', { exact: false }).waitFor();

      await commune.page.goto(`${server.url}/#/notifications`);
      await commune.page.locator('.notifications-page[data-live="connected"]').waitFor();
      const newDate = addWorkingDays(state.startDate!, 1);
      await page.getByRole('button', { name: 'Hoãn cuộc họp' }).click();
      const panel = page.getByRole('region', { name: 'Hoãn cuộc họp' });
      await panel.getByLabel('Ngày bắt đầu').fill(DateTime.fromISO(newDate).toFormat('dd/MM/yyyy'));
      await panel.getByLabel('Ngày kết thúc').fill(DateTime.fromISO(newDate).toFormat('dd/MM/yyyy'));
      await panel.getByRole('button', { name: 'Xác nhận hoãn' }).click();
      // The reason is required before anything is sent.
      await panel.getByText('Vui lòng nêu lý do (ít nhất 3 ký tự).').waitFor();
      await panel.getByLabel('Lý do').fill('Trùng lịch làm việc với đoàn công tác của Trung ương.');
      await panel.getByRole('button', { name: 'Xác nhận hoãn' }).click();
      await page.getByText('Đã hoãn cuộc họp và thông báo đến các cơ quan được mời.').waitFor();
      await page.locator('.meeting-badges .status-badge', { hasText: 'Hoãn' }).waitFor();
      await page.getByText('Trùng lịch làm việc với đoàn công tác của Trung ương.', { exact: true }).waitFor();
      // The postponement is on the meeting's record, with the replacing Giấy mời it issued.
      await page.getByTestId('change-history').getByText('Lý do: Trùng lịch làm việc với đoàn công tác của Trung ương.').waitFor();
      await page.getByTestId('issued-documents').getByText('Giấy mời thay thế Số: 02/GM-', { exact: false }).waitFor();

      const told = commune.page.locator('.notif', { hasText: `Hoãn cuộc họp: ${TITLE}` });
      await told.waitFor();
      expect(await told.textContent()).toContain('Trùng lịch làm việc với đoàn công tác của Trung ương.');
    });

    test('Thành Sen declines from the meeting page, and a reason is required first', async () => {
      const { context, page } = await openContext('p.thanhsen');
      await page.goto(`${server.url}/#/meetings/${state.meetingId}`);
      const answer = page.getByRole('region', { name: 'Trả lời giấy mời' });
      await answer.getByRole('button', { name: 'Báo vắng' }).click();
      await answer.getByRole('button', { name: 'Gửi trả lời' }).click();
      await answer.getByText('Vui lòng nêu lý do vắng mặt.').waitFor();
      expect(await answer.getByLabel('Lý do vắng mặt').getAttribute('aria-invalid')).toBe('true');
      await answer.getByLabel('Lý do vắng mặt').fill('Trùng lịch tiếp công dân định kỳ của phường.');
      await answer.getByRole('button', { name: 'Gửi trả lời' }).click();
      await answer.getByText('Đã gửi trả lời: Báo vắng.').waitFor();
      await answer.getByText('Lý do: Trùng lịch tiếp công dân định kỳ của phường.').waitFor();
      await context.close();
    });

    test('a weekly series with an attached document opens on its first meeting', async () => {
      const page = convener.page;
      await page.goto(`${server.url}/#/meetings/new`);
      await page.getByLabel('Tên cuộc họp').fill('Giao ban Văn phòng hằng tuần');
      await page.getByLabel(/^Chủ trì/).fill('Nguyễn Văn Hùng');
      await page.getByLabel('Lặp lại').selectOption('weekly');
      await page.getByLabel('Số buổi họp').fill('3');
      await page.getByLabel('Tài liệu gửi kèm').setInputFiles([
        { name: 'Báo cáo tuần.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n') },
        { name: 'virus.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') },
      ]);
      // The client refuses the .exe at once; the PDF stays listed.
      await page.getByText('virus.exe: PDF, DOCX, XLSX, PPTX, PNG, JPG; mỗi tệp tối đa 20 MB.').waitFor();
      await page.locator('.file-item', { hasText: 'Báo cáo tuần.pdf' }).waitFor();

      const [created] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/api/meeting-series')),
        page.getByRole('button', { name: 'Lưu dự thảo' }).click(),
      ]);
      expect(created.status()).toBe(201);
      const series = (await created.json()) as { occurrences: { id: string }[] };
      expect(series.occurrences.length).toBeGreaterThanOrEqual(1);
      await page.waitForURL(new RegExp(`#/meetings/${series.occurrences[0]!.id}$`));
      await page.getByText(`Đã tạo ${series.occurrences.length} buổi họp định kỳ; đây là buổi đầu tiên.`, { exact: false }).waitFor();
      await page.locator('.meeting-badges .tag', { hasText: 'Họp định kỳ' }).waitFor();
      const link = page.getByRole('link', { name: 'Báo cáo tuần.pdf' });
      const downloaded = await page.evaluate<{ status: number; text: string }>(`fetch(${JSON.stringify(await link.getAttribute('href'))}).then(async (r) => ({ status: r.status, text: await r.text() }))`);
      expect(downloaded).toEqual({ status: 200, text: expect.stringMatching(/^%PDF-1\.4/) });
    });

    test('fewer than 3 working days ahead is refused with the rule, and the urgent route issues it', async () => {
      const page = convener.page;
      const tomorrow = DateTime.now().setZone(VN).plus({ days: 1 }).toISODate();
      const res = await convener.context.request.post(`${server.url}/api/meetings`, {
        headers: { 'x-csrf-token': convener.csrf },
        data: {
          kind: 'giai_quyet_cong_viec', form: 'ket_hop', title: 'Họp xử lý sự cố đê biển', chairName: 'Trần Báu Hà',
          startsAt: `${tomorrow}T09:00`, endsAt: `${tomorrow}T10:30`, invitees: { communes: [commune.bodyId.split(':')[0]!] },
        },
      });
      expect(res.status()).toBe(201);
      const { id } = (await res.json()) as { id: string };

      await page.goto(`${server.url}/#/meetings/${id}`);
      await page.locator('.invitee-preview [data-count="1"]').waitFor();
      await page.locator('button[data-action="issue"]').click();
      const alert = page.locator('.issue-status [role="alert"]');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('Giấy mời phải gửi trước ít nhất 3 ngày làm việc');
      await page.getByRole('heading', { name: 'Họp đột xuất' }).waitFor();
      await page.screenshot({ path: '/tmp/hopso-meeting-urgent.png', fullPage: true });

      await page.getByLabel('Lý do họp đột xuất').fill('Bão số 3 đổ bộ, cần triển khai ngay phương án bảo vệ đê.');
      const [issued] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/invitations/issue')),
        page.getByRole('button', { name: 'Phát hành dạng họp đột xuất' }).click(),
      ]);
      expect(issued.status()).toBe(200);
      const { number } = (await issued.json()) as { number: string };
      // 01 was the first meeting's Giấy mời, 02 the one replacing it when it was postponed.
      expect(number.startsWith('03/GM-')).toBe(true);
      await page.locator('[data-testid="invitation-number"]').getByText(`Số: ${number}`).waitFor();
      await page.locator('.meeting-badges .tag--urgent').waitFor();
      expect(pageErrors).toEqual([]);
    });
  });
});
