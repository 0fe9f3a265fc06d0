import { api } from '../api.ts';
import { card } from '../components/card.ts';
import { dateField } from '../components/date-time.ts';
import { errorText, fieldErrors, message } from '../components/feedback.ts';
import { field, input, textarea } from '../components/field.ts';
import { h } from '../dom.ts';
import { t } from '../i18n/index.ts';
import type { InviteeList } from '../meetings/types.ts';
import { convenedTask } from './tasks-page.ts';
import type { CreateTaskBody, Task, TaskList } from './types.ts';
import '../styles/tasks.css';

/**
 * The convening side's card on the meeting page: the meeting's tasks with each body's progress,
 * and a small form to assign one more — to every invited body or to the bodies ticked.
 */
export function meetingTasksCard(meetingId: string): HTMLElement {
  const list = h('div', { class: 'task-list', 'data-testid': 'meeting-tasks' });
  const refresh = () => api.get<TaskList>(`/api/meetings/${meetingId}/tasks`).then(
    (l) => list.replaceChildren(...l.items.map(convenedTask)),
    (err: unknown) => list.replaceChildren(message('error', `${t('task.loadFailed')} ${errorText(err)}`)));
  void refresh();
  return card(t('task.create.list'), list, h('details', { class: 'task-create' }, h('summary', null, t('task.create.title')), createForm(meetingId, refresh)));
}

function createForm(meetingId: string, refresh: () => Promise<unknown>): HTMLFormElement {
  const text = field(t('task.create.text'), textarea({ maxlength: 2000, name: 'text' }), { required: true });
  const expected = field(t('task.create.expected'), input({ maxlength: 1000, name: 'expectedResult' }));
  const deadline = dateField(t('task.create.deadline'), '', { required: true });
  const all = h('input', { type: 'radio', name: 'assignees', value: 'all', checked: true });
  const chosen = h('input', { type: 'radio', name: 'assignees', value: 'chosen' });
  const boxes = h('fieldset', { class: 'task-bodies', disabled: true });
  const status = h('div', { 'aria-live': 'polite' });
  const sync = () => (boxes.disabled = !chosen.checked);
  all.addEventListener('change', sync);
  chosen.addEventListener('change', sync);
  api.get<InviteeList>(`/api/meetings/${meetingId}/invitees`).then(
    (l) => boxes.replaceChildren(...l.items.map((i) => h('label', { class: 'task-body-option' }, h('input', { type: 'checkbox', value: i.bodyId }), ` ${i.bodyName}`))),
    () => undefined);

  const form = h('form', {
    class: 'task-create-form', novalidate: true,
    on: {
      submit: (event) => {
        event.preventDefault();
        void submit();
      },
    },
  },
  text.element, expected.element, deadline.element,
  h('fieldset', { class: 'task-assignees' }, h('legend', null, t('task.create.assignees')),
    h('label', null, all, ` ${t('task.create.allInvited')}`), h('label', null, chosen, ` ${t('task.create.chosen')}`), boxes),
  h('button', { type: 'submit', class: 'button button--primary' }, t('task.create.submit')),
  status);

  const submit = async (): Promise<void> => {
    const picked = [...boxes.querySelectorAll<HTMLInputElement>('input:checked')].map((b) => b.value);
    const problems: [typeof text | typeof deadline, string | null][] = [
      [text, text.control.value.trim().length < 3 ? t('task.create.missingText') : null],
      [deadline, deadline.problem() ?? (deadline.iso() ? null : t('task.create.missingDeadline'))],
    ];
    for (const [f, problem] of problems) f.setError(problem);
    if (problems.some(([, p]) => p)) return;
    if (chosen.checked && picked.length === 0) {
      status.replaceChildren(message('error', t('task.create.missingBodies')));
      return;
    }
    const body: CreateTaskBody = {
      text: text.control.value.trim(), expectedResult: expected.control.value.trim(), deadline: deadline.iso()!,
      assignees: chosen.checked ? picked : 'all-invited', conclusionIndex: 0,
    };
    try {
      const task = await api.post<Task>(`/api/meetings/${meetingId}/tasks`, body);
      form.reset();
      sync();
      status.replaceChildren(message('success', t('task.create.done', { n: task.assignments.length })));
      await refresh();
    } catch (err) {
      const byField = fieldErrors(err);
      if (byField.has('deadline')) deadline.setError(byField.get('deadline')!);
      status.replaceChildren(message('error', errorText(err)));
    }
  };
  return form;
}
