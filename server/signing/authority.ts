import { createHash, createPrivateKey, sign as rsaSign, X509Certificate } from 'node:crypto';
import { and, desc, eq, gt } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { canonicalJson } from '../lib/canonical-json.ts';
import { createCaCertificate, generateKeyPair, issueCertificate, pemToDer, type SubjectInfo } from './certificates.ts';
import type { SigningCredential } from './cms.ts';
import { signingAuthority, signingCertificates } from './schema.ts';
import type { KeyVault } from './secret.ts';

const CA_ID = 'deployment';

export interface Authority {
  certificatePem: string;
  certificate: Buffer;
  privateKeyPem: string;
}

/**
 * The deployment CA: read from the database, or created and stored on the first start.
 * Two servers starting at once on one database both try; the row inserted first wins and
 * the other reads it back.
 */
export async function loadOrCreateAuthority(db: Db, vault: KeyVault, deploymentName: string): Promise<Authority> {
  const [row] = await db.select().from(signingAuthority).where(eq(signingAuthority.id, CA_ID));
  if (row) return openAuthority(row, vault);
  const keys = generateKeyPair();
  const certificatePem = createCaCertificate(keys, { commonName: `${deploymentName} — CA ký số nội bộ`, organization: deploymentName });
  await db.insert(signingAuthority)
    .values({ id: CA_ID, certificatePem, privateKeyEncrypted: vault.seal(keys.privateKeyPem, `ca:${CA_ID}`) })
    .onConflictDoNothing();
  const [stored] = await db.select().from(signingAuthority).where(eq(signingAuthority.id, CA_ID));
  return openAuthority(stored!, vault);
}

function openAuthority(row: typeof signingAuthority.$inferSelect, vault: KeyVault): Authority {
  return { certificatePem: row.certificatePem, certificate: pemToDer(row.certificatePem), privateKeyPem: vault.open(row.privateKeyEncrypted, `ca:${CA_ID}`) };
}

export const fingerprintOf = (der: Buffer) => createHash('sha256').update(der).digest('hex');

/** A credential over a PEM key held in memory only for the signature's duration. */
export function pemCredential(certificatePem: string, chain: Buffer[], privateKeyPem: string): SigningCredential {
  return {
    certificate: pemToDer(certificatePem),
    chain,
    algorithm: 'rsa-sha256',
    sign: async (data) => rsaSign('sha256', data, createPrivateKey(privateKeyPem)),
  };
}

/**
 * The person's current certificate from this CA, issued on their first signature, and again
 * when what it names (name, position, body, unit) has changed or it is about to expire.
 */
export async function credentialFor(db: Db, vault: KeyVault, authority: Authority, userId: string, subject: SubjectInfo): Promise<SigningCredential> {
  const subjectKey = canonicalJson(subject);
  const soon = new Date(Date.now() + 24 * 3600 * 1000);
  const [row] = await db.select().from(signingCertificates)
    .where(and(eq(signingCertificates.userId, userId), eq(signingCertificates.subject, subjectKey), gt(signingCertificates.notAfter, soon)))
    .orderBy(desc(signingCertificates.createdAt))
    .limit(1);
  if (row) return pemCredential(row.certificatePem, [authority.certificate], vault.open(row.privateKeyEncrypted, `user:${row.fingerprint}`));

  const keys = generateKeyPair();
  const certificatePem = issueCertificate({ certPem: authority.certificatePem, privateKeyPem: authority.privateKeyPem }, keys.publicKeyPem, subject);
  const cert = new X509Certificate(certificatePem);
  const fingerprint = fingerprintOf(Buffer.from(cert.raw));
  await db.insert(signingCertificates).values({
    userId, subject: subjectKey, fingerprint, certificatePem,
    privateKeyEncrypted: vault.seal(keys.privateKeyPem, `user:${fingerprint}`),
    notAfter: new Date(cert.validTo),
  });
  return pemCredential(certificatePem, [authority.certificate], keys.privateKeyPem);
}
