import { afterAll, beforeAll, expect, it } from 'vitest';
import { Signalling, SignallingError } from '../../client/src/live/signalling.ts';
import { startTestApp, type TestServer } from '../helpers/app.ts';

/**
 * The browser's signalling connection, run in Node against the real server. The pre-join page
 * opens it long before the press: a refusal then (no valid session) must still be what the join
 * hears, not a wait until the timeout for a socket that has stopped trying.
 */
let server: TestServer;
beforeAll(async () => {
  server = await startTestApp({ kind: 'pglite', listen: true, mediaWorkers: 0 });
});
afterAll(() => server?.close());

it('tells a join that the session is gone, also when the refusal came before it asked', async () => {
  const signalling = new Signalling(`${server.url}/live`);
  try {
    const first = await signalling.whenConnected(5_000).then(() => null, (err: unknown) => err);
    expect(first).toBeInstanceOf(SignallingError);
    expect((first as SignallingError).code).toBe('unauthenticated');
    // Later, as when the person presses "Vào phòng họp" after the page's early attempt was refused.
    const again = await signalling.whenConnected(5_000).then(() => null, (err: unknown) => err);
    expect((again as SignallingError).code).toBe('unauthenticated');
  } finally {
    signalling.close();
  }
});
