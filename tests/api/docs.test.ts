import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestApp, type TestApp } from '../helpers/app.ts';

describe('API documentation', () => {
  let t: TestApp;
  let staff: Awaited<ReturnType<typeof signIn>>['agent'];
  beforeAll(async () => {
    t = await startTestApp();
    staff = (await signIn(t.app, 'thuky.hatinh')).agent;
  });
  afterAll(() => t.close());

  it('shows the documentation to signed-in staff only', async () => {
    // The UI's static files are the public Swagger UI bundle; the routes and schemas are what it guards.
    for (const path of ['/docs/json', '/docs/yaml', '/docs/', '/docs']) {
      await supertest(t.app.server).get(path).expect(401);
    }
    const participant = (await signIn(t.app, 'xa.canloc')).agent;
    await participant.get('/docs/json').expect(403);
    await participant.get('/docs/').expect(403);
  });

  it('publishes an OpenAPI document in which every route has a response schema', async () => {
    const res = await staff.get('/docs/json').expect(200);
    expect(res.body.openapi).toMatch(/^3\./);
    const operations = Object.entries(res.body.paths as Record<string, Record<string, { responses?: Record<string, unknown> }>>)
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => ({ path, method, op })));
    expect(operations.map((o) => o.path)).toEqual(expect.arrayContaining(['/api/units', '/api/auth/login', '/health']));
    const withoutResponse = operations.filter((o) => !o.op.responses || Object.keys(o.op.responses).length === 0);
    expect(withoutResponse.map((o) => `${o.method.toUpperCase()} ${o.path}`)).toEqual([]);
  });

  it('serves the browsable UI at /docs', async () => {
    const res = await staff.get('/docs/').expect(200);
    expect(res.text).toMatch(/swagger/i);
  });
});
