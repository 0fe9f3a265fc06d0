import { api } from '../api.ts';
import { dateField, timeField, type DateTimeField } from '../components/date-time.ts';
import { field, type Field, input, select, textarea } from '../components/field.ts';
import { h, uid } from '../dom.ts';
import { t } from '../i18n/index.ts';
import type { SessionUser, UserPage } from '../types.ts';
import { DateTime } from 'luxon';
import { VN_ZONE } from '../time.ts';
import { isoDate, todayVN } from './format.ts';
import { meetingForms, meetingKinds, type Meeting, type MeetingForm, type MeetingKind } from './types.ts';

/**
 * The plain fields of the create-meeting form (general, time, preparation), with what they
 * hold and how they fail. The agenda, the tier picker and the files are their own parts.
 */

export interface MeetingFieldValues {
  title: string;
  kind: MeetingKind;
  form: MeetingForm;
  hostRoom: string;
  chairName: string;
  chairPosition: string;
  secretaryUserId: string | null;
  startsAt: string;
  endsAt: string;
  urgent: boolean;
  urgentReason: string;
  repeat: 'none' | 'weekly' | 'monthly';
  repeatCount: number;
  skipHolidays: boolean;
  preparation: string;
}

export interface MeetingFields {
  general: HTMLElement[];
  time: HTMLElement[];
  preparation: HTMLElement;
  /** Fields by the server's names for them, to put a server complaint in the right place. */
  byName: Map<string, Field>;
  values(): MeetingFieldValues;
  /** Client-side checks; returns the failing fields with their messages (already shown). */
  validate(): Field[];
  clearErrors(): void;
  /** Puts a saved meeting's values in (the edit page); repetition is not offered there. */
  fill(m: Meeting): void;
}

/** A week ahead, moved off the weekend: comfortably past the 3-working-day rule. */
function defaultDate(): string {
  let day = todayVN().plus({ days: 7 });
  while (day.weekday >= 6) day = day.plus({ days: 1 });
  return isoDate(day);
}

export function createMeetingFields(user: SessionUser): MeetingFields {
  const title = field(t('create.fieldTitle'), input({ maxlength: 500, autocomplete: 'off' }), { required: true, hint: t('create.fieldTitleHint') });
  const kind = field(t('create.kind'), select(meetingKinds.map((k) => ({ value: k, label: t(`mtg.kind.${k}` as const) })), 'giao_ban'), { hint: t('create.kindHint') });
  const formName = uid('form');
  const formRadios = meetingForms.map((f, i) => {
    const radio = h('input', { type: 'radio', name: formName, value: f, id: uid('form-opt') });
    radio.checked = i === 0;
    return h('label', { class: 'check', for: radio.id }, radio, h('span', null, t(`mtg.form.${f}` as const)));
  });
  const formGroup = h('fieldset', { class: 'field radio-row' }, h('legend', { class: 'field-label' }, t('create.form')), formRadios);
  const hostRoom = field(t('create.hostRoom'), input({ maxlength: 500 }), { hint: t('create.hostRoomHint') });
  const chairName = field(t('create.chairName'), input({ maxlength: 200, autocomplete: 'off' }), { required: true, hint: t('create.chairNameHint') });
  const chairPosition = field(t('create.chairPosition'), input({ maxlength: 300 }));
  const secretarySelect = select([{ value: '', label: t('create.secretaryNone') }], '');
  const secretary = field(t('create.secretary'), secretarySelect, { hint: t('create.secretaryHint') });
  secretary.element.hidden = true;
  let wantedSecretary = '';
  void loadSecretaries(user, secretarySelect).then((any) => {
    secretary.element.hidden = !any;
    secretarySelect.value = wantedSecretary;
  });

  const date = defaultDate();
  const startDate = dateField(t('create.startDate'), date, { required: true });
  const startTime = timeField(t('create.startTime'), '08:00', { required: true });
  const endDate = dateField(t('create.endDate'), date, { required: true });
  const endTime = timeField(t('create.endTime'), '11:00', { required: true });
  // The end date follows the start date until someone sets it apart (multi-day trainings).
  let endFollows = true;
  startDate.control.addEventListener('input', () => {
    const start = startDate.iso();
    if (endFollows && start) endDate.set(start);
  });
  endDate.control.addEventListener('change', () => (endFollows = endDate.iso() === startDate.iso()));

  // A start already past is kept as a draft but could never be issued: say so while typing.
  const pastWarning = h('p', { class: 'notice', role: 'status', hidden: true, 'data-testid': 'past-start-warning' }, t('create.pastStart'));
  const checkPast = (): void => {
    const start = `${startDate.control.value}T${startTime.control.value}`;
    const now = DateTime.now().setZone(VN_ZONE).toFormat("yyyy-MM-dd'T'HH:mm");
    pastWarning.hidden = !(startDate.control.value && startTime.control.value && start < now);
  };
  for (const c of [startDate.control, startTime.control]) for (const e of ['change', 'input']) c.addEventListener(e, checkPast);

  const urgentBox = h('input', { type: 'checkbox', id: uid('urgent') });
  const urgentReason = field(t('create.urgentReason'), textarea({ maxlength: 2000, rows: 2 }), { required: true });
  urgentReason.element.hidden = true;
  urgentBox.addEventListener('change', () => (urgentReason.element.hidden = !urgentBox.checked));

  const repeat = field(t('create.repeat'), select([
    { value: 'none', label: t('create.repeat.none') },
    { value: 'weekly', label: t('create.repeat.weekly') },
    { value: 'monthly', label: t('create.repeat.monthly') },
  ], 'none'));
  const repeatCount = field(t('create.repeatCount'), input({ type: 'number', min: 2, max: 52, value: 4, inputmode: 'numeric' }), { hint: t('create.repeatCountHint') });
  const skipBox = h('input', { type: 'checkbox', id: uid('skip') });
  skipBox.checked = true;
  const repeatMore = h('div', { class: 'repeat-more', hidden: true }, repeatCount.element, h('label', { class: 'check', for: skipBox.id }, skipBox, h('span', null, t('create.skipHolidays'))));
  repeat.control.addEventListener('change', () => (repeatMore.hidden = repeat.control.value === 'none'));

  const preparation = field(t('create.preparation'), textarea({ maxlength: 10_000, rows: 3 }), { hint: t('create.preparationHint') });

  const byName = new Map<string, Field>([
    ['title', title], ['kind', kind], ['hostRoom', hostRoom], ['chairName', chairName], ['chairPosition', chairPosition],
    ['secretaryUserId', secretary], ['startsAt', startDate], ['firstStartsAt', startDate], ['endsAt', endDate],
    ['durationMinutes', endTime], ['urgentReason', urgentReason], ['rule.count', repeatCount], ['preparation', preparation],
  ]);
  const all = [title, kind, hostRoom, chairName, chairPosition, secretary, startDate, startTime, endDate, endTime, urgentReason, repeatCount, preparation];

  const values = (): MeetingFieldValues => ({
    title: title.control.value.trim(),
    kind: kind.control.value as MeetingKind,
    form: (formGroup.querySelector<HTMLInputElement>('input:checked')?.value ?? 'truc_tuyen') as MeetingForm,
    hostRoom: hostRoom.control.value.trim(),
    chairName: chairName.control.value.trim(),
    chairPosition: chairPosition.control.value.trim(),
    secretaryUserId: secretarySelect.value || null,
    startsAt: `${startDate.iso() ?? ''}T${startTime.iso() ?? ''}`,
    endsAt: `${endDate.iso() ?? ''}T${endTime.iso() ?? ''}`,
    urgent: urgentBox.checked,
    urgentReason: urgentReason.control.value.trim(),
    repeat: repeat.control.value as MeetingFieldValues['repeat'],
    repeatCount: Number.parseInt(repeatCount.control.value, 10),
    skipHolidays: skipBox.checked,
    preparation: preparation.control.value.trim(),
  });

  const validate = (): Field[] => {
    const v = values();
    const failed: [Field, string][] = [];
    if (!v.title) failed.push([title, t('create.err.title')]);
    if (!v.chairName) failed.push([chairName, t('create.err.chairName')]);
    const [start, end] = [spanEnd(startDate, startTime, t('create.err.start')), spanEnd(endDate, endTime, t('create.err.end'))];
    if (start) failed.push(start);
    if (end) failed.push(end);
    else if (!start && v.endsAt <= v.startsAt) failed.push([endTime, t('create.err.endBeforeStart')]);
    if (v.urgent && !v.urgentReason) failed.push([urgentReason, t('create.err.urgentReason')]);
    if (v.repeat !== 'none' && !(v.repeatCount >= 2 && v.repeatCount <= 52)) failed.push([repeatCount, t('create.err.repeatCount')]);
    for (const [f, message] of failed) f.setError(message);
    return failed.map(([f]) => f);
  };

  return {
    general: [title.element, kind.element, formGroup, hostRoom.element, h('div', { class: 'field-row' }, chairName.element, chairPosition.element), secretary.element],
    time: [
      h('div', { class: 'field-row' }, startDate.element, startTime.element),
      h('div', { class: 'field-row' }, endDate.element, endTime.element),
      pastWarning,
      h('p', { class: 'field-hint' }, t('create.leadHint')),
      h('div', { class: 'field' }, h('label', { class: 'check', for: urgentBox.id }, urgentBox, h('span', null, h('strong', null, t('create.urgent')), ' — ', t('create.urgentHint')))),
      urgentReason.element,
      repeat.element,
      repeatMore,
    ],
    preparation: preparation.element,
    byName,
    values,
    validate,
    clearErrors: () => all.forEach((f) => f.setError(null)),
    fill(m) {
      title.control.value = m.title;
      kind.control.value = m.kind;
      for (const radio of formGroup.querySelectorAll<HTMLInputElement>('input')) radio.checked = radio.value === m.form;
      hostRoom.control.value = m.hostRoom;
      chairName.control.value = m.chairName;
      chairPosition.control.value = m.chairPosition;
      wantedSecretary = m.secretaryUserId ?? '';
      secretarySelect.value = wantedSecretary;
      const [sd = '', st = ''] = m.startsAtLocal.split('T');
      const [ed = '', et = ''] = m.endsAtLocal.split('T');
      startDate.control.value = sd;
      startTime.control.value = st;
      endDate.control.value = ed;
      endTime.control.value = et;
      endFollows = sd === ed;
      urgentBox.checked = m.urgent;
      urgentReason.control.value = m.urgentReason ?? '';
      urgentReason.element.hidden = !m.urgent;
      preparation.control.value = m.preparation;
      repeat.element.hidden = true;
      repeatMore.hidden = true;
      checkPast();
    },
  };
}

/** What is wrong with one end of the span (a date and a time): the field to mark and its message; null when both are valid. */
export function spanEnd(date: DateTimeField, time: DateTimeField, missing: string): [Field, string] | null {
  for (const f of [date, time]) {
    const problem = f.problem() ?? (f.control.value.trim() ? null : missing);
    if (problem) return [f, problem];
  }
  return null;
}

/**
 * Accounts of the user's unit's bodies that may keep minutes. Administrators and conveners
 * may list their unit's accounts (policy users:read).
 */
async function loadSecretaries(user: SessionUser, el: HTMLSelectElement): Promise<boolean> {
  if (user.role !== 'admin' && user.role !== 'convener') return false;
  try {
    const { items } = await api.get<UserPage>('/api/users', { unit: user.unit.code });
    const candidates = items.filter((u) => u.active && u.bodyId.startsWith(`${user.body.unitCode}:`) && (u.role === 'secretary' || u.role === 'convener'));
    for (const u of candidates) el.append(h('option', { value: u.id }, [u.fullName, u.position].filter(Boolean).join(' — ')));
    return candidates.length > 0;
  } catch {
    return false;
  }
}
