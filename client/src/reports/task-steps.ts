import { api } from '../api.ts';
import { dateField } from '../components/date-time.ts';
import { errorText, message } from '../components/feedback.ts';
import { input } from '../components/field.ts';
import { h, replaceChildren, uid } from '../dom.ts';
import { t } from '../i18n/index.ts';
import { dmy } from '../time.ts';
import type { Assignment, AssignmentDetail, StepBody, TaskAction, TaskStatus } from './types.ts';

/**
 * The steps each side may take from each status (server/tasks/states.ts decides; this only
 * picks the buttons to offer, and a status added on the server without a row here fails tsc).
 */
const assigneeSteps: Record<TaskStatus, TaskAction[]> = {
  assigned: ['receive', 'start', 'complete', 'request_extension'],
  received: ['start', 'complete', 'note', 'request_extension'],
  in_progress: ['complete', 'note', 'request_extension'],
  extension_requested: ['note'],
  done: [],
  accepted: [],
};
const convenerSteps: Record<TaskStatus, TaskAction[]> = {
  assigned: [], received: [], in_progress: [], done: ['accept', 'return'], extension_requested: ['grant_extension', 'refuse_extension'], accepted: [],
};
const needsNote: ReadonlySet<TaskAction> = new Set(['note', 'request_extension', 'refuse_extension', 'return']);

export function statusTag(a: Pick<Assignment, 'status' | 'overdue'>): HTMLElement {
  return h('span', { class: 'task-status-wrap' },
    h('span', { class: `task-status task-status--${a.status}`, 'data-status': a.status }, t(`task.status.${a.status}`)),
    a.overdue ? h('span', { class: 'task-status task-status--overdue' }, t('task.overdue')) : null);
}

/**
 * The buttons for one body's task with a short note beside them: a step is one click (and
 * the note when it needs one). `side` picks the assigned body's steps or the convening body's.
 * After a step the row is drawn again from the server's answer.
 */
export function stepControls(a: Assignment, side: 'assignee' | 'convener', onChange: (updated: AssignmentDetail) => void): HTMLElement | null {
  const actions = (side === 'assignee' ? assigneeSteps : convenerSteps)[a.status];
  if (actions.length === 0) return null;
  const noteId = uid('task-note');
  const note = input({ id: noteId, type: 'text', maxlength: 2000, autocomplete: 'off', class: 'input task-note', 'data-testid': 'task-note', placeholder: t('task.note') });
  const deadline = dateField(t('task.newDeadline'), '', { required: true });
  deadline.element.hidden = true;
  const status = h('div', { class: 'task-step-status', 'aria-live': 'polite' });
  const buttons = actions.map((action) => h('button', {
    type: 'button', class: `button button--small ${action === 'complete' || action === 'accept' ? 'button--primary' : 'button--secondary'}`, 'data-action': action,
    on: { click: () => void take(action) },
  }, t(`task.action.${action}`)));
  const take = async (action: TaskAction): Promise<void> => {
    const text = note.value.trim();
    if (needsNote.has(action) && !text) {
      status.replaceChildren(message('error', t('task.noteHint')));
      note.focus();
      return;
    }
    const body: StepBody = { action, note: text };
    if (action === 'request_extension') {
      if (deadline.element.hidden || !deadline.iso()) {
        // First click shows the field; a second without a date says what is missing.
        deadline.setError(deadline.element.hidden ? null : t('task.create.missingDeadline'));
        deadline.element.hidden = false;
        deadline.control.focus();
        return;
      }
      body.deadline = deadline.iso()!;
    }
    for (const b of buttons) b.disabled = true;
    try {
      onChange(await api.post<AssignmentDetail>(`/api/task-assignments/${a.id}/steps`, body));
    } catch (err) {
      status.replaceChildren(message('error', errorText(err)));
      for (const b of buttons) b.disabled = false;
    }
  };
  return h('div', { class: 'task-steps' },
    h('label', { class: 'visually-hidden', for: noteId }, t('task.note')),
    h('div', { class: 'task-step-row' }, note, ...buttons),
    deadline.element,
    status);
}

/** One body's task as the assigned body sees it: what, from which meeting, by when, and its steps. */
export function assignmentCard(a: Assignment, onChange?: (updated: AssignmentDetail) => void): HTMLElement {
  const root = h('article', { class: 'task-card', 'data-assignment': a.id, 'data-status': a.status });
  const paint = (x: Assignment, saved: boolean) => {
    root.dataset['status'] = x.status;
    replaceChildren(root,
      h('div', { class: 'task-card-head' }, h('p', { class: 'task-text' }, x.text), statusTag(x)),
      h('p', { class: 'task-meta' },
        h('span', null, t('task.deadline', { date: dmy(x.deadline) })),
        x.requestedDeadline ? h('span', null, t('task.requested', { date: dmy(x.requestedDeadline) })) : null,
        h('span', null, t('task.fromMeeting', { title: x.meetingTitle }))),
      x.expectedResult ? h('p', { class: 'task-expected' }, t('task.expected', { text: x.expectedResult })) : null,
      x.lastNote ? h('p', { class: 'task-last-note' }, t('task.lastNote', { note: x.lastNote })) : null,
      saved ? message('success', t('task.saved')) : null,
      stepControls(x, 'assignee', (updated) => {
        paint(updated, true);
        onChange?.(updated);
      }));
  };
  paint(a, false);
  return root;
}
