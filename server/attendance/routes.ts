import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { reportSiteFilter } from '../auth/policy.ts';
import type { SessionUser } from '../auth/session-user.ts';
import { Nullable, StringEnum } from '../lib/schema.ts';
import { vietnamIso, VN_ZONE } from '../lib/time.ts';
import { loadMeetingAccess } from '../meetings/access.ts';
import { attendanceCsv } from './csv.ts';
import { attendanceSummary, onlySite, type AttendanceSummary } from './summary.ts';

const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });
const Time = Type.String({ description: `ISO 8601 in ${VN_ZONE} (+07:00)` });

const Site = Type.Object({
  siteId: Type.String(),
  siteName: Type.String(),
  invited: Type.Boolean(),
  rsvp: Nullable(Type.String()),
  declineReason: Nullable(Type.String()),
  substitute: Nullable(Type.Object({ name: Type.String(), position: Nullable(Type.String()) })),
  firstJoin: Nullable(Time),
  lastLeave: Nullable(Time),
  connected: Type.Boolean({ description: 'Still in the meeting' }),
  connectedSeconds: Type.Integer(),
  reconnections: Type.Integer(),
  headcount: Nullable(Type.Integer()),
  rollCall: Nullable(Type.Object({ count: Type.Integer(), at: Time })),
  late: Type.Boolean(),
  leftEarly: Type.Boolean(),
  interrupted: Type.Boolean({ description: 'Its presence ended because the server stopped (closed at its last known moment)' }),
  status: StringEnum(['joined', 'late', 'left_early', 'absent_excused', 'absent'] as const, { description: 'absent_excused: vắng có lý do (declined with a reason); absent: vắng không lý do' }),
});

const Summary = Type.Object({
  meeting: Type.Object({ id: Type.String(), title: Type.String(), startsAt: Time, endsAt: Time, status: Type.String() }),
  endedAt: Nullable(Time),
  rollCall: Nullable(Type.Object({ id: Type.String(), startedAt: Time })),
  lateAfterMinutes: Type.Integer(),
  totals: Type.Object({ invited: Type.Integer(), joined: Type.Integer(), late: Type.Integer(), leftEarly: Type.Integer(), absentExcused: Type.Integer(), absent: Type.Integer() }),
  sites: Type.Array(Site),
});

const local = vietnamIso;
const maybe = (d: Date | null) => (d ? local(d) : null);

function view(s: AttendanceSummary, lateAfterMinutes: number) {
  return {
    meeting: { ...s.meeting, startsAt: local(s.meeting.startsAt), endsAt: local(s.meeting.endsAt) },
    endedAt: maybe(s.endedAt),
    rollCall: s.rollCall ? { id: s.rollCall.id, startedAt: local(s.rollCall.startedAt) } : null,
    lateAfterMinutes,
    totals: s.totals,
    sites: s.sites.map((site) => ({
      ...site, firstJoin: maybe(site.firstJoin), lastLeave: maybe(site.lastLeave),
      rollCall: site.rollCall ? { count: site.rollCall.count, at: local(site.rollCall.at) } : null,
    })),
  };
}

/** Attendance of a meeting from its presence events: JSON summary and a CSV sheet for Excel. */
const attendanceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const load = async (id: string, user: SessionUser | null) => {
    const { meeting, resource } = await loadMeetingAccess(app, id);
    const site = reportSiteFilter(app.units, user, resource);
    // Events the live room has not yet stored (leaves after a lost link) land before they are read.
    await app.presence.writes.idle();
    const summary = await attendanceSummary(app.db, meeting, { lateMinutes: app.config.ATTENDANCE_LATE_MINUTES });
    return site === null ? summary : onlySite(summary, site);
  };

  app.get('/api/meetings/:id/attendance', {
    schema: {
      tags: ['attendance'],
      summary: 'Attendance per invited site: joins, leaves, connected time, reconnections, headcount, roll call, late/left early/absent',
      params: Params,
      response: { 200: Summary },
    },
  }, async (request) => view(await load(request.params.id, request.user), app.config.ATTENDANCE_LATE_MINUTES));

  app.get('/api/meetings/:id/attendance.csv', {
    schema: {
      tags: ['attendance'],
      summary: 'Attendance sheet as CSV (UTF-8 with BOM, opens in Excel with Vietnamese intact)',
      params: Params,
      produces: ['text/csv'],
      response: { 200: Type.String() },
    },
  }, async (request, reply) => {
    const summary = await load(request.params.id, request.user);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="diem-danh-${request.params.id}.csv"`)
      .send(attendanceCsv(summary));
  });
};

export default attendanceRoutes;
