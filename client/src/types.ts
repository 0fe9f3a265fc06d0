/**
 * The account and unit shapes of the HTTP API, derived from the server's TypeBox schemas.
 * Types only (`import type` is erased at build time, so no server code ships): a change on
 * the server that the client does not follow fails `tsc -p client`.
 */
import type { Static } from 'typebox';
import type { LoginBody as LoginBodySchema, Role, SessionResponse, SessionUserSchema, UserList } from '../../server/auth/schemas.ts';
import type { BodyList, UnitDetail as UnitDetailSchema, UnitLevel as UnitLevelSchema, UnitList, UnitSummary } from '../../server/units/schemas.ts';

export type { Role, UnitSummary };
export type UnitLevel = Static<typeof UnitLevelSchema>;
export type UnitDetail = Static<typeof UnitDetailSchema>;
/** GET /api/units */
export type UnitPage = Static<typeof UnitList>;
/** GET /api/bodies */
export type BodyPage = Static<typeof BodyList>;
export type BodySummary = BodyPage['items'][number];

export type SessionUser = Static<typeof SessionUserSchema>;
/** POST /api/auth/login takes this… */
export type LoginBody = Static<typeof LoginBodySchema>;
/** …and answers, like GET /api/auth/me, with this. */
export type SessionInfo = Static<typeof SessionResponse>;

/** GET /api/users */
export type UserPage = Static<typeof UserList>;
