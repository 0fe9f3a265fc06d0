import { api } from '../api.ts';
import { card } from '../components/card.ts';
import { errorText, message } from '../components/feedback.ts';
import { icon } from '../components/icon.ts';
import { h } from '../dom.ts';
import { t, type MessageKey } from '../i18n/index.ts';
import { instantVN } from '../time.ts';
import { ACCEPT, fileProblem, uploadFile } from './files.ts';
import { fileSize, meetingWhen } from './format.ts';
import type { MeetingDetail } from './types.ts';

/** The read-only parts of the meeting page: details, agenda, documents and the Giấy mời. */

export function detailsCard(m: MeetingDetail): HTMLElement {
  const rows: [MessageKey, string][] = [
    ['meeting.when', meetingWhen(m)],
    ['meeting.form', t(`mtg.form.${m.form}` as const)],
    ['meeting.where', m.hostRoom],
    ['meeting.chair', [m.chairName, m.chairPosition].filter(Boolean).join(', ')],
    ['meeting.convener', m.convenerName],
    ['meeting.kind', t(`mtg.kind.${m.kind}` as const)],
    ['meeting.preparation', m.preparation],
  ];
  if (m.urgent && m.urgentReason) rows.push(['meeting.urgentReason', m.urgentReason]);
  if (m.statusReason && (m.status === 'postponed' || m.status === 'cancelled')) rows.unshift([`meeting.statusReason.${m.status}` as const, m.statusReason]);
  return card(
    t('meeting.details'),
    h('dl', { class: 'facts facts--wide' }, rows.filter(([, v]) => v).map(([key, value]) => h('div', { class: 'fact' }, h('dt', null, t(key)), h('dd', null, value)))),
  );
}

export function agendaCard(m: MeetingDetail): HTMLElement {
  return card(
    t('meeting.agenda'),
    m.agenda.length === 0
      ? h('p', { class: 'muted' }, t('meeting.agendaEmpty'))
      : h(
          'ol',
          { class: 'meeting-agenda' },
          m.agenda.map((item) =>
            h(
              'li',
              null,
              h('span', { class: 'meeting-agenda-title' }, item.title),
              item.presenter || item.plannedMinutes
                ? h('span', { class: 'meeting-agenda-meta' }, [item.presenter, item.plannedMinutes ? t('meeting.agendaMinutes', { n: item.plannedMinutes }) : ''].filter(Boolean).join(' · '))
                : null,
            ),
          ),
        ),
  );
}

const UPLOADABLE = new Set(['draft', 'invited', 'postponed']);

export function filesCard(m: MeetingDetail, reload: (flash?: string) => void): HTMLElement {
  const status = h('div');
  const manage = m.permissions.manage && UPLOADABLE.has(m.status);
  const upload = h('input', { type: 'file', accept: ACCEPT, class: 'visually-hidden', id: `upload-${m.id}` });
  upload.addEventListener('change', () => {
    const file = upload.files?.[0];
    upload.value = '';
    if (!file) return;
    const problem = fileProblem(file);
    if (problem) return status.replaceChildren(message('error', problem));
    status.replaceChildren(message('info', t('app.loading')));
    uploadFile(m.id, file).then(() => reload(), (err: unknown) => status.replaceChildren(message('error', errorText(err))));
  });
  const remove = (fileId: string, name: string): void => {
    if (!confirm(t('meeting.fileDeleteConfirm', { name }))) return;
    api.delete<void>(`/api/meetings/${m.id}/files/${fileId}`).then(() => reload(), (err: unknown) => status.replaceChildren(message('error', errorText(err))));
  };
  return card(
    t('meeting.files'),
    m.files.length === 0
      ? h('p', { class: 'muted' }, t('meeting.filesEmpty'))
      : h(
          'ul',
          { class: 'file-list' },
          m.files.map((f) =>
            h(
              'li',
              { class: 'file-item' },
              h('a', { class: 'file-name', href: `/api/meetings/${m.id}/files/${f.id}`, download: f.fileName }, f.fileName),
              h('span', { class: 'file-size' }, fileSize(f.size)),
              manage && m.status === 'draft'
                ? h('button', { type: 'button', class: 'icon-button', 'aria-label': t('meeting.fileDelete', { name: f.fileName }), on: { click: () => remove(f.id, f.fileName) } }, icon('close'))
                : null,
            ),
          ),
        ),
    manage ? h('label', { class: 'button button--secondary upload-button', for: upload.id }, '+ ', t('meeting.fileUpload')) : null,
    manage ? upload : null,
    status,
  );
}

/** The issued Giấy mời: number, the PDF inline, and links to open or download it and the .ics. */
export function invitationCard(m: MeetingDetail, options: { embed?: boolean } = {}): HTMLElement {
  if (!m.invitation) {
    return card(t('meeting.invitation'), h('p', { class: 'muted' }, t('meeting.notIssued')));
  }
  const pdf = `/api/meetings/${m.id}/invitation.pdf`;
  return card(
    t('meeting.invitation'),
    h('p', { class: 'invitation-number' }, t('meeting.invitationIssued', { number: m.invitation.number, when: instantVN(m.invitation.issuedAt) })),
    invitationLinks(m.id, m.invitation.number),
    options.embed === false ? null : invitationFrame(pdf),
  );
}

export function invitationFrame(pdf: string): HTMLElement {
  return h('iframe', { class: 'invitation-frame', src: pdf, title: t('meeting.invitationPdf'), loading: 'lazy' });
}

export function invitationLinks(meetingId: string, number: string): HTMLElement {
  const pdf = `/api/meetings/${meetingId}/invitation.pdf`;
  return h(
    'div',
    { class: 'invitation-links' },
    h('a', { class: 'button button--secondary', href: pdf, target: '_blank', rel: 'noopener', 'data-link': 'pdf' }, t('meeting.invitationOpen')),
    h('a', { class: 'button button--secondary', href: pdf, download: `Giay-moi-${number.replace(/\//g, '-')}.pdf` }, t('meeting.invitationDownload')),
    h('a', { class: 'button button--secondary', href: `/api/meetings/${meetingId}/invitation.ics`, download: `hop-${meetingId}.ics` }, t('meeting.icsDownload')),
  );
}
