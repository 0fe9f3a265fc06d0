import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { one } from '../db/rows.ts';
import { InvalidInput } from '../lib/errors.ts';
import { inZone } from '../lib/time.ts';
import { bodies } from '../units/schema.ts';
import { documentNumbers, documents } from './schema.ts';
import { documentPriorities, documentTypes, type DocumentMetadata, type DocumentPriority, type DocumentType, type Signer } from './types.ts';

/** 'default', 'confidential', or e.g. 'advisory:hoi-dong-thi-dua' for an advisory body using the body's seal. */
const SEQUENCE_KEY = /^[a-z0-9][a-z0-9_:.-]{0,63}$/;

export interface IssueDocumentInput {
  bodyId: string;
  type: DocumentType;
  subject: string;
  signer: Signer;
  meetingId?: string | null;
  /**
   * Which of the body's sequences to draw from: 'default' (the general one), 'confidential'
   * (văn bản mật are registered separately) or an advisory body's own key.
   */
  sequenceKey?: string;
  /** Defaults to now; its year in Vietnam time picks the yearly sequence. */
  issuedAt?: Date;
  /** Recipients' agency IDs, urgency and deadline; the rest is filled in from the document. */
  metadata?: { OrganIds?: string[]; Priority?: DocumentPriority; DueDate?: string | null };
}

export interface IssuedDocument {
  id: string;
  number: number;
  year: number;
  /** "GM-UBND" */
  codeNotation: string;
  /** "07/GM-UBND" */
  formatted: string;
  issuedAt: Date;
}

/** NĐ 30: numbers below 10 are written with a leading zero ("07"); from 10 on as they are. */
export function formatCodeNumber(n: number): string {
  return String(n).padStart(2, '0');
}

export type Heading = 'state' | 'party';

/**
 * Ký hiệu, with no spaces anywhere: type and body symbol joined by "-" for a state body
 * (NĐ 30: "GM-UBND"), by "/" for a Party committee (Hướng dẫn 36-HD/VPTW: "GM/TU").
 */
export function codeNotation(type: string, bodySymbol: string, heading: Heading = 'state'): string {
  return [type, bodySymbol].map((part) => part.replace(/\s+/g, '')).join(heading === 'party' ? '/' : '-');
}

/** "07/GM-UBND" as printed after "Số: "; a Party committee's "07-GM/TU" after "Số ". */
export function formatDocumentNumber(n: number, notation: string, heading: Heading = 'state'): string {
  return `${formatCodeNumber(n)}${heading === 'party' ? '-' : '/'}${notation}`;
}

function validate(input: IssueDocumentInput): void {
  if (!(documentTypes as readonly string[]).includes(input.type)) {
    throw new InvalidInput(`Loại văn bản không hợp lệ: "${input.type}". / Unknown document type "${input.type}".`, { allowed: documentTypes });
  }
  const key = input.sequenceKey ?? 'default';
  if (!SEQUENCE_KEY.test(key)) throw new InvalidInput(`Mã sổ số văn bản không hợp lệ: "${key}". / Invalid sequence key "${key}".`);
  if (!input.subject.trim()) throw new InvalidInput('Văn bản cần có trích yếu. / A document needs a subject.');
  if (!input.signer.fullName.trim() || !input.signer.position.trim()) {
    throw new InvalidInput('Văn bản cần có họ tên và chức vụ người ký. / A document needs the signer’s name and position.');
  }
  if (input.issuedAt && Number.isNaN(input.issuedAt.getTime())) throw new InvalidInput('Ngày ban hành không hợp lệ. / Invalid issue date.');
  const priority = input.metadata?.Priority;
  if (priority && !(documentPriorities as readonly string[]).includes(priority)) {
    throw new InvalidInput(`Mức độ khẩn không hợp lệ: "${priority}". / Unknown priority "${priority}".`, { allowed: documentPriorities });
  }
}

/**
 * Takes the next number of the body's sequence for the year and registers the document,
 * in one transaction. The upsert on document_numbers takes a row lock that concurrent
 * issuers of the same sequence wait on until this transaction ends, so numbers are unique
 * and consecutive; if anything after it fails, the increment rolls back with the document
 * and no number is lost (gapless). Pass a transaction as `db` to make the issue part of a
 * larger one (e.g. sending invitations): the number is then released only if that fails.
 */
export async function issueDocument(db: DbOrTx, input: IssueDocumentInput): Promise<IssuedDocument> {
  validate(input);
  const issuedAt = input.issuedAt ?? new Date();
  const local = inZone(issuedAt);
  const year = local.year;
  const sequenceKey = input.sequenceKey ?? 'default';

  return db.transaction(async (tx) => {
    const [body] = await tx
      .select({ name: bodies.name, symbol: bodies.symbol, agencyId: bodies.agencyId, document: bodies.document })
      .from(bodies)
      .where(eq(bodies.id, input.bodyId));
    if (!body) throw new InvalidInput(`Không có cơ quan ban hành "${input.bodyId}". / Unknown issuing body "${input.bodyId}".`);

    const counter = one(await tx
      .insert(documentNumbers)
      .values({ bodyId: input.bodyId, year, sequenceKey, lastNumber: 1 })
      .onConflictDoUpdate({
        target: [documentNumbers.bodyId, documentNumbers.year, documentNumbers.sequenceKey],
        set: { lastNumber: sql`${documentNumbers.lastNumber} + 1` },
      })
      .returning({ lastNumber: documentNumbers.lastNumber }));
    const number = counter.lastNumber;
    const values = registerEntry(body, { ...input, issuedAt }, number, sequenceKey);
    const row = one(await tx.insert(documents).values(values).returning({ id: documents.id }));
    return { id: row.id, number, year, codeNotation: values.codeNotation, formatted: values.formatted, issuedAt };
  });
}

/** The issuing body's fields a register entry needs. */
export interface IssuingBody {
  name: string;
  symbol: string;
  agencyId: string | null;
  document: { heading?: Heading };
}

/**
 * The register row of a document numbered `number` in its body's sequence: ký hiệu, the
 * number as printed, and the metadata NĐ 30 and edXML name. Whoever takes the number
 * (issueDocument, or a generator writing a past year in order) writes this same row.
 */
export function registerEntry(body: IssuingBody, input: IssueDocumentInput & { issuedAt: Date }, number: number, sequenceKey = input.sequenceKey ?? 'default'): typeof documents.$inferInsert & { codeNotation: string; formatted: string } {
  const local = inZone(input.issuedAt);
  const heading = body.document.heading ?? 'state';
  const notation = codeNotation(input.type, body.symbol, heading);
  const formatted = formatDocumentNumber(number, notation, heading);
  const metadata: DocumentMetadata = {
    CodeNumber: formatCodeNumber(number),
    CodeNotation: notation,
    IssuedDate: local.toISODate()!,
    IssuedAt: local.toISO({ suppressMilliseconds: true })!,
    OrganName: body.name,
    OrganId: body.agencyId,
    Subject: input.subject,
    SignerInfo: { Position: input.signer.position, FullName: input.signer.fullName },
    OrganIds: input.metadata?.OrganIds ?? [],
    Priority: input.metadata?.Priority ?? 'Thường',
    DueDate: input.metadata?.DueDate ?? null,
  };
  return {
    bodyId: input.bodyId, type: input.type, number, year: local.year, sequenceKey, codeNotation: notation, formatted, issuedAt: input.issuedAt,
    subject: input.subject, signerPosition: input.signer.position, signerName: input.signer.fullName, meetingId: input.meetingId ?? null, metadata,
  };
}
