import { eq, inArray } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { DateTime } from 'luxon';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { signIn } from './app.ts';
import { signInContext } from './browser.ts';
import { users } from '../../server/auth/schema.ts';
import { bodies } from '../../server/units/schema.ts';

/** Helpers for the browser tests of ordinary pages (home, meeting page, forms) at desk and phone sizes. */

export const DESK = { viewport: { width: 1366, height: 768 } } as const;
/** A mid-range Android phone: 412×915 CSS pixels, touch, mobile viewport rules. */
export const PHONE = { viewport: { width: 412, height: 915 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2.625 } as const;

export interface Person {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

/**
 * A signed-in browser context: English-US locale on a UTC clock on purpose, the setting
 * that made native date inputs show 12/15/2026 and 08:00 AM, so the app must not lean on it.
 */
export async function openAs(browser: Browser, baseUrl: string, username: string, size: typeof DESK | typeof PHONE = DESK): Promise<Person> {
  const context = await browser.newContext({ ...size, locale: 'en-US', timezoneId: 'UTC' });
  await signInContext(context, baseUrl, username);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`${username}: ${err.message}`));
  return { context, page, errors };
}

/**
 * An issued (urgent, so any start time is lawful) online meeting convened by `convener`,
 * chaired by them, inviting the units of the `invite` accounts; created through the API.
 */
export async function issuedMeeting(
  app: FastifyInstance,
  opts: { convener: string; title: string; start: DateTime; hours?: number; invite: string[]; secretary?: string },
): Promise<string> {
  const { agent, user } = await signIn(app, opts.convener);
  const people = await app.db.select({ id: users.id, username: users.username, unitCode: bodies.unitCode })
    .from(users).innerJoin(bodies, eq(bodies.id, users.bodyId)).where(inArray(users.username, [...opts.invite, opts.secretary ?? opts.convener]));
  const communes = opts.invite.map((u) => people.find((p) => p.username === u)?.unitCode ?? u);
  const secretary = opts.secretary ? people.find((p) => p.username === opts.secretary)?.id : undefined;
  const local = (dt: DateTime) => dt.setZone('Asia/Ho_Chi_Minh').toFormat("yyyy-MM-dd'T'HH:mm");
  const created = await agent.post('/api/meetings').send({
    kind: 'giao_ban', form: 'truc_tuyen', title: opts.title, chairName: 'Trần Báu Hà', chairPosition: 'Phó Chủ tịch UBND tỉnh',
    chairUserId: user.id, ...(secretary ? { secretaryUserId: secretary } : {}), hostRoom: 'Phòng họp trực tuyến UBND tỉnh',
    startsAt: local(opts.start), endsAt: local(opts.start.plus({ hours: opts.hours ?? 2 })),
    urgent: true, urgentReason: 'Chỉ đạo khẩn của UBND tỉnh', invitees: { communes },
  });
  if (created.status !== 201) throw new Error(`create failed: ${created.status} ${JSON.stringify(created.body)}`);
  const id = (created.body as { id: string }).id;
  const issued = await agent.post(`/api/meetings/${id}/invitations/issue`).send({});
  if (issued.status !== 200) throw new Error(`issue failed: ${issued.status} ${JSON.stringify(issued.body)}`);
  return id;
}

/**
 * Whether the page scrolls sideways: its content is wider than the screen. Measured against
 * the viewport the test asked for: under mobile emulation a too-wide page zooms out and
 * `innerWidth` grows with it, so `scrollWidth <= innerWidth` alone would always hold.
 */
export async function overflowX(page: Page): Promise<{ scrollWidth: number; innerWidth: number; screen: number } | null> {
  const screen = page.viewportSize()?.width ?? 0;
  const m = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  return m.scrollWidth > screen || m.innerWidth > screen ? { ...m, screen } : null;
}
