import type { PageContext, PageResult } from '../page.ts';

/** `#/notifications`: the list, with new ones arriving over socket.io. */
export async function render(ctx: PageContext): Promise<PageResult> {
  const page = await import('../notifications/page.ts');
  return page.render(ctx);
}
