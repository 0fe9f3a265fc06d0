import { Type, type Static } from 'typebox';
import { IsoDate, Nullable, StringEnum } from '../lib/schema.ts';
import { taskActions, taskSourceKinds, taskStatuses } from './states.ts';

export const CreateTaskBody = Type.Object({
  text: Type.String({ minLength: 3, maxLength: 2000 }),
  expectedResult: Type.String({ maxLength: 1000, default: '' }),
  deadline: IsoDate,
  /** Body ids, or every invited body. */
  // The literal first: ajv's array coercion would otherwise make 'all-invited' a one-item list.
  assignees: Type.Union([Type.Literal('all-invited'), Type.Array(Type.String({ minLength: 3, maxLength: 60 }), { minItems: 1, maxItems: 5000 })]),
  conclusionIndex: Type.Integer({ minimum: 0, maximum: 999, default: 0 }),
});
export type CreateTaskBody = Static<typeof CreateTaskBody>;

export const StepBody = Type.Object({
  action: StringEnum(taskActions),
  note: Type.String({ maxLength: 2000, default: '' }),
  deadline: Type.Optional(IsoDate),
});
export type StepBody = Static<typeof StepBody>;

export const AssignmentView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  taskId: Type.String({ format: 'uuid' }),
  meetingId: Type.String({ format: 'uuid' }),
  meetingTitle: Type.String(),
  convenerBodyId: Type.String(),
  source: StringEnum(taskSourceKinds),
  text: Type.String(),
  expectedResult: Type.String(),
  bodyId: Type.String(),
  bodyName: Type.String(),
  unitCode: Type.String(),
  status: StringEnum(taskStatuses),
  deadline: IsoDate,
  requestedDeadline: Nullable(IsoDate),
  overdue: Type.Boolean(),
  doneAt: Nullable(Type.String()),
  acceptedAt: Nullable(Type.String()),
  updatedAt: Type.String(),
  lastNote: Type.String(),
});
export type AssignmentView = Static<typeof AssignmentView>;

export const TaskView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  meetingId: Type.String({ format: 'uuid' }),
  meetingTitle: Type.String(),
  source: StringEnum(taskSourceKinds),
  conclusionIndex: Type.Integer(),
  text: Type.String(),
  expectedResult: Type.String(),
  deadline: IsoDate,
  /** Per body: how far each got. */
  completion: Type.Object({ assigned: Type.Integer(), done: Type.Integer(), accepted: Type.Integer(), overdue: Type.Integer() }),
  assignments: Type.Array(AssignmentView),
});
export type TaskView = Static<typeof TaskView>;

export const TaskList = Type.Object({ items: Type.Array(TaskView) });
export const AssignmentList = Type.Object({ items: Type.Array(AssignmentView) });

export const StepView = Type.Object({
  action: Type.String(),
  fromStatus: StringEnum(taskStatuses),
  toStatus: StringEnum(taskStatuses),
  note: Type.String(),
  byBodyId: Type.String(),
  at: Type.String(),
});
export const AssignmentDetail = Type.Object({ ...AssignmentView.properties, history: Type.Array(StepView), mayWork: Type.Boolean(), mayDecide: Type.Boolean() });
export type AssignmentDetail = Static<typeof AssignmentDetail>;

export const TasksQuery = Type.Object({
  view: StringEnum(['mine', 'convened'] as const, { default: 'mine' }),
});
