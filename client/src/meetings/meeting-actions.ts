import { api, ApiError } from '../api.ts';
import { errorText, message } from '../components/feedback.ts';
import { dateField, timeField } from '../components/date-time.ts';
import { field, textarea } from '../components/field.ts';
import { h } from '../dom.ts';
import { t } from '../i18n/index.ts';
import { spanEnd } from './create-fields.ts';
import { href } from '../router.ts';
import { createInviteePreview, isEmptySpec } from './invitee-preview.ts';
import { createSignerFields } from './signer-fields.ts';
import type { IssueBody, IssueResponse, MeetingDetail } from './types.ts';

/**
 * The convener's and chủ trì's actions on a meeting, each an inline panel: issue the
 * invitations (and, when the 3-working-day rule refuses, the urgent route with a reason),
 * postpone to a new time with a reason, cancel with a reason. `done(flash)` reloads the page.
 */
type Done = (flash: string) => void;

/** True when the server refused the signer (none with authority to sign). */
function signerRefusal(err: unknown): boolean {
  return err instanceof ApiError && err.status === 400 && typeof err.details === 'object' && err.details !== null && (err.details as { field?: unknown }).field === 'signer';
}

/** True when the server refused because of the lead time (its details name the rule). */
function leadTimeRefusal(err: unknown): boolean {
  return err instanceof ApiError && err.status === 400 && typeof err.details === 'object' && err.details !== null && 'required' in err.details;
}

function pastStart(err: unknown): boolean {
  return err instanceof ApiError && typeof err.details === 'object' && err.details !== null && 'pastStart' in err.details;
}

export function issuePanel(meeting: MeetingDetail, done: Done): HTMLElement {
  const status = h('div', { class: 'issue-status' });
  const urgentSlot = h('div');
  const issue = h('button', { type: 'button', class: 'button button--primary', 'data-action': 'issue' }, t('meeting.issue'));
  const signer = createSignerFields();
  const empty = isEmptySpec(meeting.invitees);
  const preview = empty ? null : createInviteePreview({ convenerBodyId: meeting.convenerBodyId, compact: true });
  preview?.update(meeting.invitees);

  const run = async (button: HTMLButtonElement, body: IssueBody): Promise<void> => {
    button.disabled = true;
    const label = button.textContent;
    button.textContent = t('meeting.issuing');
    status.replaceChildren();
    try {
      const chosen = signer.signer();
      const result = await api.post<IssueResponse>(`/api/meetings/${meeting.id}/invitations/issue`, chosen ? { ...body, signer: chosen } : body);
      done(t('meeting.issued', { number: result.number, n: result.invited }));
    } catch (err) {
      // The server's sentence states the rule, the days left and the earliest lawful date.
      status.replaceChildren(message('error', errorText(err)));
      // A start already past is fixed on the edit page, which the refusal leads to.
      if (pastStart(err)) status.append(h('a', { class: 'button button--secondary', href: href(`/meetings/${meeting.id}/edit`) }, t('edit.pastStartIssue')));
      if (leadTimeRefusal(err) && !body.urgent) urgentSlot.replaceChildren(urgentForm());
      if (signerRefusal(err)) signer.open();
      button.disabled = false;
      button.textContent = label;
    }
  };

  const urgentForm = (): HTMLElement => {
    const reason = field(t('create.urgentReason'), textarea({ maxlength: 2000, rows: 2 }), { required: true, hint: t('meeting.issueUrgentLead') });
    if (meeting.urgentReason) reason.control.value = meeting.urgentReason;
    const submit = h('button', { type: 'submit', class: 'button button--primary' }, t('meeting.issueUrgent'));
    return h('form', {
      class: 'urgent-form', novalidate: true,
      on: {
        submit: (e) => {
          e.preventDefault();
          const text = reason.control.value.trim();
          reason.setError(text.length < 3 ? t('create.err.urgentReason') : null);
          if (text.length < 3) return reason.control.focus();
          void run(submit, { urgent: true, urgentReason: text });
        },
      },
    }, h('h3', { class: 'panel-subtitle' }, t('mtg.urgent')), reason.element, submit);
  };

  issue.addEventListener('click', () => void run(issue, {}));
  if (empty) issue.disabled = true;
  return h(
    'div',
    { class: 'action-panel' },
    h('p', null, t('meeting.issueLead')),
    empty ? h('p', { class: 'notice' }, t('meeting.noInvitees')) : preview!.element,
    signer.element,
    h('div', { class: 'panel-buttons' }, issue),
    status,
    urgentSlot,
  );
}

function reasonField() {
  return field(t('meeting.reason'), textarea({ maxlength: 2000, rows: 2 }), { required: true });
}

/**
 * A panel form whose submit validates, posts once and reports the server's refusal in place.
 * `prepare` returns the request to send, or null when a field shows an error.
 */
function reasonPanel(opts: {
  lead: string;
  fields: Node[];
  submitLabel: string;
  danger?: boolean;
  prepare: () => { path: string; body: unknown; flash: string } | null;
  done: Done;
}): HTMLElement {
  const status = h('div');
  const submit = h('button', { type: 'submit', class: `button ${opts.danger ? 'button--danger' : 'button--primary'}` }, opts.submitLabel);
  const onSubmit = async (e: SubmitEvent): Promise<void> => {
    e.preventDefault();
    status.replaceChildren();
    const request = opts.prepare();
    if (!request) return;
    submit.disabled = true;
    try {
      await api.post<MeetingDetail>(request.path, request.body);
      opts.done(request.flash);
    } catch (err) {
      status.replaceChildren(message('error', errorText(err)));
      submit.disabled = false;
    }
  };
  return h(
    'form',
    { class: 'action-panel', novalidate: true, on: { submit: (e) => void onSubmit(e) } },
    h('p', null, opts.lead),
    ...opts.fields,
    status,
    h('div', { class: 'panel-buttons' }, submit),
  );
}

/** The reason's text, or null after showing the field's error. */
function requiredReason(reason: ReturnType<typeof reasonField>): string | null {
  const text = reason.control.value.trim();
  reason.setError(text.length < 3 ? t('meeting.err.reason') : null);
  if (text.length >= 3) return text;
  reason.control.focus();
  return null;
}

export function postponePanel(meeting: MeetingDetail, done: Done): HTMLElement {
  const [startDate = '', startTime = ''] = meeting.startsAtLocal.split('T');
  const [endDate = '', endTime = ''] = meeting.endsAtLocal.split('T');
  const fields = {
    startDate: dateField(t('create.startDate'), startDate, { required: true }),
    startTime: timeField(t('create.startTime'), startTime, { required: true }),
    endDate: dateField(t('create.endDate'), endDate, { required: true }),
    endTime: timeField(t('create.endTime'), endTime, { required: true }),
  };
  const reason = reasonField();
  const urgent = h('input', { type: 'checkbox', id: `postpone-urgent-${meeting.id}` });
  return reasonPanel({
    lead: t('meeting.postponeLead'),
    fields: [
      h('div', { class: 'field-row' }, fields.startDate.element, fields.startTime.element),
      h('div', { class: 'field-row' }, fields.endDate.element, fields.endTime.element),
      reason.element,
      h('label', { class: 'check', for: urgent.id }, urgent, h('span', null, t('edit.urgent'))),
    ],
    submitLabel: t('meeting.postponeSubmit'),
    done,
    prepare: () => {
      const startsAt = `${fields.startDate.iso() ?? ''}T${fields.startTime.iso() ?? ''}`;
      const endsAt = `${fields.endDate.iso() ?? ''}T${fields.endTime.iso() ?? ''}`;
      const bad = spanEnd(fields.startDate, fields.startTime, t('create.err.start')) ?? spanEnd(fields.endDate, fields.endTime, t('create.err.end'))
        ?? (endsAt <= startsAt ? [fields.endTime, t('create.err.endBeforeStart')] as const : null);
      for (const f of Object.values(fields)) f.setError(null);
      bad?.[0].setError(bad[1]);
      const text = requiredReason(reason);
      if (bad || !text) return null;
      return {
        path: `/api/meetings/${meeting.id}/postpone`,
        body: { reason: text, startsAt, endsAt, timeZone: meeting.timeZone, ...(urgent.checked ? { urgent: true } : {}) },
        flash: t('meeting.postponed'),
      };
    },
  });
}

export function cancelPanel(meeting: MeetingDetail, done: Done): HTMLElement {
  const reason = reasonField();
  return reasonPanel({
    lead: t('meeting.cancelLead'),
    fields: [reason.element],
    submitLabel: t('meeting.cancelSubmit'),
    danger: true,
    done,
    prepare: () => {
      const text = requiredReason(reason);
      return text ? { path: `/api/meetings/${meeting.id}/cancel`, body: { reason: text }, flash: t('meeting.cancelled') } : null;
    },
  });
}
