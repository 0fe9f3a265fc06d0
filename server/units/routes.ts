import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { getUnit, listBodies, listUnits } from './queries.ts';
import { BodyList, BodyQuery, CodeParams, UnitDetail, UnitList, UnitQuery } from './schemas.ts';

/** The public registry: units are public information, so no login is needed. */
const unitRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/units', {
    schema: {
      tags: ['units'],
      summary: 'List or search administrative units',
      querystring: UnitQuery,
      response: { 200: UnitList },
    },
  }, (request) => listUnits(app.db, app.units, request.query));

  app.get('/api/units/:code', {
    schema: {
      tags: ['units'],
      summary: 'One unit with its bodies and earlier names; a ceased unit\'s code and old (pre-2025) commune, district and province codes resolve to the unit they became part of',
      params: CodeParams,
      response: { 200: UnitDetail },
    },
  }, (request) => getUnit(app.db, app.units, request.params.code));

  app.get('/api/bodies', {
    schema: {
      tags: ['units'],
      summary: 'List or search bodies (cơ quan): UBND, HĐND, Đảng ủy, Sở…',
      querystring: BodyQuery,
      response: { 200: BodyList },
    },
  }, (request) => listBodies(app.db, request.query));
};

export default unitRoutes;
