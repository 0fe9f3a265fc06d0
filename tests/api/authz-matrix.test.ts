import fs from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { meetingRules } from '../../server/auth/policy.ts';
import { handlers } from '../../server/live/handlers/index.ts';
import { schemas } from '../../server/live/protocol.ts';
import { describeEachDb } from '../helpers/db.ts';
import { routerRoutes } from '../helpers/routes.ts';
import { httpTable } from './authz/http-table.ts';
import { liveTable } from './authz/live-table.ts';
import { runCase } from './authz/run-http.ts';
import { runLive } from './authz/run-live.ts';
import { policy, roles, type MeetingAction, type Relation } from './authz/spec.ts';
import { buildAuthzWorld, type AuthzWorld } from './authz/world.ts';

/**
 * Issue 8, "Tests that attack": every HTTP route and every /live socket method, sent by every
 * role in every scope (own body, a sibling body, an invited commune, an uninvited commune of
 * the same province, another province, the centre above), by the named chủ trì and secretary,
 * and signed out; each answer checked against the table (http-table.ts, live-table.ts), which
 * is the README's "Who may do what" written as data (spec.ts).
 */
describeEachDb('authorization matrix', (kind) => {
  let w: AuthzWorld;
  beforeAll(async () => {
    w = await buildAuthzWorld(kind);
  });
  afterAll(() => w?.close());

  it('has a row for every route the app serves, and none for a route it does not', () => {
    const served = routerRoutes(w.live.app).map((r) => `${r.method} ${r.path}`);
    expect(served.filter((r) => !(r in httpTable)), 'routes missing from the matrix').toEqual([]);
    expect(Object.keys(httpTable).filter((r) => !served.includes(r)), 'matrix rows for routes the app does not have').toEqual([]);
  });

  it('has a row for every /live method the server answers, and none for a method it does not', () => {
    const table = Object.keys(liveTable).sort();
    expect(Object.keys(schemas).sort(), 'methods of the protocol').toEqual(table);
    expect(handlers.map((h) => h.method).sort(), 'methods with a handler').toEqual(table);
  });

  it('/live: every method from every account, as the table says', async () => {
    expect(await runLive(w)).toEqual([]);
  });

  for (const [route, cases] of Object.entries(httpTable)) {
    it(route, async () => {
      const problems: string[] = [];
      for (const [i, c] of cases.entries()) {
        const label = cases.length > 1 ? `#${i + 1}${c.meeting ? ` (${c.meeting})` : ''} ` : c.meeting ? `(${c.meeting}) ` : '';
        problems.push(...(await runCase(w, route, c)).map((p) => `${label}${p}`));
      }
      expect(problems).toEqual([]);
    });
  }
});

it('the README table, the matrix and the server’s policy say the same', () => {
  const readme = fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf('## Who may do what');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const header = section.split('\n').find((l) => l.startsWith('| action |'))!;
  const columns = header.split('|').slice(1, -1).map((c) => c.trim());
  const relationOf: Record<string, Relation> = {
    'convening body (or delegate)': 'convening', 'named chair': 'chair', 'named secretary': 'secretary',
    'invited body': 'invited', 'unit above': 'above', 'sibling body': 'sibling',
  };
  const fromReadme: Record<string, { roles: string[]; relations: Relation[] }> = {};
  for (const line of section.split('\n').filter((l) => l.startsWith('| `'))) {
    const cells = line.split('|').slice(1, -1).map((c) => c.trim());
    const action = /`([^`]+)`/.exec(cells[0]!)![1]!;
    const cellRoles = cells[1] === 'all' ? [...roles] : cells[1]!.split(',').map((r) => r.trim());
    const relations = columns.slice(2).flatMap((col, i) => (cells[i + 2] === '✓' ? [relationOf[col]!] : []));
    fromReadme[action] = { roles: cellRoles, relations };
  }
  const ours = Object.fromEntries(Object.entries(policy).map(([a, p]) => [a, { roles: [...p.roles], relations: [...p.relations] }]));
  expect(fromReadme).toEqual(ours);
  const server = Object.fromEntries(Object.entries(meetingRules).map(([a, rels]) =>
    [a, (Object.entries(rels) as [Relation, boolean][]).filter(([, y]) => y).map(([r]) => r).sort()]));
  expect(server).toEqual(Object.fromEntries((Object.keys(policy) as MeetingAction[]).map((a) => [a, [...policy[a].relations].sort()])));
});
