import { Type } from 'typebox';
import { StringEnum } from '../lib/schema.ts';
import { UnitLevel } from '../units/schemas.ts';
import { roles, type Role } from './roles.ts';

export type { Role };

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 100 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

export const SessionUserSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  username: Type.String(),
  fullName: Type.String(),
  position: Type.String(),
  role: StringEnum(roles),
  body: Type.Object({ id: Type.String(), name: Type.String(), shortName: Type.String(), symbol: Type.String(), unitCode: Type.String() }),
  unit: Type.Object({
    code: Type.String(),
    name: Type.String(),
    shortName: Type.String(),
    level: UnitLevel,
  }),
});

export const SessionResponse = Type.Object({ user: SessionUserSchema, csrfToken: Type.String() });

export const UserSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  username: Type.String(),
  fullName: Type.String(),
  position: Type.String(),
  role: StringEnum(roles),
  bodyId: Type.String(),
  active: Type.Boolean(),
});

export const UserList = Type.Object({ items: Type.Array(UserSchema) });
