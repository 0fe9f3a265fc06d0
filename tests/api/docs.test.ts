import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';

describe('API documentation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('publishes an OpenAPI document in which every route has a response schema', async () => {
    const res = await supertest(t.app.server).get('/docs/json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    const operations = Object.entries(res.body.paths as Record<string, Record<string, { responses?: Record<string, unknown> }>>)
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
    expect(operations.map((o) => o.path)).toEqual(expect.arrayContaining(['/api/units', '/api/auth/login', '/health']));
    const withoutResponse = operations.filter((o) => !o.op.responses || Object.keys(o.op.responses).length === 0);
    expect(withoutResponse.map((o) => `${o.method.toUpperCase()} ${o.path}`)).toEqual([]);
  });

  it('serves the browsable UI at /docs', async () => {
    const res = await supertest(t.app.server).get('/docs/').expect(200);
    expect(res.text).toMatch(/swagger/i);
  });
});
