import { api } from '../api.ts';
import { pageHeader } from '../components/page-header.ts';
import { h, replaceChildren, uid } from '../dom.ts';
import { confirmInPlace } from '../flash.ts';
import { t } from '../i18n/index.ts';
import type { PageContext, PageResult } from '../page.ts';
import { href } from '../router.ts';
import { statusBadge } from './badges.ts';
import { isoDate, meetingWhen, todayVN } from './format.ts';
import { invitationFrame, invitationLinks } from './meeting-info.ts';
import { answerSummary, canAnswer, createRsvpForm } from './rsvp-form.ts';
import type { CalendarItem, CalendarResponse, Invitee, MeetingDetail } from './types.ts';

/**
 * The invited body's inbox of meetings: those still waiting for an answer first, then the
 * answered ones, then the ones already held, postponed or cancelled. Each shows the
 * Giấy mời on demand and takes the answer in place: an answered invitation moves to its
 * group at once, the counts follow, and a confirmation above the groups says what was sent.
 */

/** The calendar API serves at most 63 days per call; two windows cover about four months. */
const WINDOWS: [number, number][] = [[-7, 55], [56, 118]];

export async function render({ user }: PageContext): Promise<PageResult> {
  if (!user) return h('div');
  const today = todayVN();
  const windows = await Promise.all(
    WINDOWS.map(([a, b]) => api.get<CalendarResponse>('/api/calendar', { from: isoDate(today.plus({ days: a })), to: isoDate(today.plus({ days: b })) })),
  );
  const seen = new Set<string>();
  const invited = windows.flatMap((w) => w.items).filter((m) => m.role === 'invited' && !seen.has(m.id) && seen.add(m.id));
  invited.sort((a, b) => a.startsAt.localeCompare(b.startsAt));

  const open = invited.filter((m) => canAnswer(m.status));
  // The answer's details (reason, substitute and the chủ trì's decision) come with the meeting.
  const details = new Map<string, MeetingDetail>();
  await Promise.all(open.map((m) => api.get<MeetingDetail>(`/api/meetings/${m.id}`).then((d) => details.set(m.id, d), () => undefined)));

  const closed = invited.filter((m) => !canAnswer(m.status));
  const notice = h('div', { class: 'rsvp-notice' });
  const groups = h('div', { class: 'rsvp-groups' });

  const group = (title: string, items: CalendarItem[]): HTMLElement | null => {
    if (items.length === 0) return null;
    const id = uid('rsvp-group');
    return h('section', { class: 'rsvp-group', 'aria-labelledby': id }, h('h2', { id, class: 'rsvp-group-title' }, title),
      h('ul', { class: 'rsvp-list' }, items.map((m) => h('li', null, invitationItem(m, details.get(m.id), answered)))));
  };

  const paint = (): void => {
    const pending = open.filter((m) => m.rsvp === 'pending');
    const done = open.filter((m) => m.rsvp !== 'pending');
    replaceChildren(
      groups,
      group(t('rsvp.pendingGroup', { n: pending.length }), pending),
      group(t('rsvp.answeredGroup', { n: done.length }), done),
      group(t('rsvp.closedGroup', { n: closed.length }), closed),
    );
  };

  /** The answer went through: move the invitation to its group and say so where the eye is. */
  function answered(m: CalendarItem, inv: Invitee): void {
    m.rsvp = inv.rsvp;
    const detail = details.get(m.id);
    if (detail) details.set(m.id, { ...detail, myInvitation: inv });
    paint();
    confirmInPlace(notice, t('rsvp.answeredNote', { answer: t(`mtg.rsvp.${inv.rsvp}` as const), title: m.title }));
  }

  paint();
  return h(
    'div',
    { class: 'page page--wide invitations-page' },
    pageHeader(t('rsvp.title'), t('rsvp.lead', { body: user.body.name })),
    invited.length === 0 ? h('p', { class: 'notice' }, t('rsvp.empty')) : null,
    notice,
    groups,
  );
}

function invitationItem(m: CalendarItem, detail: MeetingDetail | undefined, onAnswered: (m: CalendarItem, inv: Invitee) => void): HTMLElement {
  const titleId = uid('inv-title');
  const docSlot = h('div', { class: 'invitation-doc' });
  const toggle = h('button', { type: 'button', class: 'link-button', 'aria-expanded': 'false' }, t('rsvp.showInvitation'));
  toggle.addEventListener('click', () => {
    const show = toggle.getAttribute('aria-expanded') !== 'true';
    toggle.setAttribute('aria-expanded', String(show));
    toggle.textContent = t(show ? 'rsvp.hideInvitation' : 'rsvp.showInvitation');
    docSlot.replaceChildren(show && m.invitation ? h('div', null, invitationLinks(m.id, m.invitation.number), invitationFrame(`/api/meetings/${m.id}/invitation.pdf`)) : '');
  });

  const mine: Invitee | null = detail?.myInvitation ?? (m.rsvp ? placeholder(m) : null);
  const answer = mine
    ? detail?.permissions.rsvp && canAnswer(m.status)
      ? createRsvpForm(m.id, m.status, mine, (inv) => onAnswered(m, inv))
      : answerSummary(mine)
    : null;

  return h(
    'article',
    { class: `card rsvp-item rsvp-item--${m.rsvp ?? 'none'}`, 'aria-labelledby': titleId, 'data-meeting': m.id },
    h(
      'div',
      { class: 'rsvp-item-head' },
      h('h3', { id: titleId, class: 'rsvp-item-title' }, h('a', { href: href(`/meetings/${m.id}`) }, m.title)),
      h('div', { class: 'meeting-badges' }, statusBadge(m.status), m.urgent ? h('span', { class: 'tag tag--urgent' }, t('mtg.urgent')) : null,
        m.invitation ? h('span', { class: 'tag tag--number' }, t('mtg.number', { number: m.invitation.number })) : null),
    ),
    h(
      'dl',
      { class: 'facts facts--inline' },
      h('div', { class: 'fact' }, h('dt', null, t('meeting.when')), h('dd', null, meetingWhen(m))),
      h('div', { class: 'fact' }, h('dt', null, t('meeting.convener')), h('dd', null, m.convenerName)),
      m.hostRoom ? h('div', { class: 'fact' }, h('dt', null, t('meeting.where')), h('dd', null, m.hostRoom)) : null,
      h('div', { class: 'fact' }, h('dt', null, t('meeting.chair')), h('dd', null, [m.chairName, m.chairPosition].filter(Boolean).join(', '))),
      m.statusReason ? h('div', { class: 'fact' }, h('dt', null, t('meeting.reason')), h('dd', null, m.statusReason)) : null,
    ),
    answer,
    h(
      'div',
      { class: 'rsvp-item-links' },
      m.invitation ? toggle : null,
      m.status === 'invited' || m.status === 'live' || m.status === 'postponed' ? h('a', { class: 'link-button', href: href(`/live/${m.id}`) }, t('mtg.enterRoom')) : null,
      h('a', { class: 'link-button', href: href(`/meetings/${m.id}`) }, t('mtg.open')),
    ),
    docSlot,
  );
}

/** The calendar's answer alone, when the meeting's details could not be read. */
function placeholder(m: CalendarItem): Invitee {
  return {
    bodyId: '', unitCode: '', bodyName: '', rsvp: m.rsvp ?? 'pending', declineReason: null, substituteName: null,
    substitutePosition: null, substituteStatus: null, substituteNote: null, respondedAt: null,
  };
}
