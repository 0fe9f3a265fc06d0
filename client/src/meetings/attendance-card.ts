import { api } from '../api.ts';
import { card } from '../components/card.ts';
import { errorText, message } from '../components/feedback.ts';
import { h } from '../dom.ts';
import { formatNumber, t } from '../i18n/index.ts';
import { clockVN } from '../time.ts';
import { pollReport } from './report-poll.ts';
import type { AttendanceSite, AttendanceSummary, MeetingDetail } from './types.ts';

/**
 * Attendance per site during and after the meeting: when each joined and left, minutes
 * present, headcount, roll call, substitute, late, absent with its reason, and the CSV sheet.
 * The server decides the rows (reportSiteFilter): an invited body gets only its own.
 */
export function attendanceCard(m: MeetingDetail): HTMLElement {
  const live = m.status === 'live';
  const own = !m.permissions.report;
  const body = h('div', { class: 'att-body', 'aria-live': 'polite' }, h('p', { class: 'muted' }, t('app.loading')));
  const section = card(
    own ? t('att.titleOwn') : t('att.title'),
    h('p', { class: 'muted att-lead' }),
    body,
    h('p', { class: 'att-links' }, h('a', { href: `/api/meetings/${m.id}/attendance.csv`, download: '', 'data-link': 'attendance-csv' }, t('att.csv'))),
  );
  section.classList.add('attendance-card');
  section.dataset['live'] = String(live);
  const lead = section.querySelector('.att-lead')!;
  let loaded = false;
  pollReport(section, live, async () => {
    try {
      const summary = await api.get<AttendanceSummary>(`/api/meetings/${m.id}/attendance`);
      lead.textContent = [live ? t('att.live') : '', t('att.lead', { n: summary.lateAfterMinutes })].filter(Boolean).join(' ');
      body.replaceChildren(...render(summary, own));
      loaded = true;
      section.dataset['updated'] = String(Date.now());
    } catch (err) {
      if (!loaded) body.replaceChildren(message('error', `${t('att.loadFailed')} ${errorText(err)}`));
    }
  });
  return section;
}

function render(s: AttendanceSummary, own: boolean): HTMLElement[] {
  if (s.sites.length === 0) return [h('p', { class: 'muted' }, t('att.empty'))];
  const totals = ([['invited', s.totals.invited], ['joined', s.totals.joined], ['late', s.totals.late], ['leftEarly', s.totals.leftEarly], ['absentExcused', s.totals.absentExcused], ['absent', s.totals.absent]] as const)
    .map(([key, n]) => h('div', { class: `att-total att-total--${key}` }, h('dt', null, t(`att.total.${key}` as const)), h('dd', { 'data-total': key }, formatNumber(n))));
  const cols = ['site', 'status', 'joined', 'left', 'minutes', 'headcount', 'rollCall', 'note'] as const;
  // One's own row needs no totals over itself.
  return [
    ...(own ? [] : [h('dl', { class: 'att-totals', 'aria-label': t('att.totals') }, totals)]),
    h(
      'div',
      { class: 'table-wrap att-table-wrap' },
      h(
        'table',
        { class: 'data-table att-table' },
        h('thead', null, h('tr', null, cols.map((c) => h('th', { scope: 'col' }, t(`att.col.${c}` as const))))),
        h('tbody', null, s.sites.map((site) => row(site))),
      ),
    ),
  ];
}

function row(site: AttendanceSite): HTMLElement {
  const notes = [
    site.substitute ? t('att.substitute', { name: [site.substitute.name, site.substitute.position].filter(Boolean).join(', ') }) : '',
    (site.status === 'absent_excused' || site.status === 'absent') && site.declineReason ? t('att.reason', { reason: site.declineReason }) : '',
    site.reconnections > 0 ? t('att.reconnections', { n: site.reconnections }) : '',
    site.interrupted ? t('att.interrupted') : '',
    site.invited ? '' : t('att.host'),
  ].filter(Boolean);
  // One child per cell, so the phone layout's label/value grid holds whatever the cell shows.
  const cell = (col: string, ...content: (Node | string)[]) => h('td', { 'data-col': col, 'data-label': t(`att.col.${col}` as 'att.col.site') }, h('span', null, ...content));
  return h(
    'tr',
    { 'data-site': site.siteId, 'data-status': site.status },
    h('th', { scope: 'row', 'data-col': 'site' }, site.siteName),
    cell('status',
      h('span', { class: `att-status att-status--${site.status}` }, t(`att.status.${site.status}` as const)),
      site.connected ? h('span', { class: 'att-connected' }, t('att.connected')) : ''),
    cell('joined', site.firstJoin ? clockVN(site.firstJoin) : '—'),
    cell('left', site.lastLeave ? clockVN(site.lastLeave) : '—'),
    cell('minutes', site.firstJoin ? t('att.minutes', { n: Math.round(site.connectedSeconds / 60) }) : '—'),
    cell('headcount', site.headcount === null ? '—' : t('att.people', { n: site.headcount })),
    cell('rollCall', site.rollCall ? t('att.rollCallAt', { n: site.rollCall.count, time: clockVN(site.rollCall.at) }) : '—'),
    cell('note', notes.length ? h('ul', { class: 'att-notes' }, notes.map((n) => h('li', null, n))) : '—'),
  );
}
