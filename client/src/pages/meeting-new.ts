import type { PageContext, PageResult } from '../page.ts';

/** `#/meetings/new`: the create-meeting flow with the tier picker. */
export async function render(ctx: PageContext): Promise<PageResult> {
  const page = await import('../meetings/create-page.ts');
  return page.render(ctx);
}
