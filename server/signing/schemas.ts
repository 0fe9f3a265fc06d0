import { Type, type Static } from 'typebox';
import { Nullable, StringEnum } from '../lib/schema.ts';

export const signatureProblems = ['bad_byte_range', 'unreadable', 'digest_mismatch', 'bad_signature', 'certificate_mismatch', 'unsupported_algorithm'] as const;

export const SignatureReportSchema = Type.Object({
  index: Type.Integer(),
  signerName: Type.String(),
  organization: Nullable(Type.String()),
  unit: Nullable(Type.String()),
  signingTime: Nullable(Type.String({ description: 'ISO 8601 with +07:00' })),
  reason: Nullable(Type.String()),
  intact: Type.Boolean({ description: 'The covered bytes are those signed and the signature matches the certificate' }),
  trusted: Type.Boolean({ description: "The certificate chains to this deployment's CA and was valid when signing" }),
  coversWholeDocument: Type.Boolean(),
  problem: Nullable(StringEnum(signatureProblems)),
  certificate: Nullable(Type.Object({
    issuer: Nullable(Type.String()),
    serial: Type.String(),
    notBefore: Type.String(),
    notAfter: Type.String(),
    fingerprint: Type.String(),
  })),
});

export const VerifyReportSchema = Type.Object({
  valid: Type.Boolean({ description: 'Signed, every signature intact and trusted, the last covering the whole file' }),
  signatures: Type.Array(SignatureReportSchema),
});

export const RegisteredDocumentSchema = Type.Object({
  documentId: Type.String({ format: 'uuid' }),
  number: Type.String(),
  type: Type.String(),
  subject: Type.String(),
  issuedDate: Type.String(),
  organName: Type.String(),
  state: StringEnum(['signed', 'unsigned']),
  verification: Nullable(VerifyReportSchema),
});

export const VerifyNumberParams = Type.Object({ number: Type.String({ minLength: 1, maxLength: 100 }) });
export const VerifyNumberQuery = Type.Object({ year: Type.Optional(Type.Integer({ minimum: 1900, maximum: 2200 })) });
export const VerifyNumberResponse = Type.Object({ number: Type.String(), documents: Type.Array(RegisteredDocumentSchema) });

export type VerifyReportView = Static<typeof VerifyReportSchema>;
export type SignatureReportView = Static<typeof SignatureReportSchema>;
export type VerifyNumberView = Static<typeof VerifyNumberResponse>;
