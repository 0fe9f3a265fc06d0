import { Type, type Static } from 'typebox';
import { StringEnum } from './schema.ts';

export const errorCodes = [
  'invalid_input', 'unauthenticated', 'forbidden', 'not_found', 'conflict', 'too_large', 'too_many_requests', 'rate_limited', 'unavailable', 'internal',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

/**
 * The one error envelope: the body of every HTTP error response (lib/http-errors.ts) and of
 * every failed socket.io ack (live/ack.ts). Pure, so the browser client can take its type.
 */
export const ErrorBody = Type.Object({
  error: Type.Object({
    code: StringEnum(errorCodes),
    message: Type.String({ description: 'Vietnamese, then English after " / "' }),
    details: Type.Optional(Type.Unknown()),
  }),
});
export type ErrorBody = Static<typeof ErrorBody>;
