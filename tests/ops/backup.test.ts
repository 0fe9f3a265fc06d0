import fs from 'node:fs';
import path from 'node:path';
import supertest from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { digestTables } from '../../server/cli/table-digest.ts';
import { loadConfig } from '../../server/config.ts';
import { openDatabase } from '../../server/db/client.ts';
import { DEMO_PASSWORD, TEST_SIGNING_SECRET } from '../helpers/app.ts';
import { cliDatabase, hopso, tempDir } from '../helpers/cli.ts';
import { describeEachDb } from '../helpers/db.ts';
import { workingDaysAhead } from '../helpers/sessions.ts';

describeEachDb('backup and restore', (kind) => {
  let source: Awaited<ReturnType<typeof cliDatabase>>;
  let target: Awaited<ReturnType<typeof cliDatabase>>;
  const out = tempDir('backup');
  const openAt = (db: typeof source) => openDatabase(db.url ? { url: db.url, max: 1 } : { dataDir: db.dataDir });

  beforeAll(async () => {
    source = await cliDatabase(kind);
    target = await cliDatabase(kind, { empty: true });
    // The server as deployed (its own data directory and database), with an issued Giấy mời and an uploaded file.
    const database = await openAt(source);
    const app = await buildApp(loadConfig({}, { LOG_LEVEL: 'silent', DEMO_DATA: true, DEMO_HISTORY: false, COOKIE_SECURE: false, MEDIA_WORKERS: 0, DATA_DIR: source.dataDir, SIGNING_KEY_SECRET: TEST_SIGNING_SECRET }), { database });
    await app.ready();
    try {
      const agent = supertest.agent(app.server);
      const login = await agent.post('/api/auth/login').send({ username: 'vp.hatinh', password: DEMO_PASSWORD }).expect(200);
      agent.set('x-csrf-token', login.body.csrfToken);
      const created = await agent.post('/api/meetings').send({
        kind: 'giao_ban', form: 'truc_tuyen', title: 'Giao ban sao lưu', chairName: 'Nguyễn Văn An', startsAt: workingDaysAhead(6), endsAt: workingDaysAhead(6, '10:00'),
        invitees: { communesOf: ['42'] },
      }).expect(201);
      const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from('Báo cáo tháng'), Buffer.alloc(1000, 0x20), Buffer.from('\n%%EOF\n')]);
      await agent.post(`/api/meetings/${created.body.id}/files`).attach('file', pdf, 'Báo cáo.pdf').expect(201);
      await agent.post(`/api/meetings/${created.body.id}/invitations/issue`).send({}).expect(200);
    } finally {
      await app.close();
      await database.close();
    }
  });
  afterAll(async () => {
    await source?.drop();
    await target?.drop();
    fs.rmSync(out, { recursive: true, force: true });
  });

  it('backs up, restores into a fresh database, and every table and file is the same', async () => {
    const backup = await hopso(['backup', '--out', path.join(out, 'b1')], source.env);
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'b1', 'manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ format: 1, database: kind, files: 1 });
    expect(manifest.tables['public.document_files'].rows).toBeGreaterThanOrEqual(1);
    expect(manifest.tables['public.meeting_invitees'].rows).toBe(69);

    // A second backup into the same place is refused rather than mixed.
    expect((await hopso(['backup', '--out', path.join(out, 'b1')], source.env)).code).toBe(1);

    const restored = await hopso(['restore', path.join(out, 'b1')], target.env);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    // Restoring over a database that has data is refused.
    const twice = await hopso(['restore', path.join(out, 'b1')], target.env);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toMatch(/not empty|already holds/);

    const [a, b] = await Promise.all([openAt(source), openAt(target)]);
    try {
      const [before, after] = [await digestTables(a.db), await digestTables(b.db)];
      expect(Object.keys(before).length).toBeGreaterThan(20);
      expect(after).toEqual(before);
      expect(before).toEqual(manifest.tables);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
    const files = (dir: string) => fs.readdirSync(path.join(dir, 'files')).sort().map((f) => [f, fs.readFileSync(path.join(dir, 'files', f)).toString('base64')]);
    expect(files(target.dataDir)).toEqual(files(source.dataDir));
    expect(files(source.dataDir)).toHaveLength(1);
    // Three CLI processes and a dump of the whole registry: ~20 s on an idle two-core machine.
  }, 180_000);
});
