import { createHash } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { NotFound } from '../lib/errors.ts';
import { documentFiles, documents } from './schema.ts';

/** Keeps an issued document's bytes as issued, with their SHA-256 (call inside the issuing transaction). */
export async function storeDocumentFile(db: DbOrTx, documentId: string, fileName: string, content: Buffer, contentType = 'application/pdf') {
  const sha256 = createHash('sha256').update(content).digest('hex');
  await db.insert(documentFiles).values({ documentId, contentType, fileName, size: content.length, sha256, content });
  return { sha256, size: content.length };
}

/** The stored bytes of a document, or null for one issued before documents were kept. */
export async function findDocumentFile(db: DbOrTx, documentId: string) {
  const [row] = await db.select().from(documentFiles).where(eq(documentFiles.documentId, documentId));
  return row ?? null;
}

/** The register's entries for one meeting (oldest first), with their stored files' hash and size. */
export async function meetingDocuments(db: DbOrTx, meetingId: string) {
  return db.select({
    id: documents.id, type: documents.type, formatted: documents.formatted, issuedAt: documents.issuedAt, subject: documents.subject,
    signerName: documents.signerName, signerPosition: documents.signerPosition,
    sha256: documentFiles.sha256, size: documentFiles.size, fileName: documentFiles.fileName,
  }).from(documents).leftJoin(documentFiles, eq(documentFiles.documentId, documents.id))
    .where(eq(documents.meetingId, meetingId)).orderBy(asc(documents.issuedAt), asc(documents.number));
}

/** One of a meeting's documents with its bytes; NotFound when it is not that meeting's or has no stored file. */
export async function meetingDocumentFile(db: DbOrTx, meetingId: string, documentId: string) {
  const [row] = await db.select({ meetingId: documents.meetingId, file: documentFiles })
    .from(documents).innerJoin(documentFiles, eq(documentFiles.documentId, documents.id)).where(eq(documents.id, documentId));
  if (!row || row.meetingId !== meetingId) throw new NotFound(`Document ${documentId}`);
  return row.file;
}
