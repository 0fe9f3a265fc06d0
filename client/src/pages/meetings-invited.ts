import type { PageContext, PageResult } from '../page.ts';

/** `#/invitations`: meetings my body is invited to, with the answer form. */
export async function render(ctx: PageContext): Promise<PageResult> {
  const page = await import('../meetings/invitations-page.ts');
  return page.render(ctx);
}
