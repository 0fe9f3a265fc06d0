import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { eq } from 'drizzle-orm';
import { Type } from 'typebox';
import { authorize, requireUser } from '../auth/policy.ts';
import { StringEnum } from '../lib/schema.ts';
import { bodies } from '../units/schema.ts';
import { MAX_OCCURRENCES, weekdayCodes } from './recurrence.ts';
import type { MeetingRow } from './schema.ts';
import { LocalDate, LocalDateTime, MeetingTemplateFields, SeriesCreated, SeriesDetail, TimeZone } from './schemas.ts';
import { createSeries, loadSeries, updateSeries, type SeriesRow } from './series.ts';
import { meetingView } from './views.ts';

const Rule = Type.Object(
  {
    freq: StringEnum(['weekly', 'monthly'] as const),
    interval: Type.Optional(Type.Integer({ minimum: 1, maximum: 12 })),
    byWeekday: Type.Optional(Type.Array(StringEnum(weekdayCodes), { minItems: 1, maxItems: 7, uniqueItems: true })),
    nth: Type.Optional(Type.Integer({ minimum: -1, maximum: 4, not: { const: 0 }, description: 'Monthly: nth weekday (1–4, -1 = last)' })),
    byMonthDay: Type.Optional(Type.Integer({ minimum: 1, maximum: 31 })),
    until: Type.Optional(LocalDate),
    count: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_OCCURRENCES })),
  },
  { additionalProperties: false },
);

const StartTime = Type.String({ pattern: '^[0-2][0-9]:[0-5][0-9]$', description: 'Local time of day, HH:mm' });
const Duration = Type.Integer({ minimum: 5, maximum: 1440 });

const CreateSeriesBody = Type.Object(
  {
    convenerBodyId: Type.Optional(Type.String({ minLength: 3, maxLength: 60 })),
    ...MeetingTemplateFields,
    firstStartsAt: LocalDateTime,
    durationMinutes: Duration,
    timeZone: Type.Optional(TimeZone),
    rule: Rule,
    skipNonWorkingDays: Type.Optional(Type.Boolean({ default: true, description: 'Leave out occurrences on holidays and weekends' })),
  },
  { additionalProperties: false },
);

const UpdateSeriesBody = Type.Partial(
  Type.Object({ ...MeetingTemplateFields, startTime: StartTime, durationMinutes: Duration }),
  { additionalProperties: false },
);

const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });

function seriesView(series: SeriesRow, occurrences: MeetingRow[], convenerName: string) {
  const { createdAt: _c, updatedAt: _u, createdBy: _b, ...rest } = series;
  return { series: { ...rest, template: rest.template as Record<string, unknown> }, occurrences: occurrences.map((o) => meetingView(o, convenerName)) };
}

/** Regular briefings (giao ban): a rule, a template, and one meeting per occurrence. */
const seriesRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const convenerName = async (bodyId: string) =>
    (await app.db.select({ name: bodies.name }).from(bodies).where(eq(bodies.id, bodyId)))[0]?.name ?? bodyId;

  app.post('/api/meeting-series', {
    schema: {
      tags: ['meetings'], summary: `Create a weekly or monthly series; draft meetings are made up to ${MAX_OCCURRENCES} occurrences ahead`,
      body: CreateSeriesBody,
      response: { 201: SeriesCreated },
    },
  }, async (request, reply) => {
    const user = requireUser(request.user);
    const created = await createSeries(app.db, app.units, user, request.body);
    const view = seriesView(created.series, created.occurrences, await convenerName(created.series.convenerBodyId));
    return reply.status(201).send({ ...view, skipped: created.skipped });
  });

  app.get('/api/meeting-series/:id', {
    schema: { tags: ['meetings'], summary: 'A series with its occurrences', params: Params, response: { 200: SeriesDetail } },
  }, async (request) => {
    const { series, occurrences } = await loadSeries(app.db, request.params.id);
    authorize(app.units, request.user, 'meeting:read', { kind: 'meeting', unitCode: series.unitCode, convenerBodyId: series.convenerBodyId });
    return seriesView(series, occurrences, await convenerName(series.convenerBodyId));
  });

  app.patch('/api/meeting-series/:id', {
    schema: {
      tags: ['meetings'], summary: 'Edit the series: its template and every future draft occurrence not edited on its own',
      params: Params, body: UpdateSeriesBody,
      response: { 200: Type.Object({ ...SeriesDetail.properties, updated: Type.Integer(), issuedLeft: Type.Integer({ description: 'Issued occurrences left as they are (change each on its own)' }) }) },
    },
  }, async (request) => {
    const user = requireUser(request.user);
    const { updated, issuedLeft } = await updateSeries(app, user, request.params.id, request.body);
    const { series, occurrences } = await loadSeries(app.db, request.params.id);
    return { ...seriesView(series, occurrences, await convenerName(series.convenerBodyId)), updated, issuedLeft };
  });
};

export default seriesRoutes;
