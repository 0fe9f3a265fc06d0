import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { Type } from 'typebox';
import { authorize, recordScope, requireUser } from '../auth/policy.ts';
import type { SessionUser } from '../auth/session-user.ts';
import { buildEdxml, documentTypeName } from '../documents/edxml.ts';
import { documents } from '../documents/schema.ts';
import { findDocumentFile } from '../documents/stored.ts';
import { meetingInvitees } from '../invitations/schema.ts';
import { Forbidden, NotFound } from '../lib/errors.ts';
import { loadMeetingAccess } from '../meetings/access.ts';
import { meetings } from '../meetings/schema.ts';
import { todayInVietnam } from '../tasks/service.ts';
import { bodies } from '../units/schema.ts';
import { datelinePlace } from '../units/place-name.ts';
import { dashboard, periodOf } from './dashboard.ts';
import { dashboardCsv, dashboardXlsx } from './export.ts';
import { bodyRecord } from './record.ts';
import { renderRecordPdf } from './record-pdf.ts';
import { DashboardQuery, DashboardView, PeriodQuery, RecordView } from './schemas.ts';

const bodiesActedFor = (user: SessionUser) => [user.body.id, ...user.actsFor.map((d) => d.principalBodyId)];
const defaultPeriod = (q: { from?: string | undefined; to?: string | undefined }) => {
  const today = todayInVietnam();
  return { from: q.from ?? `${today.slice(0, 4)}-01-01`, to: q.to ?? today };
};

/** Reports read from the records: a body's record page, the dashboard of a tier, and edXML exports of issued documents. */
const reportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const placeOf = (code: string | undefined) => {
    const unit = code ? app.units.get(code) : undefined;
    return unit ? datelinePlace(unit) : '';
  };
  const board = async (user: SessionUser | null, q: DashboardQuery) => {
    authorize(app.units, user, 'report:read', { kind: 'unit', unitCode: q.unit });
    const { from, to } = defaultPeriod(q);
    return { demo: app.config.DEMO_DATA, ...await dashboard(app.db, app.units, q.unit, from, to, { lateMinutes: app.config.ATTENDANCE_LATE_MINUTES, today: todayInVietnam() }) };
  };

  app.get('/api/reports/dashboard', {
    schema: {
      tags: ['reports'], summary: 'Per body and per unit of the tier below (province → communes, centre → provinces): meetings, attendance, tasks, conclusion notices',
      querystring: DashboardQuery, response: { 200: DashboardView },
    },
  }, (request) => board(request.user, request.query));

  app.get('/api/reports/dashboard.csv', {
    schema: { tags: ['reports'], summary: 'The dashboard per unit as CSV (UTF-8 with BOM)', querystring: DashboardQuery, produces: ['text/csv'], response: { 200: Type.String() } },
  }, async (request, reply) => {
    const d = await board(request.user, request.query);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="bao-cao-${d.unit.code}-${d.from}-${d.to}.csv"`).send(dashboardCsv(d));
  });

  app.get('/api/reports/dashboard.xlsx', {
    schema: { tags: ['reports'], summary: 'The dashboard per unit and per body as an Excel workbook', querystring: DashboardQuery },
  }, async (request, reply) => {
    const d = await board(request.user, request.query);
    return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="bao-cao-${d.unit.code}-${d.from}-${d.to}.xlsx"`).send(await dashboardXlsx(d));
  });

  const BodyParams = Type.Object({ bodyId: Type.String({ minLength: 3, maxLength: 60 }) });
  const loadRecord = async (userIn: SessionUser | null, bodyId: string, q: { from?: string | undefined; to?: string | undefined }) => {
    const user = requireUser(userIn);
    const [body] = await app.db.select({ id: bodies.id, name: bodies.name, unitCode: bodies.unitCode, kind: bodies.kind, symbol: bodies.symbol, parentBodyId: bodies.parentBodyId }).from(bodies).where(eq(bodies.id, bodyId));
    if (!body) throw new NotFound(`Body ${bodyId}`);
    authorize(app.units, user, 'records:read', { kind: 'body', bodyId: body.id, unitCode: body.unitCode });
    const scope = recordScope(app.units, user, { bodyId: body.id, unitCode: body.unitCode })!;
    const convenedBy = scope === 'convened' ? bodiesActedFor(user) : null;
    if (convenedBy) {
      // Another body reads only what it invited this body to: without such a meeting, nothing.
      const [any] = await app.db.select({ n: sql<number>`1` }).from(meetingInvitees).innerJoin(meetings, eq(meetings.id, meetingInvitees.meetingId))
        .where(and(eq(meetingInvitees.bodyId, body.id), inArray(meetings.convenerBodyId, convenedBy))).limit(1);
      if (!any) throw new Forbidden();
    }
    const { from, to } = defaultPeriod(q);
    // The same body of the units merged into this one: their past meetings and tasks are this body's record now.
    const formerIds = app.units.formerUnits(body.unitCode).map((code) => `${code}:${body.kind}`);
    const predecessors = formerIds.length === 0 ? [] : await app.db.select({ id: bodies.id, name: bodies.name, unitCode: bodies.unitCode }).from(bodies).where(inArray(bodies.id, formerIds)).orderBy(bodies.id);
    const record = await bodyRecord(app.db, [body.id, ...predecessors.map((p) => p.id)], periodOf(from, to), { lateMinutes: app.config.ATTENDANCE_LATE_MINUTES, today: todayInVietnam(), convenedBy });
    const view = { demo: app.config.DEMO_DATA, body: { id: body.id, name: body.name, unitCode: body.unitCode, unitName: app.units.get(body.unitCode)?.name ?? body.unitCode, predecessors }, from, to, scope, ...record };
    return { view, body };
  };

  app.get('/api/records/:bodyId', {
    schema: {
      tags: ['reports'], summary: "A body's record: meetings it was invited to, its answers and attendance, the minutes and notices, its tasks",
      params: BodyParams, querystring: PeriodQuery, response: { 200: RecordView },
    },
  }, async (request) => (await loadRecord(request.user, request.params.bodyId, request.query)).view);

  app.get('/api/records/:bodyId/pdf', {
    schema: {
      tags: ['reports'], summary: "A body's record as a report (NĐ 30 layout): BÁO CÁO KẾT QUẢ THAM DỰ HỌP VÀ THỰC HIỆN NHIỆM VỤ for the period",
      params: BodyParams, querystring: PeriodQuery, produces: ['application/pdf'], response: { 200: Type.Unsafe<unknown>({ type: 'string', format: 'binary' }) },
    },
  }, async (request, reply) => {
    const { view, body } = await loadRecord(request.user, request.params.bodyId, request.query);
    const [parent] = body.parentBodyId ? await app.db.select({ shortName: bodies.shortName }).from(bodies).where(eq(bodies.id, body.parentBodyId)) : [];
    const pdf = await renderRecordPdf(view, {
      ...(parent ? { parentBody: parent.shortName.toLocaleUpperCase('vi') } : {}),
      issuingBody: body.name.toLocaleUpperCase('vi'), symbol: body.symbol, place: placeOf(body.unitCode), issuedAt: new Date(),
    });
    return reply.type('application/pdf').header('content-disposition', `inline; filename="bao-cao-${body.id.replace(/[^\w-]+/g, '_')}-${view.from}-${view.to}.pdf"`).send(pdf);
  });

  app.get('/api/documents/:id/edxml', {
    schema: {
      tags: ['reports'], summary: 'An issued document (Giấy mời, biên bản, thông báo) as edXML (QCVN 102:2016) with its signed PDF in base64',
      params: Type.Object({ id: Type.String({ format: 'uuid' }) }), produces: ['application/xml'], response: { 200: Type.String() },
    },
  }, async (request, reply) => {
    const [doc] = await app.db.select().from(documents).where(eq(documents.id, request.params.id));
    if (!doc?.meetingId) throw new NotFound(`Document ${request.params.id}`);
    const { resource } = await loadMeetingAccess(app, doc.meetingId);
    authorize(app.units, request.user, 'meeting:read', resource);
    const file = await findDocumentFile(app.db, doc.id);
    if (!file) throw new NotFound(`The stored file of document ${doc.formatted}`);
    const [issuer] = await app.db.select({ agencyId: bodies.agencyId, unitCode: bodies.unitCode }).from(bodies).where(eq(bodies.id, doc.bodyId));
    const to = await app.db.select({ organId: bodies.agencyId, organName: meetingInvitees.bodyName }).from(meetingInvitees)
      .innerJoin(bodies, eq(bodies.id, meetingInvitees.bodyId)).where(eq(meetingInvitees.meetingId, doc.meetingId)).orderBy(meetingInvitees.unitCode, meetingInvitees.bodyName);
    const xml = buildEdxml({
      metadata: doc.metadata, type: { code: doc.type, name: documentTypeName(doc.type) }, place: placeOf(issuer?.unitCode),
      to, organId: issuer?.agencyId ?? null, documentId: doc.id, file: { name: file.fileName, contentType: file.contentType, content: file.content },
    });
    return reply.type('application/xml; charset=utf-8').header('content-disposition', `attachment; filename="${doc.formatted.replace(/[^\w-]+/g, '_')}.edxml"`).send(xml);
  });
};

export default reportRoutes;
