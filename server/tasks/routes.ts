import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { Type } from 'typebox';
import { authorize, can, mayInvite, reportSiteFilter, requireUser, roleMay } from '../auth/policy.ts';
import type { SessionUser } from '../auth/session-user.ts';
import { Forbidden, InvalidInput, NotFound } from '../lib/errors.ts';
import { formatDate } from '../lib/time.ts';
import { loadMeetingAccess } from '../meetings/access.ts';
import { meetings } from '../meetings/schema.ts';
import { pushNotifications, storeNotifications } from '../notifications/notify.ts';
import { assignmentViews, groupTasks, historyOf, tasksOfMeetings } from './queries.ts';
import { taskAssignments, tasks } from './schema.ts';
import { AssignmentDetail, CreateTaskBody, StepBody, TaskList, TasksQuery, TaskView } from './schemas.ts';
import { createTasks, takeStep, todayInVietnam } from './service.ts';
import { transitions } from './states.ts';

const MeetingParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const AssignmentParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

const stepWords: Record<string, string> = {
  receive: 'đã nhận', start: 'đang thực hiện', note: 'cập nhật tiến độ', complete: 'báo hoàn thành', request_extension: 'xin gia hạn',
  grant_extension: 'đồng ý gia hạn', refuse_extension: 'không đồng ý gia hạn', accept: 'chấp nhận kết quả', return: 'trả lại, yêu cầu làm tiếp',
};

/** Bodies the user's account acts for: its own and those it is the delegate of. */
const bodiesActedFor = (user: SessionUser) => [user.body.id, ...user.actsFor.map((d) => d.principalBodyId)];

/** Tasks from a meeting's conclusions: created by the convening body, worked through by the bodies assigned. */
const taskRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const assignmentAccess = async (id: string, user: SessionUser) => {
    const [row] = await app.db.select().from(taskAssignments).where(eq(taskAssignments.id, id));
    if (!row) throw new NotFound(`Task assignment ${id}`);
    const { meeting, resource } = await loadMeetingAccess(app, row.meetingId);
    const body = { kind: 'body' as const, bodyId: row.bodyId, unitCode: row.unitCode };
    const mayWork = can(app.units, user, 'task:work', body);
    const mayDecide = can(app.units, user, 'minutes:write', resource);
    const mayRead = mayWork || mayDecide || can(app.units, user, 'report:read', resource) || (can(app.units, user, 'records:read', body) && app.units.isWithin(row.unitCode, user.unit.code));
    return { row, meeting, mayWork, mayDecide, mayRead };
  };
  const detail = async (id: string, user: SessionUser) => {
    const access = await assignmentAccess(id, user);
    if (!access.mayRead) throw new Forbidden();
    const [view] = await assignmentViews(app.db, eq(taskAssignments.id, id), todayInVietnam());
    return { ...view!, history: await historyOf(app.db, id), mayWork: access.mayWork, mayDecide: access.mayDecide };
  };

  app.post('/api/meetings/:id/tasks', {
    schema: {
      tags: ['tasks'], summary: 'Assign a task from a conclusion of the meeting to one body, several, or every invited body',
      params: MeetingParams, body: CreateTaskBody, response: { 201: TaskView },
    },
  }, async (request, reply) => {
    const { meeting, resource } = await loadMeetingAccess(app, request.params.id);
    const user = authorize(app.units, request.user, 'minutes:write', resource);
    const { task, notices } = await app.db.transaction(async (tx) => {
      const made = await createTasks(tx, {
        meetingId: meeting.id, source: { kind: 'meeting', conclusionIndex: request.body.conclusionIndex },
        text: request.body.text, expectedResult: request.body.expectedResult, deadline: request.body.deadline,
        assigneeBodyIds: request.body.assignees, createdBy: user.id,
      });
      const foreign = made.assignments.filter((a) => !mayInvite(app.units, meeting.unitCode, a.unitCode));
      if (foreign.length > 0) throw new InvalidInput(`Không thể giao nhiệm vụ cho ${foreign.map((a) => a.bodyName).join(', ')} (ngoài phạm vi của cơ quan triệu tập). / Cannot assign bodies outside the convener's reach.`);
      const notices = await storeNotifications(tx, made.assignments.map((a) => ({ bodyId: a.bodyId })), {
        kind: 'task', title: `Nhiệm vụ mới: ${request.body.text.slice(0, 120)}`,
        body: `Từ cuộc họp "${meeting.title}". Hạn: ${formatDate(request.body.deadline)}.`, meetingId: meeting.id,
      });
      return { ...made, notices };
    });
    pushNotifications(app, notices);
    const [view] = groupTasks(await assignmentViews(app.db, eq(taskAssignments.taskId, task.id), todayInVietnam()), [task]);
    return reply.status(201).send(view!);
  });

  app.get('/api/meetings/:id/tasks', {
    schema: { tags: ['tasks'], summary: "The meeting's tasks: every body's for the convening side and those above, otherwise only the reader's own", params: MeetingParams, response: { 200: TaskList } },
  }, async (request) => {
    const { meeting, resource } = await loadMeetingAccess(app, request.params.id);
    const site = reportSiteFilter(app.units, request.user, resource);
    return { items: await tasksOfMeetings(app.db, [meeting.id], todayInVietnam(), site) };
  });

  app.get('/api/tasks', {
    schema: {
      tags: ['tasks'], summary: "My body's tasks (view=mine), or the tasks of meetings my body convened with each body's progress (view=convened)",
      querystring: TasksQuery, response: { 200: TaskList },
    },
  }, async (request) => {
    const user = requireUser(request.user);
    const today = todayInVietnam();
    if (request.query.view === 'mine') {
      const views = await assignmentViews(app.db, inArray(taskAssignments.bodyId, [user.body.id]), today);
      const ids = [...new Set(views.map((v) => v.taskId))];
      const rows = ids.length ? await app.db.select({ id: tasks.id, conclusionIndex: tasks.conclusionIndex, deadline: tasks.deadline }).from(tasks).where(inArray(tasks.id, ids)).orderBy(asc(tasks.deadline)) : [];
      return { items: groupTasks(views, rows) };
    }
    if (!roleMay(user, 'report:read')) throw new Forbidden();
    const convened = await app.db.selectDistinct({ id: meetings.id }).from(meetings)
      .innerJoin(tasks, eq(tasks.meetingId, meetings.id))
      .where(and(inArray(meetings.convenerBodyId, bodiesActedFor(user))));
    return { items: await tasksOfMeetings(app.db, convened.map((m) => m.id), today, null) };
  });

  app.get('/api/task-assignments/:id', {
    schema: { tags: ['tasks'], summary: "One body's task with its history and what the reader may do with it", params: AssignmentParams, response: { 200: AssignmentDetail } },
  }, (request) => detail(request.params.id, requireUser(request.user)));

  app.post('/api/task-assignments/:id/steps', {
    schema: {
      tags: ['tasks'], summary: 'A step of the workflow: the assigned body receives, starts, notes progress, completes or asks for an extension; the convening body decides it, accepts or returns',
      params: AssignmentParams, body: StepBody, response: { 200: AssignmentDetail },
    },
  }, async (request) => {
    const user = requireUser(request.user);
    const access = await assignmentAccess(request.params.id, user);
    const step = transitions[request.body.action];
    if (!(step.by === 'assignee' ? access.mayWork : access.mayDecide)) throw new Forbidden();
    const { row, meeting } = access;
    const notices = await app.db.transaction(async (tx) => {
      const updated = await takeStep(tx, row.id, { action: request.body.action, note: request.body.note, deadline: request.body.deadline, userId: user.id, bodyId: user.body.id });
      const to = step.by === 'assignee' ? { bodyId: meeting.convenerBodyId } : { bodyId: row.bodyId };
      return storeNotifications(tx, [to], {
        kind: 'task', title: `${row.bodyName}: nhiệm vụ ${stepWords[request.body.action]}`,
        body: `${request.body.note ? `${request.body.note} ` : ''}(hạn ${formatDate(updated.deadline)})`, meetingId: meeting.id,
      });
    });
    pushNotifications(app, notices);
    return detail(row.id, user);
  });
};

export default taskRoutes;
