import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Conflict } from '../lib/errors.ts';
import { StringEnum } from '../lib/schema.ts';
import { findBody } from '../units/queries.ts';
import { authorize, requireUser } from './policy.ts';
import { roles } from './roles.ts';
import { UserList, UserSchema } from './schemas.ts';
import { createUser, findUserBody, listUsers, setUserActive } from './users.ts';

const NewUserBody = Type.Object(
  {
    username: Type.String({ pattern: '^[a-zA-Z0-9._-]{3,50}$' }),
    password: Type.String({ minLength: 10, maxLength: 200 }),
    fullName: Type.String({ minLength: 1, maxLength: 200 }),
    position: Type.Optional(Type.String({ maxLength: 200 })),
    /** Mail for the account and its body's inbox (invitations, changes, reminders) goes here. */
    email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
    bodyId: Type.String({ minLength: 1 }),
    role: StringEnum(roles),
  },
  { additionalProperties: false },
);

/** Account management, limited to the admin's own unit subtree. */
const userRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/users', {
    schema: {
      tags: ['auth'], summary: 'Accounts of a unit and the units below it',
      querystring: Type.Object({ unit: Type.String({ pattern: '^[0-9A-Z]{2,5}$' }) }),
      response: { 200: UserList },
    },
  }, async (request) => {
    authorize(app.units, request.user, 'users:read', { kind: 'unit', unitCode: request.query.unit });
    return { items: await listUsers(app.db, app.units, request.query.unit) };
  });

  app.post('/api/users', {
    schema: { tags: ['auth'], summary: 'Create an account in a body within your scope', body: NewUserBody, response: { 201: UserSchema } },
  }, async (request, reply) => {
    requireUser(request.user);
    const { unitCode } = await findBody(app.db, request.body.bodyId);
    authorize(app.units, request.user, 'users:manage', { kind: 'unit', unitCode });
    return reply.status(201).send(await createUser(app.db, request.body));
  });

  app.patch('/api/users/:id', {
    schema: {
      tags: ['auth'], summary: 'Activate or deactivate an account (deactivating ends its sessions and live connections)',
      params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
      body: Type.Object({ active: Type.Boolean() }, { additionalProperties: false }),
      response: { 200: UserSchema },
    },
  }, async (request) => {
    const admin = requireUser(request.user);
    const { unitCode } = await findBody(app.db, await findUserBody(app.db, request.params.id));
    authorize(app.units, admin, 'users:manage', { kind: 'unit', unitCode });
    // The last admin of a unit locking themselves out leaves nobody to undo it.
    if (!request.body.active && request.params.id === admin.id) {
      throw new Conflict('Không thể tự khóa tài khoản của chính mình; hãy nhờ một quản trị viên khác. / You cannot deactivate your own account; ask another administrator.');
    }
    const user = await setUserActive(app.db, request.params.id, request.body.active);
    if (!request.body.active) app.sessionSignals.ended({ userId: user.id });
    return user;
  });
};

export default userRoutes;
