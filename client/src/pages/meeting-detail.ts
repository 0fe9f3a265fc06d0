import type { PageContext, PageResult } from '../page.ts';

/** `#/meetings/<id>` (also reached from `/meetings/<id>`, the address in calendar files). */
export async function render(ctx: PageContext): Promise<PageResult> {
  const page = await import('../meetings/meeting-page.ts');
  return page.render(ctx);
}
