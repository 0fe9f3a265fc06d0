import { api, ApiError } from '../api.ts';
import { errorText, message } from '../components/feedback.ts';
import { field, input, textarea } from '../components/field.ts';
import { h } from '../dom.ts';
import { t } from '../i18n/index.ts';
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
    startDate: field(t('create.startDate'), input({ type: 'date', value: startDate }), { required: true }),
    startTime: field(t('create.startTime'), input({ type: 'time', value: startTime, step: 300 }), { required: true }),
    endDate: field(t('create.endDate'), input({ type: 'date', value: endDate }), { required: true }),
    endTime: field(t('create.endTime'), input({ type: 'time', value: endTime, step: 300 }), { required: true }),
  };
  const reason = reasonField();
  return reasonPanel({
    lead: t('meeting.postponeLead'),
    fields: [
      h('div', { class: 'field-row' }, fields.startDate.element, fields.startTime.element),
      h('div', { class: 'field-row' }, fields.endDate.element, fields.endTime.element),
      reason.element,
    ],
    submitLabel: t('meeting.postponeSubmit'),
    done,
    prepare: () => {
      const startsAt = `${fields.startDate.control.value}T${fields.startTime.control.value}`;
      const endsAt = `${fields.endDate.control.value}T${fields.endTime.control.value}`;
      fields.endTime.setError(endsAt <= startsAt ? t('create.err.endBeforeStart') : null);
      const text = requiredReason(reason);
      if (endsAt <= startsAt || !text) return null;
      return {
        path: `/api/meetings/${meeting.id}/postpone`,
        body: { reason: text, startsAt, endsAt, timeZone: meeting.timeZone },
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
