/**
 * The task workflow as one table (pure data: the browser client reads its types too).
 *
 * assigned ─receive→ received ─start→ in_progress ─complete→ done ─accept→ accepted
 *                                                   ↑              └return→ in_progress
 * any open state ─request_extension→ extension_requested ─grant/refuse→ in_progress
 *
 * `by` says whose step it is: the assigned body ('assignee') or the convening body
 * ('convener'). A step from any other state is refused with 409 and the reason.
 */
export const taskStatuses = ['assigned', 'received', 'in_progress', 'extension_requested', 'done', 'accepted'] as const;
export type TaskStatus = (typeof taskStatuses)[number];

export const taskSourceKinds = ['minutes', 'notice', 'meeting'] as const;
export type TaskSourceKind = (typeof taskSourceKinds)[number];

export const taskActions = ['receive', 'start', 'note', 'complete', 'request_extension', 'grant_extension', 'refuse_extension', 'accept', 'return'] as const;
export type TaskAction = (typeof taskActions)[number];

export interface Transition {
  from: readonly TaskStatus[];
  /** null: the status stays (a progress note). */
  to: TaskStatus | null;
  by: 'assignee' | 'convener';
  /** The step needs a note saying why (an extension, a refusal, a return). */
  reason: boolean;
}

const open = ['assigned', 'received', 'in_progress'] as const;

export const transitions: Record<TaskAction, Transition> = {
  receive: { from: ['assigned'], to: 'received', by: 'assignee', reason: false },
  start: { from: ['assigned', 'received'], to: 'in_progress', by: 'assignee', reason: false },
  note: { from: [...open, 'extension_requested'], to: null, by: 'assignee', reason: true },
  complete: { from: open, to: 'done', by: 'assignee', reason: false },
  request_extension: { from: open, to: 'extension_requested', by: 'assignee', reason: true },
  grant_extension: { from: ['extension_requested'], to: 'in_progress', by: 'convener', reason: false },
  refuse_extension: { from: ['extension_requested'], to: 'in_progress', by: 'convener', reason: true },
  accept: { from: ['done'], to: 'accepted', by: 'convener', reason: false },
  return: { from: ['done'], to: 'in_progress', by: 'convener', reason: true },
};

/** Statuses in which the work is finished as far as the assignee is concerned (not overdue any more). */
export const finishedStatuses: readonly TaskStatus[] = ['done', 'accepted'];

/** Overdue: not finished and its deadline (a Vietnam date, inclusive) is before today's date in Vietnam. */
export function isOverdue(status: TaskStatus, deadline: string, today: string): boolean {
  return !finishedStatuses.includes(status) && deadline < today;
}
