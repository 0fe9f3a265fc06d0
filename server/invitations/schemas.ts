import { Type } from 'typebox';
import { StringEnum } from '../lib/schema.ts';
import { InviteeSpec } from '../meetings/schemas.ts';

/** Defined with the meeting it belongs to (meetings/schemas.ts); named here too, where invitations use it. */
export { InviteeSpec } from '../meetings/schemas.ts';

export const PreviewBody = Type.Object(
  {
    spec: InviteeSpec,
    convenerBodyId: Type.Optional(Type.String({ minLength: 3, maxLength: 60, description: "Defaults to the user's body" })),
  },
  { additionalProperties: false },
);

export const ProvinceBreakdown = Type.Object({ code: Type.String(), name: Type.String(), count: Type.Integer() });

export const PreviewResponse = Type.Object({
  total: Type.Integer({ description: 'Bodies that will be invited (deduplicated, convener excluded)' }),
  byProvince: Type.Array(ProvinceBreakdown),
  outOfScope: Type.Array(Type.String(), { description: 'Units the convener may not invite (issuing would be refused)' }),
});

export const SignerSchema = Type.Object(
  {
    authority: Type.Optional(Type.Array(
      Type.Object({ prefix: StringEnum(['TM.', 'KT.', 'Q.', 'TL.', 'TUQ.'] as const), of: Type.String({ minLength: 1, maxLength: 200 }) }),
      { maxItems: 3 },
    )),
    position: Type.String({ minLength: 1, maxLength: 200 }),
    fullName: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

export const IssueBody = Type.Object(
  {
    urgent: Type.Optional(Type.Boolean({ description: 'Họp đột xuất: allows less than 3 working days, with a reason' })),
    urgentReason: Type.Optional(Type.String({ minLength: 3, maxLength: 2000 })),
    signer: Type.Optional(SignerSchema),
    draftingUnit: Type.Optional(Type.String({
      pattern: '^[A-ZĐ0-9][A-ZĐ0-9&.-]{0,19}$', description: 'Đơn vị soạn thảo for "Lưu: VT, <unit>." (e.g. "KGVX"); defaults to the issuing body or the convener’s office',
    })),
  },
  { additionalProperties: false },
);

const Text = (max: number) => Type.String({ minLength: 2, maxLength: max });

// One flat object rather than a union: with unknown fields stripped, ajv would strip a
// union's fields while trying its first branch.
export const RsvpBody = Type.Object(
  {
    response: StringEnum(['accept', 'decline', 'substitute'] as const),
    reason: Type.Optional(Text(2000)),
    substitute: Type.Optional(Type.Object({ name: Text(200), position: Text(300) }, { additionalProperties: false })),
  },
  { additionalProperties: false },
);

export const FeedToken = Type.Object({ token: Type.String(), url: Type.String({ description: 'Path to subscribe to' }) });
