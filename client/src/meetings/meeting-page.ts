import { api, ApiError } from '../api.ts';
import { card } from '../components/card.ts';
import { errorText, message } from '../components/feedback.ts';
import { pageHeader } from '../components/page-header.ts';
import { h, replaceChildren } from '../dom.ts';
import { flashMessages, takeFlash, type Flash } from '../flash.ts';
import { t } from '../i18n/index.ts';
import type { PageContext, PageResult } from '../page.ts';
import { href } from '../router.ts';
import { statusBadge } from './badges.ts';
import { inviteeCard } from './invitee-list.ts';
import { cancelPanel, issuePanel, postponePanel } from './meeting-actions.ts';
import { agendaCard, detailsCard, filesCard, invitationCard } from './meeting-info.ts';
import { meetingReports, seesInvitees } from './meeting-reports.ts';
import { editButton, recordCards } from './meeting-record.ts';
import { recordsCard } from '../minutes/records-card.ts';
import { createRsvpForm } from './rsvp-form.ts';
import { meetingTasksCard } from '../reports/meeting-tasks.ts';
import type { MeetingDetail, MeetingStatus } from './types.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROOM_OPEN: ReadonlySet<MeetingStatus> = new Set(['invited', 'live', 'postponed']);
const POSTPONABLE: ReadonlySet<MeetingStatus> = new Set(['invited', 'postponed']);
const CANCELLABLE: ReadonlySet<MeetingStatus> = new Set(['draft', 'invited', 'postponed']);

/**
 * One meeting: what, when, where, who chairs; the agenda and documents; the Giấy mời; the
 * invitees and their answers; and what the viewer may do, as the server's `permissions`
 * say (the page never decides access itself). Every action reloads the meeting.
 */
export async function render({ path }: PageContext): Promise<PageResult> {
  const id = path.split('/')[2] ?? '';
  const root = h('div', { class: 'page page--wide meeting-page' });
  if (!UUID.test(id)) {
    root.append(pageHeader(t('notFound.title')), message('error', t('notFound.body', { path })));
    return root;
  }

  const load = async (flash?: Flash | string | null): Promise<void> => {
    let meeting: MeetingDetail;
    try {
      meeting = await api.get<MeetingDetail>(`/api/meetings/${id}`);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) throw err;
      root.replaceChildren(back(), pageHeader(t('mtg.loadFailed')), message('error', errorText(err)));
      return;
    }
    paint(meeting, typeof flash === 'string' ? { text: flash, warnings: [] } : flash ?? null);
  };

  const reload = (flash?: string): void => {
    load(flash).catch(() => location.reload());
  };

  const paint = (m: MeetingDetail, flash: Flash | null): void => {
    const panelSlot = h('div', { class: 'panel-slot' });
    const actions = actionBar(m, panelSlot, reload);
    replaceChildren(
      root,
      back(),
      h(
        'header',
        { class: 'meeting-head' },
        pageHeader(m.title),
        h(
          'div',
          { class: 'meeting-badges' },
          statusBadge(m.status),
          m.urgent ? h('span', { class: 'tag tag--urgent' }, t('mtg.urgent')) : null,
          m.seriesId ? h('span', { class: 'tag' }, t('mtg.series')) : null,
          m.invitation ? h('span', { class: 'tag tag--number', 'data-testid': 'invitation-number' }, t('mtg.number', { number: m.invitation.number })) : null,
          h('span', { class: 'meeting-convener' }, m.convenerName),
        ),
      ),
      flashMessages(flash),
      actions,
      panelSlot,
      // Issuing is the step a draft exists for, so its panel is open rather than behind a button.
      m.permissions.manage && m.status === 'draft' ? card(t('meeting.issue'), issuePanel(m, reload)) : null,
      h(
        'div',
        { class: 'meeting-layout' },
        h(
          'div',
          { class: 'meeting-main' },
          detailsCard(m),
          agendaCard(m),
          seesInvitees(m) ? inviteeCard(m.id, m.rsvpSummary, m.permissions.chair) : null,
          recordsCard(m.id, m.status),
          recordCards(m),
          // The convening side assigns tasks from the meeting's conclusions (the server checks minutes:write).
          (m.permissions.manage || m.permissions.chair) && !['draft', 'cancelled'].includes(m.status) ? meetingTasksCard(m.id) : null,
        ),
        h(
          'div',
          { class: 'meeting-side' },
          m.myInvitation
            ? card(t('meeting.myInvitation'), createRsvpForm(m.id, m.status, m.myInvitation, () => undefined))
            : null,
          invitationCard(m),
          filesCard(m, reload),
        ),
      ),
      // Full width: the attendance table has many columns.
      meetingReports(m),
    );
  };

  await load(takeFlash());
  return root;
}

function back(): HTMLElement {
  return h('p', { class: 'breadcrumb' }, h('a', { href: href('/meetings') }, t('meeting.back')));
}

/** Buttons for what the viewer may do now; the chosen action's panel opens below them. */
function actionBar(m: MeetingDetail, slot: HTMLElement, reload: (flash?: string) => void): HTMLElement | null {
  const buttons: HTMLElement[] = [];
  if (ROOM_OPEN.has(m.status)) {
    buttons.push(h('a', { class: 'button button--primary', href: href(`/live/${m.id}`) }, t('mtg.enterRoom')));
  }
  const edit = editButton(m);
  if (edit) buttons.push(edit);
  const panels: [string, () => HTMLElement][] = [];
  if (m.permissions.chair && POSTPONABLE.has(m.status)) panels.push([t('meeting.postpone'), () => postponePanel(m, reload)]);
  if (m.permissions.chair && CANCELLABLE.has(m.status)) panels.push([t('meeting.cancel'), () => cancelPanel(m, reload)]);
  for (const [label, make] of panels) {
    // Postpone and cancel are never the page's main action: secondary, whatever comes first.
    const button = h('button', { type: 'button', class: 'button button--secondary', 'aria-expanded': 'false' }, label);
    button.addEventListener('click', () => {
      const open = button.getAttribute('aria-expanded') !== 'true';
      for (const b of bar.querySelectorAll('[aria-expanded]')) b.setAttribute('aria-expanded', 'false');
      button.setAttribute('aria-expanded', String(open));
      slot.replaceChildren(open ? h('section', { class: 'card action-card', 'aria-label': label }, h('h2', { class: 'card-title' }, label), make()) : '');
      slot.querySelector<HTMLElement>('textarea, input, button')?.focus();
    });
    buttons.push(button);
  }
  const bar = h('div', { class: 'meeting-actions' }, buttons);
  return buttons.length ? bar : null;
}
