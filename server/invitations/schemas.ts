import { Type } from 'typebox';
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
