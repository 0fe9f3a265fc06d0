import { Type, type Static } from 'typebox';
import { IsoDate, Nullable } from '../lib/schema.ts';
import { AssignmentView } from '../tasks/schemas.ts';

const Int = Type.Integer();

export const PeriodQuery = Type.Object({ from: Type.Optional(IsoDate), to: Type.Optional(IsoDate) });
export const DashboardQuery = Type.Object({ unit: Type.String({ minLength: 2, maxLength: 10 }), from: Type.Optional(IsoDate), to: Type.Optional(IsoDate) });
export type DashboardQuery = Static<typeof DashboardQuery>;

const counts = {
  invited: Int, held: Int, attended: Int, attendanceRate: Nullable(Type.Number()), late: Int, substitutes: Int, absentExcused: Int, absent: Int,
  tasksAssigned: Int, tasksDone: Int, tasksOverdue: Int, noticesOnTime: Int, noticesLate: Int, noticesPending: Int,
};
/** The instance runs with demo data (DEMO_DATA): the page says so. */
const Demo = Type.Boolean({ description: 'The instance runs with demo data (DEMO_DATA): its records are illustrative' });

export const DashboardView = Type.Object({
  demo: Demo,
  unit: Type.Object({ code: Type.String(), name: Type.String(), level: Type.String() }),
  from: IsoDate,
  to: IsoDate,
  units: Type.Array(Type.Object({ unitCode: Type.String(), unitName: Type.String(), bodies: Int, ...counts })),
  bodies: Type.Array(Type.Object({
    bodyId: Type.String(), bodyName: Type.String(), unitCode: Type.String(), groupCode: Type.String(),
    /** The unit a ceased unit's records now belong to ("nay thuộc"). */
    nowPartOf: Nullable(Type.Object({ code: Type.String(), name: Type.String() })),
    ...counts,
  })),
  total: Type.Object(counts),
});
export type DashboardView = Static<typeof DashboardView>;

export const RecordView = Type.Object({
  demo: Demo,
  body: Type.Object({
    id: Type.String(), name: Type.String(), unitCode: Type.String(), unitName: Type.String(),
    /** Bodies of units that merged into this one: their records are part of this record, each under its own name. */
    predecessors: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), unitCode: Type.String() })),
  }),
  from: IsoDate,
  to: IsoDate,
  /** 'convened': the reader sees only the meetings its own body convened. */
  scope: Type.Union([Type.Literal('all'), Type.Literal('convened')]),
  meetings: Type.Array(Type.Object({
    id: Type.String(), title: Type.String(), startsAt: Type.String(), status: Type.String(), convenerBodyId: Type.String(), convenerName: Type.String(),
    /** The invited body and its name on the invitation: a predecessor's (a merged commune's) under its own name. */
    bodyId: Type.String(), bodyName: Type.String(),
    invitationNumber: Nullable(Type.String()), rsvp: Type.String(), declineReason: Nullable(Type.String()), substitute: Nullable(Type.String()),
    firstJoin: Nullable(Type.String()), attendance: Type.String(),
    documents: Type.Array(Type.Object({ id: Type.String(), type: Type.String(), number: Type.String(), issuedAt: Type.String(), subject: Type.String(), url: Type.String() })),
  })),
  tasks: Type.Array(AssignmentView),
  totals: Type.Object({
    invited: Int, joined: Int, late: Int, absentExcused: Int, absent: Int, substitutes: Int, minutes: Int, notices: Int, tasks: Int, tasksDone: Int, tasksOverdue: Int,
  }),
});
export type RecordView = Static<typeof RecordView>;
