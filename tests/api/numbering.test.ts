import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../server/db/client.ts';
import { issueDocument, type IssueDocumentInput } from '../../server/documents/numbering.ts';
import { documentNumbers, documents } from '../../server/documents/schema.ts';
import { InvalidInput } from '../../server/lib/errors.ts';
import { importRegistry } from '../../server/units/import.ts';
import { createTestDatabase, describeEachDb, type TestDatabase } from '../helpers/db.ts';

const signer = { position: 'Phó Chủ tịch', fullName: 'Nguyễn Văn An' };
const gm = (bodyId: string, issuedAt: Date, extra: Partial<IssueDocumentInput> = {}): IssueDocumentInput => ({
  bodyId,
  type: 'GM',
  subject: 'Mời dự họp giao ban',
  signer,
  issuedAt,
  ...extra,
});

describeEachDb('document numbering', (kind) => {
  let database: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    db = database.db;
    await importRegistry(db);
  });
  afterAll(() => database.destroy());

  it('gives 100 concurrent issues the distinct consecutive numbers 1..100', async () => {
    const at = new Date('2026-03-10T02:00:00Z');
    const issued = await Promise.all(Array.from({ length: 100 }, () => issueDocument(db, gm('42:ubnd', at))));
    expect(issued.map((d) => d.number).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(new Set(issued.map((d) => d.id)).size).toBe(100);
    const rows = await db.select({ number: documents.number, formatted: documents.formatted }).from(documents).where(and(eq(documents.bodyId, '42:ubnd'), eq(documents.year, 2026)));
    expect(rows).toHaveLength(100);
    expect(rows.find((r) => r.number === 7)?.formatted).toBe('07/GM-UBND');
    expect(rows.find((r) => r.number === 100)?.formatted).toBe('100/GM-UBND');
    const [counter] = await db.select().from(documentNumbers).where(and(eq(documentNumbers.bodyId, '42:ubnd'), eq(documentNumbers.year, 2026)));
    expect(counter).toMatchObject({ sequenceKey: 'default', lastNumber: 100 });
  });

  it('loses no number when an issue fails, even amid concurrent ones', async () => {
    const at = new Date('2026-05-04T02:00:00Z');
    // Every fourth issue names a meeting that does not exist: the document insert fails on
    // its foreign key after the number was taken, and the number must roll back with it.
    const attempts = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) => issueDocument(db, gm('42:hdnd', at, i % 4 === 3 ? { meetingId: randomUUID() } : {}))),
    );
    const ok = attempts.flatMap((a) => (a.status === 'fulfilled' ? [a.value.number] : []));
    expect(attempts.filter((a) => a.status === 'rejected')).toHaveLength(10);
    expect(ok.sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect((await issueDocument(db, gm('42:hdnd', at))).number).toBe(31);
  });

  it('releases the number when the surrounding transaction rolls back', async () => {
    const at = new Date('2026-06-01T02:00:00Z');
    // A province's party committee is the Tỉnh ủy (TU) and numbers as Hướng dẫn 36-HD/VPTW does.
    expect((await issueDocument(db, gm('42:dang_uy', at))).formatted).toBe('01-GM/TU');
    await expect(
      db.transaction(async (tx) => {
        const doc = await issueDocument(tx, gm('42:dang_uy', at));
        expect(doc.number).toBe(2);
        throw new Error('sending the invitations failed');
      }),
    ).rejects.toThrow('sending the invitations failed');
    expect((await issueDocument(db, gm('42:dang_uy', at))).number).toBe(2);
  });

  it('starts again from 01 each year, the year read in Vietnam time', async () => {
    // 16:30Z on 31/12/2026 is 23:30 in Vietnam: still 2026.
    const lastOf2026 = await issueDocument(db, gm('42:vp_ubnd', new Date('2026-12-31T16:30:00Z')));
    expect(lastOf2026).toMatchObject({ year: 2026, number: 1, formatted: '01/GM-VP' });
    expect((await issueDocument(db, gm('42:vp_ubnd', new Date('2026-12-31T16:59:59Z')))).number).toBe(2);
    // 17:00Z on 31/12/2026 is midnight on 1/1/2027 in Vietnam: a new year, a new sequence.
    const firstOf2027 = await issueDocument(db, gm('42:vp_ubnd', new Date('2026-12-31T17:00:00Z')));
    expect(firstOf2027).toMatchObject({ year: 2027, number: 1, formatted: '01/GM-VP' });
    expect((await issueDocument(db, gm('42:vp_ubnd', new Date('2027-06-01T02:00:00Z')))).number).toBe(2);
    expect((await issueDocument(db, gm('42:vp_ubnd', new Date('2026-12-30T02:00:00Z')))).number).toBe(3);
  });

  it('keeps separate sequences per body and per sequence key, shared across document types', async () => {
    const at = new Date('2028-02-15T02:00:00Z');
    expect((await issueDocument(db, gm('42:ubnd', at))).formatted).toBe('01/GM-UBND');
    expect((await issueDocument(db, { ...gm('42:ubnd', at), type: 'TB' })).formatted).toBe('02/TB-UBND');
    expect((await issueDocument(db, { ...gm('42:ubnd', at), type: 'BB' })).formatted).toBe('03/BB-UBND');
    // Confidential documents are registered in their own sequence.
    expect((await issueDocument(db, gm('42:ubnd', at, { sequenceKey: 'confidential' }))).formatted).toBe('01/GM-UBND');
    expect((await issueDocument(db, gm('42:ubnd', at))).number).toBe(4);
    // Another province's UBND, and Hà Tĩnh's Office, count on their own.
    expect((await issueDocument(db, gm('01:ubnd', at))).formatted).toBe('01/GM-UBND');
    expect((await issueDocument(db, gm('42:vp_ubnd', at))).formatted).toBe('01/GM-VP');
  });

  it('formats "Số: 07/GM-UBND" and stores the NĐ 30 metadata', async () => {
    const at = new Date('2029-01-05T01:30:00Z');
    const issued = [];
    for (let i = 1; i <= 10; i++) {
      issued.push(await issueDocument(db, gm('42:ubnd', at, { subject: `Giấy mời số ${i}`, metadata: { Priority: 'Khẩn', OrganIds: ['000.00.00.H49'] } })));
    }
    expect(issued[9]!.formatted).toBe('10/GM-UBND');
    const seventh = issued[6]!;
    expect(`Số: ${seventh.formatted}`).toBe('Số: 07/GM-UBND');
    const [row] = await db.select().from(documents).where(eq(documents.id, seventh.id));
    expect(row).toMatchObject({ type: 'GM', number: 7, year: 2029, codeNotation: 'GM-UBND', signerName: 'Nguyễn Văn An', meetingId: null });
    expect(row!.issuedAt.toISOString()).toBe('2029-01-05T01:30:00.000Z');
    expect(row!.metadata).toEqual({
      CodeNumber: '07',
      CodeNotation: 'GM-UBND',
      IssuedDate: '2029-01-05',
      IssuedAt: '2029-01-05T08:30:00+07:00',
      OrganName: 'Ủy ban nhân dân tỉnh Hà Tĩnh',
      OrganId: null,
      Subject: 'Giấy mời số 7',
      SignerInfo: { Position: 'Phó Chủ tịch', FullName: 'Nguyễn Văn An' },
      OrganIds: ['000.00.00.H49'],
      Priority: 'Khẩn',
      DueDate: null,
    });
  });

  it('refuses bad input before taking a number', async () => {
    const at = new Date('2030-03-03T02:00:00Z');
    await expect(issueDocument(db, gm('99:nope', at))).rejects.toThrow(InvalidInput);
    await expect(issueDocument(db, { ...gm('42:ubnd', at), type: 'XX' as 'GM' })).rejects.toThrow(/Unknown document type/);
    await expect(issueDocument(db, gm('42:ubnd', at, { sequenceKey: 'Mật quá' }))).rejects.toThrow(/sequence key/);
    await expect(issueDocument(db, gm('42:ubnd', at, { subject: '  ' }))).rejects.toThrow(/subject/);
    await expect(issueDocument(db, gm('42:ubnd', new Date('nope')))).rejects.toThrow(InvalidInput);
    expect((await issueDocument(db, gm('42:ubnd', at))).number).toBe(1);
  });
});
