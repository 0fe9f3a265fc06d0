import { api, ApiError } from '../api.ts';
import { card } from '../components/card.ts';
import { errorText, message } from '../components/feedback.ts';
import { pageHeader } from '../components/page-header.ts';
import { append, h } from '../dom.ts';
import { t } from '../i18n/index.ts';
import { rsvpBadge } from '../meetings/badges.ts';
import type { RsvpStatus } from '../meetings/types.ts';
import type { PageContext, PageResult } from '../page.ts';
import { href } from '../router.ts';
import { dmy, instantVN, clockVN } from '../time.ts';
import { demoBanner } from './demo-banner.ts';
import { periodForm, periodFromHash } from './period.ts';
import { assignmentCard, statusTag } from './task-steps.ts';
import type { Assignment, RecordMeeting, RecordView } from './types.ts';
import '../styles/tasks.css';

const workingRoles = new Set(['admin', 'convener', 'secretary', 'participant']);

/**
 * A body's record for a period: the meetings it was invited to with its answer, attendance and
 * the BB/TB issued, and its tasks — which its own people update here, nothing else to type.
 * `/records` is the reader's own body.
 */
export async function render({ user, path }: PageContext): Promise<PageResult> {
  const bodyId = path.split('/')[2] ?? user?.body.id ?? '';
  const period = periodFromHash();
  const root = h('div', { class: 'page page--wide record-page' });
  let record: RecordView;
  try {
    record = await api.get<RecordView>(`/api/records/${encodeURIComponent(bodyId)}`, { ...period });
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) throw err;
    root.append(pageHeader(t('rec.loadFailed')), message('error', errorText(err)));
    return root;
  }
  const own = !!user && user.body.id === record.body.id && workingRoles.has(user.role);
  const pdf = `/api/records/${encodeURIComponent(record.body.id)}/pdf?from=${record.from}&to=${record.to}`;
  append(root,
    pageHeader(record.body.name, `${record.body.unitName} · ${dmy(record.from)} – ${dmy(record.to)}`),
    record.demo ? demoBanner() : null,
    h('div', { class: 'record-toolbar' },
      periodForm(path, record),
      h('a', { class: 'button button--secondary record-pdf', href: pdf, target: '_blank', rel: 'noopener', 'data-testid': 'record-pdf' }, t('rec.pdf'))),
    record.scope === 'convened' ? message('info', t('rec.scopeConvened')) : null,
    record.body.predecessors.length ? message('info', t('rec.predecessors', { names: record.body.predecessors.map((p) => p.name).join('; ') })) : null,
    totals(record),
    card(t('rec.meetings'), record.meetings.length ? meetingsTable(record.meetings, record.body.id) : message('info', t('rec.noMeetings'))),
    card(t('rec.tasks'), h('div', { class: 'task-list', 'data-testid': 'record-tasks' },
      record.tasks.length ? record.tasks.map((a) => (own && a.bodyId === record.body.id ? assignmentCard(a) : readOnlyTask(a, record.body.id))) : message('info', t('rec.noTasks')))),
  );
  return root;
}

function totals(r: RecordView): HTMLElement {
  const items = [
    ['rec.total.invited', r.totals.invited], ['rec.total.joined', r.totals.joined], ['rec.total.late', r.totals.late],
    ['rec.total.absentExcused', r.totals.absentExcused], ['rec.total.absent', r.totals.absent],
    ['rec.total.tasks', r.totals.tasks], ['rec.total.tasksDone', r.totals.tasksDone], ['rec.total.tasksOverdue', r.totals.tasksOverdue],
  ] as const;
  return h('dl', { class: 'att-totals record-totals' }, items.map(([key, n]) => h('div', { class: 'att-total', 'data-total': key.slice(10) }, h('dt', null, t(key)), h('dd', null, String(n)))));
}

function meetingsTable(meetings: RecordMeeting[], bodyId: string): HTMLElement {
  const head = (['rec.col.meeting', 'rec.col.when', 'rec.col.answer', 'rec.col.attendance', 'rec.col.documents'] as const).map((k) => h('th', { scope: 'col' }, t(k)));
  return h('div', { class: 'table-wrap' }, h('table', { class: 'data-table record-table' }, h('thead', null, h('tr', null, head)), h('tbody', null, meetings.map((m) => meetingRow(m, bodyId)))));
}

/** A predecessor's meeting (a merged commune's) shows the name its body was invited by. */
function meetingRow(m: RecordMeeting, bodyId: string): HTMLElement {
  return h('tr', { 'data-meeting': m.id, 'data-attendance': m.attendance },
    h('th', { scope: 'row', 'data-label': t('rec.col.meeting') }, h('a', { href: href(`/meetings/${m.id}`) }, m.title), h('span', { class: 'record-sub' }, m.convenerName, m.invitationNumber ? ` · ${m.invitationNumber}` : ''),
      m.bodyId !== bodyId ? h('span', { class: 'record-sub', 'data-as-body': m.bodyId }, t('rec.asBody', { name: m.bodyName })) : null),
    h('td', { 'data-label': t('rec.col.when'), class: 'record-when' }, instantVN(m.startsAt)),
    h('td', { 'data-label': t('rec.col.answer') }, rsvpBadge(m.rsvp as RsvpStatus), m.declineReason ? h('span', { class: 'record-sub' }, t('rec.reason', { reason: m.declineReason })) : null),
    h('td', { 'data-label': t('rec.col.attendance') },
      h('span', { class: `att-status att-status--${m.attendance === 'absent_excused' ? 'absent' : m.attendance}` }, t(`rec.att.${m.attendance as 'joined'}`)),
      m.firstJoin ? h('span', { class: 'record-sub' }, t('rec.joinedAt', { time: clockVN(m.firstJoin) })) : null,
      m.substitute ? h('span', { class: 'record-sub' }, t('rec.substitute', { name: m.substitute })) : null),
    h('td', { 'data-label': t('rec.col.documents') },
      m.documents.length ? h('ul', { class: 'record-docs' }, m.documents.map((d) => h('li', null, h('a', { href: d.url, target: '_blank', rel: 'noopener' }, `${d.type} ${d.number}`)))) : '—'));
}

function readOnlyTask(a: Assignment, bodyId: string): HTMLElement {
  return h('article', { class: 'task-card', 'data-assignment': a.id, 'data-status': a.status },
    h('div', { class: 'task-card-head' }, h('p', { class: 'task-text' }, a.text), statusTag(a)),
    h('p', { class: 'task-meta' }, h('span', null, t('task.deadline', { date: dmy(a.deadline) })), h('span', null, t('task.fromMeeting', { title: a.meetingTitle })),
      a.bodyId !== bodyId ? h('span', null, t('rec.asBody', { name: a.bodyName })) : null),
    a.lastNote ? h('p', { class: 'task-last-note' }, t('task.lastNote', { note: a.lastNote })) : null);
}
