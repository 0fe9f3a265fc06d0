import { afterAll, beforeAll, expect, it } from 'vitest';
import { createUser } from '../../server/auth/users.ts';
import { startTestApp, signIn, type TestApp } from '../helpers/app.ts';
import { describeEachDb } from '../helpers/db.ts';

describeEachDb('account lists cover the whole unit subtree', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ kind });
    await createUser(t.app.db, { username: 'admin.tw', password: 'mat-khau-trung-uong', fullName: 'Đỗ Văn Chính', bodyId: 'TW:vpcp', role: 'admin' });
  });
  afterAll(() => t.close());

  it('lists a commune account to a central admin (two levels below the centre)', async () => {
    const admin = await signIn(t.app, 'admin.tw', 'mat-khau-trung-uong');
    const res = await admin.agent.get('/api/users?unit=TW').expect(200);
    const names = res.body.items.map((u: { username: string }) => u.username);
    expect(names).toEqual(expect.arrayContaining(['admin.tw', 'vp.hatinh', 'xa.thachha', 'p.thanhsen']));
  });
});
