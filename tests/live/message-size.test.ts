import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestServer } from '../helpers/app.ts';
import { connectAs } from '../helpers/live.ts';

/** socket.io takes messages up to 64 KB: a larger one drops the connection that sent it, unanswered. */
describe('socket message size limit', () => {
  let live: TestServer;
  beforeAll(async () => {
    live = await startTestApp({ listen: true });
  });
  afterAll(() => live?.close());

  const send = (client: Awaited<ReturnType<typeof connectAs>>, size: number) =>
    new Promise<string>((resolve) => {
      client.socket.once('disconnect', (reason) => resolve(`disconnected: ${reason}`));
      client.socket.emit('declareHeadcount', { count: 1, padding: 'x'.repeat(size) }, (ack: { error?: { code: string } }) => resolve(ack.error?.code ?? 'ok'));
    });

  it('answers a 32 KB message and drops the connection of a 100 KB one', async () => {
    const client = await connectAs(live, 'xa.thachha');
    try {
      // Not in a meeting: the call is answered (refused), which shows the message was read.
      expect(await send(client, 32 * 1024)).toBe('conflict');
      expect(await send(client, 100 * 1024)).toMatch(/^disconnected/);
    } finally {
      client.close();
    }
  });
});
