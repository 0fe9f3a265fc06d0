import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { authorize } from '../auth/policy.ts';
import { applyChangeSet, previewChangeSet } from '../units/changes/apply.ts';
import { ChangeSet, Plan } from '../units/changes/format.ts';

/**
 * A reorganisation of units (a change set, docs/operations.md): what it would change, for the
 * admins of the centre and of the provinces; applying it, for the centre's admins. The same
 * is done from the command line with `hopso units preview|apply FILE`.
 */
const changeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/api/units/changes/preview', {
    schema: { tags: ['units'], summary: 'What a change set would change in the registry (nothing is changed)', body: ChangeSet, response: { 200: Plan } },
  }, (request) => {
    authorize(app.units, request.user, 'registry:preview', { kind: 'unit', unitCode: request.user?.unit.code ?? app.units.centralCode });
    return previewChangeSet(app.db, request.body);
  });

  app.post('/api/units/changes/apply', {
    schema: { tags: ['units'], summary: 'Apply a change set in one transaction; applying it again changes nothing', body: ChangeSet, response: { 200: Plan } },
  }, async (request) => {
    authorize(app.units, request.user, 'registry:apply', { kind: 'unit', unitCode: app.units.centralCode });
    const plan = await applyChangeSet(app.db, request.body);
    await app.units.reload(app.db);
    return plan;
  });
};

export default changeRoutes;
