import { Type } from 'typebox';
import { Nullable, StringEnum } from '../lib/schema.ts';
import { VN_ZONE } from '../lib/zone.ts';

/** GET /api/meetings/:id/attendance, as the API answers it (the client derives its types from these). */

const Time = Type.String({ description: `ISO 8601 in ${VN_ZONE} (+07:00)` });

export const AttendanceSite = Type.Object({
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

export const AttendanceSummary = Type.Object({
  meeting: Type.Object({ id: Type.String(), title: Type.String(), startsAt: Time, endsAt: Time, status: Type.String() }),
  endedAt: Nullable(Time),
  rollCall: Nullable(Type.Object({ id: Type.String(), startedAt: Time })),
  lateAfterMinutes: Type.Integer(),
  totals: Type.Object({ invited: Type.Integer(), joined: Type.Integer(), late: Type.Integer(), leftEarly: Type.Integer(), absentExcused: Type.Integer(), absent: Type.Integer() }),
  sites: Type.Array(AttendanceSite),
});
