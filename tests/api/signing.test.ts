import { execFileSync, spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import supertest from 'supertest';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { accessLog } from '../../server/access-log/schema.ts';
import { users } from '../../server/auth/schema.ts';
import { loadSessionUser, type SessionUser } from '../../server/auth/session-user.ts';
import { renderInvitationLayout, type SignatureBox } from '../../server/documents/giay-moi.ts';
import { issueDocument } from '../../server/documents/numbering.ts';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { Unavailable } from '../../server/lib/errors.ts';
import { pemCredential } from '../../server/signing/authority.ts';
import { createCaCertificate, generateKeyPair, issueCertificate, pemToDer } from '../../server/signing/certificates.ts';
import { signPdf } from '../../server/signing/pdf-signature.ts';
import { identityOf } from '../../server/signing/plugin.ts';
import type { DocumentSigner } from '../../server/signing/signer.ts';
import { signedDocuments, signingAuthority, signingCertificates } from '../../server/signing/schema.ts';
import type { VerifyNumberView, VerifyReportView } from '../../server/signing/schemas.ts';
import { KeyVault, resolveSigningSecret, SECRET_FILE } from '../../server/signing/secret.ts';
import { startTestApp, TEST_SIGNING_SECRET, type TestApp } from '../helpers/app.ts';
import { describeEachDb } from '../helpers/db.ts';

const SHOTS = '/tmp/shots-sign';
const vn = (local: string) => new Date(`${local}+07:00`);

/** poppler's own verdict on each signature, from the real pdfsig binary. */
function pdfsig(file: string): { text: string; signatures: string[] } {
  // pdfsig exits non-zero when a signature fails; its report is what the test reads.
  const run = spawnSync('pdfsig', [file], { encoding: 'utf8' });
  if (run.error) throw run.error;
  const text = `${run.stdout}${run.stderr}`;
  return { text, signatures: text.split(/^Signature #\d+:$/m).slice(1) };
}

async function sessionUser(t: TestApp, username: string): Promise<SessionUser> {
  const [row] = await t.db.select({ id: users.id }).from(users).where(eq(users.username, username));
  return (await loadSessionUser(t.db, row!.id))!;
}

const upload = (t: TestApp, pdf: Buffer) => supertest(t.app.server).post('/api/verify').attach('file', pdf, { filename: 'van-ban.pdf', contentType: 'application/pdf' });

describeEachDb('PDF signatures', (kind) => {
  let t: TestApp;
  let dir: string;
  let chair: SessionUser;
  let secretary: SessionUser;
  let documentId: string;
  let number: string;
  let signed: Buffer;
  let box: SignatureBox;
  let unsignedPdf: Buffer;

  beforeAll(async () => {
    t = await startTestApp({ kind, config: { VERIFY_MAX_MB: 1 } });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hopso-sign-'));
    fs.mkdirSync(SHOTS, { recursive: true });
    chair = await sessionUser(t, 'vp.hatinh');
    secretary = await sessionUser(t, 'thuky.hatinh');
    const issuedAt = vn('2027-01-05T15:20:00');
    const issued = await issueDocument(t.db, { bodyId: chair.body.id, type: 'GM', subject: 'Dự Hội nghị giao ban', signer: chair, issuedAt });
    documentId = issued.id;
    number = issued.formatted;
    const layout = await renderInvitationLayout({
      issuingBody: chair.body.name, number, place: 'Hà Tĩnh', issuedAt, summary: 'Dự Hội nghị giao ban công tác tháng 01 năm 2027',
      invitees: ['Chủ tịch Ủy ban nhân dân các xã, phường thuộc tỉnh.'], meetingTitle: 'Hội nghị trực tuyến giao ban công tác tháng 01 năm 2027',
      chair: `Đồng chí ${chair.fullName}, ${chair.position}`, startsAt: vn('2027-01-12T08:00:00'), endsAt: vn('2027-01-12T11:30:00'),
      venue: 'Phòng họp số 1', agenda: [{ title: 'Đánh giá kết quả tháng 12 năm 2026' }], notes: ['Đề nghị kiểm tra điểm cầu trước 30 phút.'],
      recipients: ['Như trên;'], archiveUnit: 'TH', signer: { position: chair.position, fullName: chair.fullName },
    });
    box = layout.signatureBox;
    unsignedPdf = layout.pdf;
    // The secretary initials first (no seal), left of the signer block; then the signer signs with the body's seal.
    const first = await t.app.signing.signDocument({
      documentId, pdf: layout.pdf, identity: identityOf(secretary),
      field: { page: box.page, rect: { ...box, x: 90, y: box.y + 130, width: 180 }, reason: 'Kiểm tra văn bản' },
      actor: { id: secretary.id, name: secretary.fullName }, ip: '127.0.0.1',
    });
    expect(first.signatureCount).toBe(1);
    const second = await t.app.signing.signDocument({
      documentId, pdf: layout.pdf, identity: identityOf(chair),
      field: { page: box.page, rect: box, sealOf: chair.body.name, reason: 'Ký ban hành' },
      actor: { id: chair.id, name: chair.fullName }, ip: '127.0.0.1',
    });
    expect(second.signatureCount).toBe(2);
    signed = second.pdf;
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a PDF signed twice by incremental update: pdfsig finds both signatures valid, the first still intact', async () => {
    const file = path.join(dir, 'signed.pdf');
    fs.writeFileSync(file, signed);
    const { text, signatures } = pdfsig(file);
    expect(signatures, text).toHaveLength(2);
    expect(signatures[0]).toContain(`Signer Certificate Common Name: ${secretary.fullName}`);
    expect(signatures[1]).toContain(`Signer Certificate Common Name: ${chair.fullName}`);
    expect(signatures[1]).toContain(`O=${chair.body.name}`);
    for (const s of signatures) {
      expect(s).toContain('Signature Validation: Signature is Valid.');
      expect(s).toContain('Signature Type: ETSI.CAdES.detached');
    }
    // The first covers only its revision; the second the whole file.
    expect(signatures[0]).toContain('Not total document signed');
    expect(signatures[1]).toContain('Total document signed');
  });

  it('the verify endpoint and the number lookup say valid, who signed and when (+07:00), publicly', async () => {
    const res = await upload(t, signed);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const report = res.body as VerifyReportView;
    expect(report.valid, JSON.stringify(report)).toBe(true);
    expect(report.signatures.map((s) => [s.signerName, s.organization, s.intact, s.trusted, s.problem])).toEqual([
      [secretary.fullName, secretary.body.name, true, true, null],
      [chair.fullName, chair.body.name, true, true, null],
    ]);
    expect(report.signatures[1]!.signingTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$/);
    expect(report.signatures[1]!.reason).toBe('Ký ban hành');

    const byNumber = await supertest(t.app.server).get(`/api/verify/${encodeURIComponent(number)}`).query({ year: 2027 });
    expect(byNumber.status, JSON.stringify(byNumber.body)).toBe(200);
    const found = byNumber.body as VerifyNumberView;
    expect(found.documents).toHaveLength(1);
    expect(found.documents[0]).toMatchObject({ documentId, number, state: 'signed', organName: chair.body.name, issuedDate: '2027-01-05' });
    expect(found.documents[0]!.verification?.valid).toBe(true);
    expect(found.documents[0]!.verification?.signatures.map((s) => s.signerName)).toEqual([secretary.fullName, chair.fullName]);

    const none = await supertest(t.app.server).get(`/api/verify/${encodeURIComponent('99/GM-KHONGCO')}`);
    expect(none.status).toBe(200);
    expect((none.body as VerifyNumberView).documents).toEqual([]);
  });

  it('one changed byte makes both signatures invalid, for pdfsig and for the endpoint', async () => {
    const tampered = Buffer.from(signed);
    const at = Math.floor(tampered.length / 4); // inside the first revision, covered by both signatures
    tampered[at] = tampered[at]! ^ 0x01;
    const file = path.join(dir, 'tampered.pdf');
    fs.writeFileSync(file, tampered);
    const { text, signatures } = pdfsig(file);
    expect(signatures, text).toHaveLength(2);
    for (const s of signatures) expect(s).toMatch(/Signature Validation: (Digest Mismatch|Signature is Invalid)/);

    const report = (await upload(t, tampered)).body as VerifyReportView;
    expect(report.valid).toBe(false);
    expect(report.signatures.map((s) => [s.intact, s.problem])).toEqual([[false, 'digest_mismatch'], [false, 'digest_mismatch']]);

    // A byte of the zero padding after a CMS, which no digest covers, is caught too.
    const padded = Buffer.from(signed);
    const contents = padded.indexOf('00000000>', padded.indexOf('/ByteRange [0 '));
    padded[contents] = 0x31; // '1'
    const paddedReport = (await upload(t, padded)).body as VerifyReportView;
    expect(paddedReport.valid).toBe(false);
    expect(paddedReport.signatures[0]!.problem).toBe('unreadable');
  });

  it('a signature whose certificate comes from another CA is intact but not trusted', async () => {
    const keys = generateKeyPair();
    const caPem = createCaCertificate(keys, { commonName: 'CA khác', organization: 'Nơi khác' });
    const signerKeys = generateKeyPair();
    const certPem = issueCertificate({ certPem: caPem, privateKeyPem: keys.privateKeyPem }, signerKeys.publicKeyPem, { commonName: 'Người Lạ' });
    const foreign = await signPdf(signed, 'Người Lạ', pemCredential(certPem, [pemToDer(caPem)], signerKeys.privateKeyPem), { page: box.page, rect: { x: 90, y: 100, width: 150, height: 60 } });
    const report = (await upload(t, foreign)).body as VerifyReportView;
    expect(report.signatures.map((s) => [s.signerName, s.intact, s.trusted])).toEqual([
      [secretary.fullName, true, true],
      [chair.fullName, true, true],
      ['Người Lạ', true, false],
    ]);
    expect(report.valid).toBe(false);
    // The earlier two no longer cover the whole file, and pdfsig agrees all three are intact.
    expect(report.signatures.map((s) => s.coversWholeDocument)).toEqual([false, false, true]);
    const file = path.join(dir, 'foreign.pdf');
    fs.writeFileSync(file, foreign);
    expect(pdfsig(file).text.match(/Signature is Valid\./g)).toHaveLength(3);
  });

  it('keeps private keys encrypted at rest, bound to their row and the secret', async () => {
    const [ca] = await t.db.select().from(signingAuthority);
    const certs = await t.db.select().from(signingCertificates);
    expect(certs.map((c) => c.userId).sort()).toEqual([chair.id, secretary.id].sort());
    for (const sealed of [ca!.privateKeyEncrypted, ...certs.map((c) => c.privateKeyEncrypted)]) {
      expect(sealed).toMatch(/^v1\./);
      expect(sealed).not.toContain('PRIVATE KEY');
      expect(sealed).not.toContain('MII'); // no base64 DER of a key
    }
    const vault = new KeyVault(TEST_SIGNING_SECRET);
    expect(vault.open(ca!.privateKeyEncrypted, 'ca:deployment')).toContain('BEGIN PRIVATE KEY');
    expect(() => new KeyVault('another-secret-another-secret-another').open(ca!.privateKeyEncrypted, 'ca:deployment')).toThrow(Unavailable);
    expect(() => vault.open(certs[0]!.privateKeyEncrypted, 'ca:deployment')).toThrow(Unavailable);
  });

  it('keeps the CA across restarts, and will not start with another secret', async () => {
    const config = (secret: string) => loadConfig({}, { LOG_LEVEL: 'silent', MEDIA_WORKERS: 0, SIGNING_KEY_SECRET: secret });
    const again = await buildApp(config(TEST_SIGNING_SECRET), { database: t.database });
    await again.ready();
    expect(again.signing.caCertificatePem).toBe(t.app.signing.caCertificatePem);
    await again.close();
    const wrong = await buildApp(config('a-different-secret-a-different-secret'), { database: t.database }).then(
      async (app) => { await app.close(); return null; },
      (err: unknown) => err,
    );
    expect(String(wrong)).toMatch(/SIGNING_KEY_SECRET/);
    // No secret outside production: one is generated once into the data directory, owner-only.
    const dataDir = path.join(dir, 'data');
    const first = resolveSigningSecret(undefined, dataDir);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(resolveSigningSecret(undefined, dataDir)).toBe(first);
    expect(fs.statSync(path.join(dataDir, SECRET_FILE)).mode & 0o777).toBe(0o600);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SIGNING_KEY_SECRET: required in production/);
  });

  it('takes another signer (a token, a remote service) without changing the workflow', async () => {
    const caKeys = generateKeyPair();
    const caPem = createCaCertificate(caKeys, { commonName: 'Ban Cơ yếu (thử)', organization: 'CA chuyên dùng' });
    const tokenSigner: DocumentSigner = {
      trustAnchors: () => [new X509Certificate(caPem)],
      async sign(pdf, identity, field) {
        const keys = generateKeyPair();
        const certPem = issueCertificate({ certPem: caPem, privateKeyPem: caKeys.privateKeyPem }, keys.publicKeyPem, { commonName: identity.fullName, organization: identity.bodyName });
        return signPdf(pdf, identity.fullName, pemCredential(certPem, [pemToDer(caPem)], keys.privateKeyPem), field);
      },
    };
    const other = await buildApp(loadConfig({}, { LOG_LEVEL: 'silent', MEDIA_WORKERS: 0, SIGNING_KEY_SECRET: TEST_SIGNING_SECRET }), { database: t.database, signer: tokenSigner });
    await other.ready();
    try {
      const issued = await issueDocument(t.db, { bodyId: chair.body.id, type: 'TB', subject: 'Thông báo kết luận', signer: chair });
      const { pdf } = await other.signing.signDocument({
        documentId: issued.id, pdf: unsignedPdf, identity: identityOf(chair), field: { page: box.page, rect: box, sealOf: chair.body.name },
        actor: { id: chair.id, name: chair.fullName },
      });
      const report = other.signing.verify(pdf);
      expect(report.valid).toBe(true);
      expect(report.signatures[0]!.certificate?.issuer).toBe('Ban Cơ yếu (thử)');
      // This deployment's own CA does not vouch for it.
      expect(t.app.signing.verify(pdf).signatures[0]!.trusted).toBe(false);
      expect(other.signing.caCertificatePem).toContain('BEGIN CERTIFICATE');
    } finally {
      await other.close();
    }
  });

  it('logs each signature and each public lookup in the access log; stores the signed copy', async () => {
    const rows = await t.db.select().from(accessLog).orderBy(accessLog.seq);
    expect(rows.filter((r) => r.action === 'document.sign' && r.documentId === documentId).map((r) => [r.actorName, r.documentId, r.target])).toEqual([
      [secretary.fullName, documentId, number],
      [chair.fullName, documentId, number],
    ]);
    expect(rows.some((r) => r.action === 'document.verify' && r.actorId === null && r.documentId === documentId)).toBe(true);
    const [copy] = await t.db.select().from(signedDocuments).where(eq(signedDocuments.documentId, documentId));
    expect(copy!.signatureCount).toBe(2);
    expect(copy!.pdf.equals(signed)).toBe(true);
  });

  it('refuses what is not a PDF (400) and a file over the limit (413), in the error envelope', async () => {
    const notPdf = await supertest(t.app.server).post('/api/verify').attach('file', Buffer.from('hello'), { filename: 'a.txt' });
    expect(notPdf.status).toBe(400);
    expect(notPdf.body.error.code).toBe('invalid_input');
    const big = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(1024 * 1024 + 10, 0x20)]);
    const tooBig = await upload(t, big);
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.code).toBe('too_large');
    const noFile = await supertest(t.app.server).post('/api/verify').send({});
    expect(noFile.status).toBe(400);
    // A multipart body cut short before its closing boundary (the fuzzer found it answered 500).
    const cut = await t.app.inject({
      method: 'POST', url: '/api/verify', headers: { 'content-type': 'multipart/form-data; boundary=nope' },
      payload: '--nope\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7 cut',
    });
    expect(cut.statusCode).toBe(400);
    expect(cut.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/multipart/) as unknown });
  });

  it('answers damaged or made-up signatures with a verdict, never a 500', async () => {
    const damagedCms = Buffer.from(signed);
    const gap = damagedCms.indexOf('<', damagedCms.indexOf('/Contents <3') - 1) + 1;
    damagedCms.write('ab'.repeat(40), gap, 'latin1'); // still hex, no longer a CMS
    const cases = [
      Buffer.from('%PDF-1.7\n1 0 obj << /ByteRange [0 10 20 5] /Contents <00> >> endobj\n%%EOF'),
      Buffer.from('%PDF-1.7\n/ByteRange [0 9 30 999999999]\n'),
      Buffer.from('%PDF-1.7\n/ByteRange [0 12 16 0] <3000>\n'),
      damagedCms,
    ];
    for (const pdf of cases) {
      const res = await upload(t, pdf);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const report = res.body as VerifyReportView;
      expect(report.valid).toBe(false);
      expect(report.signatures.length).toBeGreaterThan(0);
      expect(report.signatures.every((s) => !s.intact)).toBe(true);
    }
    const unsigned = (await upload(t, unsignedPdf)).body as VerifyReportView;
    expect(unsigned).toEqual({ valid: false, signatures: [] });
  });

  it('two people signing at the same moment both end up in the signed copy, each valid', async () => {
    const issued = await issueDocument(t.db, { bodyId: chair.body.id, type: 'BB', subject: 'Biên bản họp', signer: chair });
    const sign = (who: SessionUser, x: number) => t.app.signing.signDocument({
      documentId: issued.id, pdf: unsignedPdf, identity: identityOf(who),
      field: { page: box.page, rect: { ...box, x, y: box.y + 200, width: 160 } }, actor: { id: who.id, name: who.fullName },
    });
    const counts = (await Promise.all([sign(secretary, 90), sign(chair, 300)])).map((r) => r.signatureCount).sort();
    expect(counts).toEqual([1, 2]);
    const [copy] = await t.db.select().from(signedDocuments).where(eq(signedDocuments.documentId, issued.id));
    const file = path.join(dir, 'both.pdf');
    fs.writeFileSync(file, copy!.pdf);
    const { text, signatures } = pdfsig(file);
    expect(signatures, text).toHaveLength(2);
    expect(text.match(/Signature is Valid\./g)).toHaveLength(2);
    expect(t.app.signing.verify(copy!.pdf).valid).toBe(true);
  });

  it('draws the visible block between position and name: signer image, seal, name and ISO time', async () => {
    if (kind !== 'pglite') return; // one picture is enough
    const file = path.join(dir, 'look.pdf');
    fs.writeFileSync(file, signed);
    execFileSync('pdftoppm', ['-r', '110', '-png', '-f', String(box.page + 1), '-l', String(box.page + 1), '-singlefile', file, path.join(SHOTS, 'signed-giay-moi')]);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    // The block's own text is part of the page (appearance streams are drawn and extracted).
    expect(text).toContain(`Ký số: ${chair.fullName}`);
    expect(text).toMatch(/Thời gian ký: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00/);
  });
});
