import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { authorize } from '../auth/policy.ts';
import { vietnamIso } from '../lib/time.ts';
import type { AccessEntry } from './log.ts';
import { AccessLogPage, AccessLogQuery, type AccessEntryView } from './schemas.ts';

const view = (e: AccessEntry): AccessEntryView => ({
  seq: e.seq, at: vietnamIso(e.at), actorId: e.actorId, actorName: e.actorName, action: e.action,
  documentId: e.documentId, target: e.target, ip: e.ip, details: e.details, hash: e.hash,
});

/** The admin view: newest entries first, with the whole chain checked on every look. */
const accessLogRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/access-log', {
    schema: {
      tags: ['access-log'], summary: 'Access log entries, newest first, and whether the hash chain is intact (admins)',
      querystring: AccessLogQuery, response: { 200: AccessLogPage },
    },
  }, async (request) => {
    const user = authorize(app.units, request.user, 'audit:read', { kind: 'unit', unitCode: request.user?.unit.code ?? '' });
    // An admin reads what accounts of its unit and the units below it did (a commune admin its
    // commune's, a province admin the province's); the public's lookups (the verify page) are
    // for province and central admins. The chain is checked whole: a gap anywhere is reported.
    const scope = { unitCodes: [user.unit.code, ...app.units.descendants(user.unit.code)], includePublic: user.unit.level !== 'commune' };
    const [chain, items] = await Promise.all([app.accessLog.verifyChain(), app.accessLog.list({ before: request.query.before, limit: request.query.limit, scope })]);
    return { chain, items: items.map(view) };
  });
};

export default accessLogRoutes;
