import { api, ApiError } from '../api.ts';
import { card } from '../components/card.ts';
import { errorText, fieldErrors, message } from '../components/feedback.ts';
import { field, textarea } from '../components/field.ts';
import { pageHeader } from '../components/page-header.ts';
import { h, uid } from '../dom.ts';
import { setFlash } from '../flash.ts';
import { t } from '../i18n/index.ts';
import type { PageContext, PageResult } from '../page.ts';
import { href, navigate } from '../router.ts';
import { createAgendaEditor } from './agenda-editor.ts';
import { createMeetingFields, type MeetingFieldValues } from './create-fields.ts';
import { createInviteePreview, isEmptySpec } from './invitee-preview.ts';
import { createTierPicker, type TierPicker } from './tier-picker.ts';
import type { AgendaItemInput, ChangeBody, MeetingDetail } from './types.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EDITABLE = new Set(['draft', 'invited', 'postponed']);

/**
 * Edit a meeting with the create form, prefilled. A draft is saved as it is (PATCH), or for
 * an occurrence of a series either this occurrence alone or the series' later drafts. Once
 * the invitations are out, the same form sends a formal change: a reason, optionally urgent,
 * and the server answers with a replacing Giấy mời when time, place or chủ trì changed.
 */
export async function render({ user, path }: PageContext): Promise<PageResult> {
  const id = path.split('/')[2] ?? '';
  const root = h('div', { class: 'page page--wide create-page edit-page' });
  if (!user || !UUID.test(id)) return root;
  const back = h('p', { class: 'breadcrumb' }, h('a', { href: href(`/meetings/${id}`) }, t('meeting.back')));
  let m: MeetingDetail;
  try {
    m = await api.get<MeetingDetail>(`/api/meetings/${id}`);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) throw err;
    root.append(back, pageHeader(t('mtg.loadFailed')), message('error', errorText(err)));
    return root;
  }
  if (!m.permissions.manage || !EDITABLE.has(m.status)) {
    root.append(back, pageHeader(m.title), message('info', t('edit.notEditable')));
    return root;
  }
  const issued = m.status !== 'draft';
  const fields = createMeetingFields(user);
  fields.fill(m);
  const agenda = createAgendaEditor(m.agenda.map(({ title, presenter, plannedMinutes }) => ({ title, presenter, plannedMinutes })));
  const summary = h('div', { class: 'form-error error-summary', role: 'alert', tabindex: '-1', hidden: true });
  const save = h('button', { type: 'submit', class: 'button button--primary' }, issued ? t('edit.send') : t('edit.save'));

  // Series: this occurrence, or the series' later drafts (issued ones change one by one).
  const scopeName = uid('scope');
  const scopeOne = h('input', { type: 'radio', name: scopeName, value: 'one', id: uid('scope'), checked: true });
  const scopeSeries = h('input', { type: 'radio', name: scopeName, value: 'series', id: uid('scope') });
  const scope = m.seriesId && !issued
    ? h('fieldset', { class: 'field radio-row edit-scope' }, h('legend', { class: 'field-label' }, t('edit.scope')),
        h('label', { class: 'check', for: scopeOne.id }, scopeOne, h('span', null, t('edit.scopeOne'))),
        h('label', { class: 'check', for: scopeSeries.id }, scopeSeries, h('span', null, t('edit.scopeSeries'))),
        h('p', { class: 'field-hint' }, t('edit.scopeSeriesHint')))
    : null;

  // Invitees: kept unless chosen again (a draft); frozen once issued.
  let tiers: TierPicker | null = null;
  const inviteeSlot = h('div', { class: 'edit-invitees' });
  if (issued) inviteeSlot.append(h('p', { class: 'notice' }, t('edit.inviteesFrozen')));
  else {
    const preview = createInviteePreview({ convenerBodyId: m.convenerBodyId, compact: true });
    if (!isEmptySpec(m.invitees)) preview.update(m.invitees);
    const rechoose = h('button', { type: 'button', class: 'button button--secondary' }, t('edit.inviteesRechoose'));
    rechoose.addEventListener('click', () => {
      tiers = createTierPicker(user);
      inviteeSlot.replaceChildren(tiers.element);
    });
    inviteeSlot.append(isEmptySpec(m.invitees) ? h('p', { class: 'muted' }, t('edit.inviteesNone')) : preview.element, h('div', { class: 'panel-buttons' }, rechoose));
  }

  // A change after issue: why, and whether it may go out inside 3 working days.
  const reason = field(t('edit.reason'), textarea({ maxlength: 2000, rows: 2 }), { required: true, hint: t('edit.reasonHint') });
  const urgentBox = h('input', { type: 'checkbox', id: uid('change-urgent'), 'data-testid': 'change-urgent' });
  const changeCard = issued
    ? card(t('edit.changeSection'), h('div', { class: 'form-grid' },
        h('p', { class: 'field-hint' }, t('edit.rsvpNote')), reason.element,
        h('div', { class: 'field' }, h('label', { class: 'check', for: urgentBox.id }, urgentBox, h('span', null, t('edit.urgent'))))))
    : null;

  const showErrors = (lines: string[], targets: (HTMLElement | null)[]): void => {
    summary.replaceChildren(h('strong', null, t('create.errorSummary')), h('ul', null, lines.map((line, i) => {
      const target = targets[i];
      return h('li', null, target ? h('button', { type: 'button', class: 'link-button', on: { click: () => target.focus() } }, line) : line);
    })));
    summary.hidden = false;
    summary.focus();
  };

  const onSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    summary.hidden = true;
    fields.clearErrors();
    reason.setError(null);
    const failed = fields.validate();
    const agendaBad = agenda.validate();
    const lines = failed.map((f) => f.element.querySelector('.field-error')?.textContent ?? '');
    const targets: HTMLElement[] = failed.map((f) => f.control);
    if (agendaBad) {
      lines.push(t('create.err.agendaTitle'));
      targets.push(agendaBad);
    }
    if (issued && reason.control.value.trim().length < 3) {
      reason.setError(t('edit.err.reason'));
      lines.push(t('edit.err.reason'));
      targets.push(reason.control);
    }
    if (lines.length) return showErrors(lines, targets);
    save.disabled = true;
    save.textContent = t('edit.saving');
    try {
      const flash = await submit(m, fields.values(), agenda.items(), {
        tiers, series: scopeSeries.checked, reason: reason.control.value.trim(), urgent: urgentBox.checked,
      });
      setFlash(flash);
      navigate(`/meetings/${m.id}`);
    } catch (err) {
      const errLines = [errorText(err)];
      const errTargets: (HTMLElement | null)[] = [urgentBox.isConnected && leadTime(err) ? urgentBox : null];
      for (const [name, text] of fieldErrors(err)) {
        const f = fields.byName.get(name);
        if (!f) continue;
        f.setError(t('create.err.field', { message: text }));
        errLines.push(text);
        errTargets.push(f.control);
      }
      showErrors(errLines, errTargets);
    } finally {
      save.disabled = false;
      save.textContent = issued ? t('edit.send') : t('edit.save');
    }
  };

  root.append(
    back,
    pageHeader(t('edit.title'), issued ? t('edit.leadIssued') : t('edit.leadDraft')),
    h('form', { class: 'form meeting-form', novalidate: true, on: { submit: (e) => void onSubmit(e) } },
      summary,
      scope ? card(t('edit.scope'), scope) : null,
      card(t('create.section.general'), h('div', { class: 'form-grid' }, fields.general)),
      card(t('create.section.time'), h('div', { class: 'form-grid' }, fields.time)),
      card(t('create.section.agenda'), agenda.element),
      card(t('create.section.invitees'), inviteeSlot),
      card(t('create.section.prep'), h('div', { class: 'form-grid' }, fields.preparation)),
      changeCard,
      h('div', { class: 'form-actions' }, save, h('a', { class: 'button button--secondary', href: href(`/meetings/${m.id}`) }, t('create.cancel')))),
  );
  return { node: root, cleanup: () => tiers?.destroy() };
}

function leadTime(err: unknown): boolean {
  return err instanceof ApiError && typeof err.details === 'object' && err.details !== null && 'required' in err.details;
}

interface SubmitOptions {
  tiers: TierPicker | null;
  series: boolean;
  reason: string;
  urgent: boolean;
}

/** Sends the edit the way the meeting's state asks for; returns the message for the meeting page. */
async function submit(m: MeetingDetail, v: MeetingFieldValues, agenda: AgendaItemInput[], o: SubmitOptions): Promise<string> {
  const chosen = o.tiers?.spec();
  const fields = {
    kind: v.kind, form: v.form, title: v.title, chairName: v.chairName, chairPosition: v.chairPosition,
    secretaryUserId: v.secretaryUserId, hostRoom: v.hostRoom, preparation: v.preparation, agenda,
    urgent: v.urgent, urgentReason: v.urgent ? v.urgentReason : null,
  };
  if (m.status === 'draft' && m.seriesId && o.series) {
    const durationMinutes = Math.round((Date.parse(`${v.endsAt}:00Z`) - Date.parse(`${v.startsAt}:00Z`)) / 60_000);
    const res = await api.patch<{ updated: number; issuedLeft: number }>(`/api/meeting-series/${m.seriesId}`, {
      ...fields, ...(chosen && !isEmptySpec(chosen) ? { invitees: chosen } : {}), startTime: v.startsAt.slice(11, 16), durationMinutes,
    });
    return res.issuedLeft ? t('edit.savedSeriesIssued', { n: res.updated, m: res.issuedLeft }) : t('edit.savedSeries', { n: res.updated });
  }
  if (m.status === 'draft') {
    await api.patch<MeetingDetail>(`/api/meetings/${m.id}`, {
      ...fields, ...(chosen && !isEmptySpec(chosen) ? { invitees: chosen } : {}), startsAt: v.startsAt, endsAt: v.endsAt, timeZone: m.timeZone,
    });
    return t('edit.saved');
  }
  // After issue only what differs is sent: the server records each field old → new.
  const body: ChangeBody = { reason: o.reason, ...(o.urgent ? { urgent: true } : {}) };
  if (v.startsAt !== m.startsAtLocal || v.endsAt !== m.endsAtLocal) Object.assign(body, { startsAt: v.startsAt, endsAt: v.endsAt, timeZone: m.timeZone });
  for (const key of ['kind', 'form', 'title', 'chairName', 'chairPosition', 'hostRoom', 'preparation'] as const) {
    if (fields[key] !== m[key]) Object.assign(body, { [key]: fields[key] });
  }
  if ((v.secretaryUserId ?? null) !== m.secretaryUserId) body.secretaryUserId = v.secretaryUserId;
  const before = JSON.stringify(m.agenda.map((a) => [a.title, a.presenter, a.plannedMinutes]));
  if (JSON.stringify(agenda.map((a) => [a.title, a.presenter ?? '', a.plannedMinutes ?? 0])) !== before) body.agenda = agenda;
  const saved = await api.post<MeetingDetail>(`/api/meetings/${m.id}/changes`, body);
  return saved.invitation && saved.invitation.number !== m.invitation?.number ? t('edit.sentNumber', { number: saved.invitation.number }) : t('edit.sent');
}
