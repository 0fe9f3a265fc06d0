/**
 * Task, record and dashboard shapes of the HTTP API, derived from the server's TypeBox schemas
 * (server/tasks/schemas.ts, server/reports/schemas.ts). Types only: erased at build time.
 */
import type { Static } from 'typebox';
import type { AssignmentDetail as AssignmentDetailSchema, AssignmentView as AssignmentViewSchema, CreateTaskBody as CreateTaskBodySchema, StepBody as StepBodySchema, TaskList as TaskListSchema, TaskView as TaskViewSchema } from '../../../server/tasks/schemas.ts';
import type { DashboardView as DashboardViewSchema, RecordView as RecordViewSchema } from '../../../server/reports/schemas.ts';
import type { TaskAction, TaskStatus } from '../../../server/tasks/states.ts';

export type { TaskAction, TaskStatus };
export type Assignment = Static<typeof AssignmentViewSchema>;
export type AssignmentDetail = Static<typeof AssignmentDetailSchema>;
export type Task = Static<typeof TaskViewSchema>;
export type TaskList = Static<typeof TaskListSchema>;
export type CreateTaskBody = Static<typeof CreateTaskBodySchema>;
export type StepBody = Static<typeof StepBodySchema>;
export type RecordView = Static<typeof RecordViewSchema>;
export type RecordMeeting = RecordView['meetings'][number];
export type DashboardView = Static<typeof DashboardViewSchema>;
export type DashboardBody = DashboardView['bodies'][number];
export type DashboardUnit = DashboardView['units'][number];
