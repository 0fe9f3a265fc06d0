import { api, ApiError } from '../api.ts';
import { card } from '../components/card.ts';
import { errorText, message } from '../components/feedback.ts';
import { pageHeader } from '../components/page-header.ts';
import { h } from '../dom.ts';
import { t } from '../i18n/index.ts';
import type { PageContext, PageResult } from '../page.ts';
import { href } from '../router.ts';
import { dmy } from '../time.ts';
import { assignmentCard, statusTag, stepControls } from './task-steps.ts';
import type { Assignment, Task, TaskList } from './types.ts';
import '../styles/tasks.css';

const reportRoles = new Set(['admin', 'convener', 'secretary', 'observer']);

/**
 * My body's tasks, each with its steps in place; and for a convening body the tasks it
 * assigned, with every body's progress and the steps that are the convener's to take.
 */
export async function render({ user }: PageContext): Promise<PageResult> {
  const mine = h('div', { class: 'task-list', 'data-testid': 'tasks-mine' });
  const convened = h('div', { class: 'task-list', 'data-testid': 'tasks-convened' });
  const sections: HTMLElement[] = [card(t('task.mine'), mine)];

  try {
    const list = await api.get<TaskList>('/api/tasks', { view: 'mine' });
    const items = list.items.flatMap((task) => task.assignments);
    mine.append(...(items.length ? items.map((a) => assignmentCard(a)) : [message('info', t('task.none'))]));
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) throw err;
    mine.append(message('error', `${t('task.loadFailed')} ${errorText(err)}`));
  }

  if (user && reportRoles.has(user.role)) {
    sections.push(card(t('task.convened'), convened));
    try {
      const list = await api.get<TaskList>('/api/tasks', { view: 'convened' });
      convened.append(...(list.items.length ? list.items.map(convenedTask) : [message('info', t('task.noneConvened'))]));
    } catch (err) {
      convened.append(message('error', `${t('task.loadFailed')} ${errorText(err)}`));
    }
  }
  return h('div', { class: 'page page--wide tasks-page' }, pageHeader(t('nav.tasks'), t('task.lead')), ...sections);
}

/** A task the reader's body assigned: completion per body and, per row, accept/return or decide an extension. */
export function convenedTask(task: Task): HTMLElement {
  const done = task.assignments.filter((a) => a.status === 'done' || a.status === 'accepted').length;
  return h('article', { class: 'task-card task-card--convened', 'data-task': task.id },
    h('div', { class: 'task-card-head' }, h('p', { class: 'task-text' }, task.text), h('span', { class: 'task-completion' }, `${done}/${task.completion.assigned}`)),
    h('p', { class: 'task-meta' },
      h('span', null, t('task.deadline', { date: dmy(task.deadline) })),
      h('a', { href: href(`/meetings/${task.meetingId}`) }, t('task.fromMeeting', { title: task.meetingTitle }))),
    h('p', { class: 'task-completion-line' }, t('task.completion', { ...task.completion, done })),
    h('div', { class: 'table-wrap' },
      h('table', { class: 'data-table task-table' },
        h('thead', null, h('tr', null, ...(['task.col.body', 'task.col.status', 'task.col.deadline', 'task.col.note', 'task.col.actions'] as const).map((k) => h('th', { scope: 'col' }, t(k))))),
        h('tbody', null, task.assignments.map(assignmentRow)))));
}

function assignmentRow(a: Assignment): HTMLElement {
  const row = h('tr', { 'data-assignment': a.id });
  const paint = (x: Assignment) => {
    row.replaceChildren(
      h('th', { scope: 'row', 'data-label': t('task.col.body') }, h('a', { href: href(`/records/${x.bodyId}`) }, x.bodyName)),
      h('td', { 'data-label': t('task.col.status') }, statusTag(x)),
      h('td', { 'data-label': t('task.col.deadline'), class: 'task-date' }, dmy(x.deadline), x.requestedDeadline ? h('span', { class: 'task-requested' }, ` → ${dmy(x.requestedDeadline)}`) : null),
      h('td', { 'data-label': t('task.col.note') }, x.lastNote),
      h('td', { 'data-label': t('task.col.actions') }, stepControls(x, 'convener', paint)));
  };
  paint(a);
  return row;
}
