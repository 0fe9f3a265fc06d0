import type { PageContext, PageResult } from '../page.ts';

/**
 * `#/live/<meetingId>`. The meeting room brings mediasoup-client and socket.io-client;
 * they load only when someone opens a room, so the rest of the app stays light.
 */
export async function render(ctx: PageContext): Promise<PageResult> {
  const page = await import('../live/room-page.ts');
  return page.render(ctx);
}
