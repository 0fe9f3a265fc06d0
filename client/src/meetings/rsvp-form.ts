import { api } from '../api.ts';
import { errorText, fieldErrors, message } from '../components/feedback.ts';
import { field, type Field, input, textarea } from '../components/field.ts';
import { h, replaceChildren } from '../dom.ts';
import { t } from '../i18n/index.ts';
import { refreshUnread } from '../notifications/live.ts';
import { rsvpBadge } from './badges.ts';
import type { Invitee, MeetingStatus, RsvpAnswer, RsvpBody } from './types.ts';

/**
 * An invited body's answer: attend (one press), decline (with the reason the chủ trì must
 * hear) or propose a substitute (name and position, for the chủ trì to approve). Used on
 * the invitations page and on the meeting page.
 */

const ANSWERABLE: ReadonlySet<MeetingStatus> = new Set(['invited', 'postponed']);

export function canAnswer(status: MeetingStatus): boolean {
  return ANSWERABLE.has(status);
}

/** "Tham dự" / "Báo vắng — Lý do: …" / "Cử người dự thay: Name, Position (chờ chủ trì duyệt)". */
export function answerSummary(inv: Invitee): HTMLElement {
  const detail =
    inv.rsvp === 'declined' && inv.declineReason
      ? t('invitees.declineReason', { reason: inv.declineReason })
      : inv.rsvp === 'substitute' && inv.substituteName
        ? t('invitees.substitute', {
            name: inv.substituteName, position: inv.substitutePosition ?? '',
            status: inv.substituteStatus ? t(`mtg.sub.${inv.substituteStatus}` as const) : '',
          }) + (inv.substituteNote ? ` — ${inv.substituteNote}` : '')
        : null;
  return h('div', { class: 'rsvp-summary' }, rsvpBadge(inv.rsvp), detail ? h('span', { class: 'rsvp-detail' }, detail) : null);
}

export function createRsvpForm(meetingId: string, status: MeetingStatus, current: Invitee, onAnswered: (inv: Invitee) => void): HTMLElement {
  const root = h('div', { class: 'rsvp-form' });
  const statusLine = h('div', { class: 'rsvp-status' });

  const reason = field(t('rsvp.reason'), textarea({ maxlength: 2000, rows: 2 }), { required: true });
  const subName = field(t('rsvp.subName'), input({ maxlength: 200, autocomplete: 'off' }), { required: true });
  const subPosition = field(t('rsvp.subPosition'), input({ maxlength: 300 }), { required: true });

  const send = async (answer: RsvpAnswer, button: HTMLButtonElement): Promise<void> => {
    statusLine.replaceChildren();
    button.disabled = true;
    const label = button.textContent;
    button.textContent = t('rsvp.sending');
    try {
      const updated = await api.post<Invitee>(`/api/meetings/${meetingId}/rsvp`, answer satisfies RsvpBody);
      // Answering reads the invitation (the server marks its notification read): the badge follows.
      refreshUnread();
      paint(updated, t('rsvp.sent', { answer: t(`mtg.rsvp.${updated.rsvp}` as const) }));
      onAnswered(updated);
    } catch (err) {
      const paths = fieldErrors(err);
      if (paths.has('reason')) reason.setError(errorText(err));
      if (paths.has('substitute.name')) subName.setError(errorText(err));
      if (paths.has('substitute.position')) subPosition.setError(errorText(err));
      statusLine.replaceChildren(message('error', errorText(err)));
    } finally {
      button.disabled = false;
      button.textContent = label;
    }
  };

  /** A form whose submit sends the answer `prepare` returns (null: a field shows its error). */
  const answerPanel = (children: Node[], prepare: () => RsvpAnswer | null): HTMLElement => {
    const submit = h('button', { type: 'submit', class: 'button button--primary' }, t('rsvp.send'));
    const onSubmit = (e: SubmitEvent) => {
      e.preventDefault();
      const answer = prepare();
      if (answer) void send(answer, submit);
    };
    return h('form', { class: 'rsvp-panel', novalidate: true, on: { submit: onSubmit } }, ...children, submit);
  };

  /** The field's trimmed text when it has at least two characters; otherwise null, with the error shown. */
  const required = (f: Field, errorKey: Parameters<typeof t>[0]): string | null => {
    const text = f.control.value.trim();
    f.setError(text.length < 2 ? t(errorKey) : null);
    return text.length < 2 ? null : text;
  };

  const declinePanel = (): HTMLElement =>
    answerPanel([reason.element], () => {
      const text = required(reason, 'rsvp.err.reason');
      if (!text) reason.control.focus();
      return text ? { response: 'decline', reason: text } : null;
    });

  const substitutePanel = (): HTMLElement =>
    answerPanel(
      [h('p', { class: 'field-hint' }, t('rsvp.subHint')), h('div', { class: 'field-row' }, subName.element, subPosition.element)],
      () => {
        const name = required(subName, 'rsvp.err.subName');
        const position = required(subPosition, 'rsvp.err.subPosition');
        if (!name || !position) {
          (!name ? subName : subPosition).control.focus();
          return null;
        }
        return { response: 'substitute', substitute: { name, position } };
      },
    );

  const paint = (inv: Invitee, note?: string): void => {
    if (!canAnswer(status)) {
      root.replaceChildren(answerSummary(inv), h('p', { class: 'muted' }, t('rsvp.closed')));
      return;
    }
    const panel = h('div', { class: 'rsvp-panel-slot' });
    const accept = h('button', { type: 'button', class: 'button button--primary' }, t('rsvp.accept'));
    accept.addEventListener('click', () => void send({ response: 'accept' }, accept));
    const toggle = (label: string, make: () => HTMLElement) => {
      const button = h('button', { type: 'button', class: 'button button--secondary', 'aria-expanded': 'false' }, label);
      button.addEventListener('click', () => {
        const open = button.getAttribute('aria-expanded') !== 'true';
        for (const b of choices.querySelectorAll('[aria-expanded]')) b.setAttribute('aria-expanded', 'false');
        button.setAttribute('aria-expanded', String(open));
        panel.replaceChildren(open ? make() : '');
        if (open) panel.querySelector<HTMLElement>('textarea, input')?.focus();
      });
      return button;
    };
    const choices = h(
      'div',
      { class: 'rsvp-choices', role: 'group', 'aria-label': t('meeting.myInvitation') },
      inv.rsvp === 'accepted' ? null : accept,
      inv.rsvp === 'declined' ? null : toggle(t('rsvp.decline'), declinePanel),
      toggle(t('rsvp.substitute'), substitutePanel),
    );
    replaceChildren(
      root,
      inv.rsvp === 'pending' ? null : h('p', { class: 'rsvp-current' }, t('rsvp.yourAnswer', { answer: '' }), answerSummary(inv)),
      choices,
      panel,
      statusLine,
    );
    if (note) statusLine.replaceChildren(message('success', note));
  };

  paint(current);
  return root;
}
