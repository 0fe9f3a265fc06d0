import { createHash } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { AccessLogApi } from '../access-log/plugin.ts';
import type { Actor } from '../access-log/log.ts';
import type { Db } from '../db/client.ts';
import { documents } from '../documents/schema.ts';
import { Conflict, NotFound } from '../lib/errors.ts';
import type { SignatureField } from './pdf-signature.ts';
import { signedDocuments } from './schema.ts';
import type { DocumentSigner, SignerIdentity } from './signer.ts';
import { verifyPdf, type VerifyReport } from './verify.ts';

export interface SignDocumentInput {
  documentId: string;
  /** The unsigned PDF, used for the first signature; later ones sign the stored signed copy. */
  pdf: Buffer;
  identity: SignerIdentity;
  field: SignatureField;
  actor: Actor;
  ip?: string | null;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * Adds `identity`'s signature to a registered document and keeps the signed copy. Signing
 * takes about a second, so no lock is held meanwhile: the copy is replaced only if no one
 * else signed in between (its signature count is the version), otherwise signing starts
 * again from the newer copy. The signature is recorded in the access log with the copy.
 */
export async function signDocument(db: Db, signer: DocumentSigner, accessLog: AccessLogApi, input: SignDocumentInput): Promise<{ pdf: Buffer; signatureCount: number }> {
  const [doc] = await db.select({ id: documents.id, formatted: documents.formatted }).from(documents).where(eq(documents.id, input.documentId));
  if (!doc) throw new NotFound('Document');
  for (let attempt = 0; attempt < 3; attempt++) {
    const [current] = await db.select().from(signedDocuments).where(eq(signedDocuments.documentId, doc.id));
    const base = current?.pdf ?? input.pdf;
    const count = current?.signatureCount ?? 0;
    const signed = await signer.sign(base, input.identity, input.field);
    const stored = await db.transaction(async (tx) => {
      const values = { pdf: signed, sha256: sha256(signed), signatureCount: count + 1, updatedAt: new Date() };
      const rows = current
        ? await tx.update(signedDocuments).set(values)
          .where(and(eq(signedDocuments.documentId, doc.id), eq(signedDocuments.signatureCount, count)))
          .returning({ id: signedDocuments.documentId })
        : await tx.insert(signedDocuments).values({ documentId: doc.id, ...values }).onConflictDoNothing().returning({ id: signedDocuments.documentId });
      if (rows.length === 0) return false;
      await accessLog.record({
        actor: input.actor, action: 'document.sign', documentId: doc.id, target: doc.formatted, ip: input.ip ?? null,
        details: { signatureCount: count + 1, signer: input.identity.fullName, sha256: values.sha256 },
      }, tx);
      return true;
    });
    if (stored) return { pdf: signed, signatureCount: count + 1 };
  }
  throw new Conflict('Văn bản đang được ký bởi người khác, vui lòng thử lại. / Someone else is signing this document; try again.');
}

export interface RegisteredDocumentReport {
  documentId: string;
  number: string;
  type: string;
  subject: string;
  issuedDate: string;
  organName: string;
  /** 'signed' when a signed copy is kept, 'unsigned' when the number is registered but not signed here. */
  state: 'signed' | 'unsigned';
  verification: VerifyReport | null;
}

/**
 * The register's documents with this number ("07/GM-UBND": one per issuing body and year can
 * share it), each with its signed copy checked afresh. Newest first, at most 20.
 */
export async function verifyByNumber(db: Db, signer: DocumentSigner, number: string, year?: number): Promise<RegisteredDocumentReport[]> {
  const normalized = number.normalize('NFC').replace(/\s+/g, '').replace(/^Số:?/i, '');
  const rows = await db
    .select({ doc: documents, signed: signedDocuments })
    .from(documents)
    .leftJoin(signedDocuments, eq(signedDocuments.documentId, documents.id))
    .where(and(sql`lower(${documents.formatted}) = lower(${normalized})`, year ? eq(documents.year, year) : undefined))
    .orderBy(desc(documents.issuedAt))
    .limit(20);
  return rows.map(({ doc, signed }) => ({
    documentId: doc.id,
    number: doc.formatted,
    type: doc.type,
    subject: doc.subject,
    issuedDate: doc.metadata.IssuedDate,
    organName: doc.metadata.OrganName,
    state: signed ? 'signed' : 'unsigned',
    verification: signed ? verifyPdf(signed.pdf, signer.trustAnchors()) : null,
  }));
}

/** The kept signed copy of a document, if any. */
export async function signedCopy(db: Db, documentId: string): Promise<Buffer | null> {
  const [row] = await db.select({ pdf: signedDocuments.pdf }).from(signedDocuments).where(eq(signedDocuments.documentId, documentId));
  return row?.pdf ?? null;
}
