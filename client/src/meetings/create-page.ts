import { api } from '../api.ts';
import { card } from '../components/card.ts';
import { errorText, fieldErrors } from '../components/feedback.ts';
import { pageHeader } from '../components/page-header.ts';
import { h } from '../dom.ts';
import { setFlash } from '../flash.ts';
import { t } from '../i18n/index.ts';
import type { PageContext, PageResult } from '../page.ts';
import { href, navigate } from '../router.ts';
import { VN_ZONE } from '../time.ts';
import { createAgendaEditor } from './agenda-editor.ts';
import { createMeetingFields, type MeetingFieldValues } from './create-fields.ts';
import { createFilePicker, uploadAll } from './files.ts';
import { isEmptySpec } from './invitee-preview.ts';
import { createTierPicker } from './tier-picker.ts';
import { warningText } from './format.ts';
import type { AgendaItemInput, CreateMeetingBody, InviteeSpec, SavedMeeting, SeriesCreated } from './types.ts';

/**
 * Create a meeting (or a weekly/monthly series of them) as a draft: details, time in
 * Vietnam, agenda, invitees by tier with the live count, preparation and documents.
 * Saving never sends anything; issuing the invitations is a separate, deliberate step
 * on the meeting page.
 */
export function render({ user }: PageContext): PageResult {
  if (!user) return h('div');
  if (user.role !== 'convener' && user.role !== 'admin') {
    return h('div', { class: 'page' }, pageHeader(t('create.title')), h('div', { class: 'notice', role: 'note' }, t('create.notAllowed')));
  }

  const fields = createMeetingFields(user);
  const agenda = createAgendaEditor();
  const tiers = createTierPicker(user);
  const files = createFilePicker();
  const summary = h('div', { class: 'form-error error-summary', role: 'alert', tabindex: '-1', hidden: true });
  const save = h('button', { type: 'submit', class: 'button button--primary' }, t('create.save'));

  const showSummary = (lines: string[], targets: (HTMLElement | null)[]): void => {
    summary.replaceChildren(
      h('strong', null, t('create.errorSummary')),
      h('ul', null, lines.map((line, i) => {
        const target = targets[i];
        return h('li', null, target
          ? h('button', { type: 'button', class: 'link-button', on: { click: () => target.focus() } }, line)
          : line);
      })),
    );
    summary.hidden = false;
    summary.focus();
  };

  const clear = (): void => {
    summary.hidden = true;
    fields.clearErrors();
    tiers.setError(null);
  };

  const onSubmit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    clear();
    const failed = fields.validate();
    const agendaBad = agenda.validate();
    if (failed.length || agendaBad) {
      const lines = failed.map((f) => f.element.querySelector('.field-error')?.textContent ?? '');
      const targets: HTMLElement[] = failed.map((f) => f.control);
      if (agendaBad) {
        lines.push(t('create.err.agendaTitle'));
        targets.push(agendaBad);
      }
      showSummary(lines, targets);
      return;
    }
    save.disabled = true;
    save.textContent = t('create.saving');
    try {
      const saved = await submit(fields.values(), agenda.items(), tiers.spec());
      const failures = await uploadAll(saved.id, files.files());
      setFlash([saved.message, ...failures].join(' '), saved.warnings);
      navigate(`/meetings/${saved.id}`);
    } catch (err) {
      showServerError(err);
    } finally {
      save.disabled = false;
      save.textContent = t('create.save');
    }
  };

  /** Puts each complaint next to its field when the server names one; always lists it on top. */
  const showServerError = (err: unknown): void => {
    const byPath = fieldErrors(err);
    const lines: string[] = [errorText(err)];
    const targets: (HTMLElement | null)[] = [null];
    const agendaRows = new Map<number, string>();
    for (const [path, text] of byPath) {
      const agendaMatch = /^agenda\.(\d+)/.exec(path);
      if (agendaMatch) {
        agendaRows.set(Number(agendaMatch[1]), text);
        continue;
      }
      if (path.startsWith('invitees')) {
        tiers.setError(t('create.err.field', { message: text }));
        continue;
      }
      const f = fields.byName.get(path);
      if (!f) continue;
      f.setError(t('create.err.field', { message: text }));
      lines.push(`${f.element.querySelector('label')?.textContent ?? path}: ${text}`);
      targets.push(f.control);
    }
    if (agendaRows.size) targets[0] = agenda.showErrors(agendaRows);
    if (/invit|mời/i.test(errorText(err)) && byPath.size === 0) tiers.setError(errorText(err));
    showSummary(lines, targets);
  };

  const node = h(
    'div',
    { class: 'page page--wide create-page' },
    h('p', { class: 'breadcrumb' }, h('a', { href: href('/meetings') }, t('nav.meetings'))),
    pageHeader(t('create.title'), t('create.lead')),
    h(
      'form',
      { class: 'form meeting-form', novalidate: true, on: { submit: (e) => void onSubmit(e) } },
      summary,
      card(t('create.section.general'), h('div', { class: 'form-grid' }, fields.general)),
      card(t('create.section.time'), h('div', { class: 'form-grid' }, fields.time)),
      card(t('create.section.agenda'), agenda.element),
      card(t('create.section.invitees'), tiers.element),
      card(t('create.section.prep'), h('div', { class: 'form-grid' }, fields.preparation, files.element)),
      h('div', { class: 'form-actions' }, save, h('a', { class: 'button button--secondary', href: href('/meetings') }, t('create.cancel'))),
    ),
  );
  return { node, cleanup: () => tiers.destroy() };
}

interface Saved {
  id: string;
  message: string;
  /** The server's warnings (a holiday, a day off), shown beside the confirmation on the meeting page. */
  warnings: string[];
}

/** One draft meeting, or a series whose first occurrence the page then opens. */
async function submit(v: MeetingFieldValues, agenda: AgendaItemInput[], invitees: InviteeSpec): Promise<Saved> {
  const template = {
    kind: v.kind, form: v.form, title: v.title, chairName: v.chairName,
    ...(v.chairPosition ? { chairPosition: v.chairPosition } : {}),
    ...(v.secretaryUserId ? { secretaryUserId: v.secretaryUserId } : {}),
    ...(v.hostRoom ? { hostRoom: v.hostRoom } : {}),
    ...(v.preparation ? { preparation: v.preparation } : {}),
    agenda,
    ...(isEmptySpec(invitees) ? {} : { invitees }),
    urgent: v.urgent,
    ...(v.urgent ? { urgentReason: v.urgentReason } : {}),
  };
  if (v.repeat === 'none') {
    const body: CreateMeetingBody = { ...template, startsAt: v.startsAt, endsAt: v.endsAt, timeZone: VN_ZONE };
    const meeting = await api.post<SavedMeeting>('/api/meetings', body);
    return { id: meeting.id, message: t('create.saved'), warnings: meeting.warnings.map((w) => warningText(w)) };
  }
  // Wall-clock minutes between the two local times (Vietnam has no daylight saving).
  const durationMinutes = Math.round((Date.parse(`${v.endsAt}:00Z`) - Date.parse(`${v.startsAt}:00Z`)) / 60_000);
  const created = await api.post<SeriesCreated>('/api/meeting-series', {
    ...template, firstStartsAt: v.startsAt, durationMinutes, timeZone: VN_ZONE,
    rule: { freq: v.repeat, count: v.repeatCount }, skipNonWorkingDays: v.skipHolidays,
  });
  const first = created.occurrences[0];
  if (!first) throw new Error(t('error.generic'));
  const skipped = created.skipped.length ? ` ${t('create.savedSkipped', { dates: created.skipped.join(', ') })}` : '';
  return { id: first.id, message: `${t('create.savedSeries', { n: created.occurrences.length })}${skipped}`, warnings: [] };
}
