import { Type, type Static } from 'typebox';
import { Nullable, StringEnum } from '../lib/schema.ts';

export const AccessEntrySchema = Type.Object({
  seq: Type.Integer(),
  /** ISO 8601 with Vietnam's offset. */
  at: Type.String(),
  actorId: Nullable(Type.String()),
  actorName: Type.String(),
  action: Type.String(),
  documentId: Nullable(Type.String()),
  target: Nullable(Type.String()),
  ip: Nullable(Type.String()),
  details: Nullable(Type.Record(Type.String(), Type.Unknown())),
  hash: Type.String(),
});

export const ChainReportSchema = Type.Object({
  intact: Type.Boolean(),
  count: Type.Integer(),
  headHash: Type.String(),
  brokenAt: Type.Optional(Type.Object({ seq: Type.Integer(), reason: StringEnum(['missing', 'altered', 'relinked']) })),
});

export const AccessLogQuery = Type.Object({
  before: Type.Optional(Type.Integer({ minimum: 1 })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
});

export const AccessLogPage = Type.Object({ chain: ChainReportSchema, items: Type.Array(AccessEntrySchema) });

export type AccessEntryView = Static<typeof AccessEntrySchema>;
export type ChainReportView = Static<typeof ChainReportSchema>;
export type AccessLogPageView = Static<typeof AccessLogPage>;
