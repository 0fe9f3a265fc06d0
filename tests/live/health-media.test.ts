import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestApp, type TestApp } from '../helpers/app.ts';

describe('the app starts its media workers and reports them', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ mediaWorkers: 2 });
  });
  afterAll(() => t?.close());

  it('reports two running workers in /health/details, and none after close', async () => {
    const { agent } = await signIn(t.app, 'vp.hatinh');
    const res = await agent.get('/health/details').expect(200);
    expect(res.body.media).toEqual({ workers: 2 });
    const pids = t.app.media!.workers.map((w) => w.worker.pid);
    expect(pids.every((pid) => typeof pid === 'number' && pid > 0)).toBe(true);
    await t.app.close();
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
  });
});
