import '../styles/meetings.css';
import type { PageContext, PageResult } from '../page.ts';

/**
 * `#/meetings`: the body's calendar. The meetings pages share luxon and their components;
 * they load on first visit, so the sign-in page and the shell stay light.
 */
export async function render(ctx: PageContext): Promise<PageResult> {
  const page = await import('../meetings/calendar-page.ts');
  return page.render(ctx);
}
