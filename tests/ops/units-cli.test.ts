import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/client.ts';
import { rowsOf } from '../../server/db/rows.ts';
import { describeEachDb } from '../helpers/db.ts';
import { cliDatabase, hopso, tempDir } from '../helpers/cli.ts';

describeEachDb('hopso units preview|apply', (kind) => {
  let target: Awaited<ReturnType<typeof cliDatabase>>;
  const dir = tempDir('units');
  const file = (name: string, content: unknown) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, JSON.stringify(content, null, 2));
    return p;
  };
  const query = async <T>(sql: string): Promise<T[]> => {
    const db = await openDatabase(target.url ? { url: target.url, max: 1 } : { dataDir: target.dataDir });
    try {
      return rowsOf<T>(await db.db.execute(sql));
    } finally {
      await db.close();
    }
  };

  beforeAll(async () => {
    target = await cliDatabase(kind);
  });
  afterAll(async () => {
    await target?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('previews without changing anything, applies once, and refuses a reused code', async () => {
    const [thachHa] = await query<{ code: string }>(`select code from units where parent_code = '42' and name = 'Xã Thạch Hà'`);
    const [other] = await query<{ code: string; name: string }>(`select code, name from units where parent_code = '42' and name not in ('Xã Thạch Hà') order by code limit 1`);
    const set = file('change.json', {
      name: 'Nghị quyết thử 2/NQ-UBTVQH', effectiveFrom: '2026-01-01',
      merged: [{ from: [thachHa!.code, other!.code], into: other!.code }],
      renamed: [{ code: '42', name: 'Thành phố Hà Tĩnh' }],
    });
    const preview = await hopso(['units', 'preview', set], target.env);
    expect(preview.stderr).toBe('');
    expect(preview.code).toBe(0);
    expect(preview.stdout).toContain(`- ${thachHa!.code} Xã Thạch Hà chấm dứt / ceases → ${other!.code} ${other!.name}`);
    expect(preview.stdout).toContain('~ 42 Tỉnh Hà Tĩnh [TW] → Thành phố Hà Tĩnh [TW]');
    expect(await query(`select code from units where effective_to is not null`)).toEqual([]);

    const applied = await hopso(['units', 'apply', set], target.env);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('Applied');
    expect(await query(`select code, successor_code from units where effective_to is not null`)).toEqual([{ code: thachHa!.code, successor_code: other!.code }]);
    expect(await query(`select name, type from units where code = '42'`)).toEqual([{ name: 'Thành phố Hà Tĩnh', type: 'thanh_pho' }]);

    const again = await hopso(['units', 'apply', set], target.env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already applied');
    expect(await query(`select count(*)::int n from unit_versions`)).toEqual([{ n: 1 }]);

    // `migrate` (the base import) keeps the reorganisation.
    expect((await hopso(['migrate'], target.env)).code).toBe(0);
    expect(await query(`select type from units where code = '42'`)).toEqual([{ type: 'thanh_pho' }]);

    const reuse = await hopso(['units', 'apply', file('reuse.json', { name: 'Tái dùng', effectiveFrom: '2026-02-01', added: [{ code: thachHa!.code, name: 'Xã Mới', parent: '42' }] })], target.env);
    expect(reuse.code).toBe(1);
    expect(reuse.stderr).toContain('never reused');
    expect(await query(`select count(*)::int n from unit_change_sets`)).toEqual([{ n: 1 }]);

    const malformed = await hopso(['units', 'preview', file('bad.json', { name: 'Sai', effectiveFrom: '2026-02-01', merged: [{ from: ['42'] }] })], target.env);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toContain('/merged/0');
  }, 240_000);
});
