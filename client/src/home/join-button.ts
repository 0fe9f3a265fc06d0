import { h } from '../dom.ts';
import { t } from '../i18n/index.ts';
import { href } from '../router.ts';
import { clockVN, dateKeyVN, dmy } from '../time.ts';
import type { AgendaEntry } from './types.ts';

/**
 * The Join control of one agenda entry at `now`: a link into the live room from
 * JOIN_OPENS_MINUTES before the start until the meeting ends; before that a disabled button
 * that says when it opens. Nothing when the viewer may not join or the room is not open.
 */
export function joinControl(entry: AgendaEntry, now: number): HTMLElement | null {
  if (!entry.mayJoin) return null;
  const live = entry.status === 'live';
  if (!live && now >= Date.parse(entry.endsAt)) return h('span', { class: 'join-state muted' }, t('agenda.ended'));
  if (live || now >= Date.parse(entry.joinOpensAt)) {
    return h('a', {
      class: 'button button--primary join-button', href: href(`/live/${entry.id}`), 'data-join': 'open',
      'aria-label': t('agenda.joinFor', { title: entry.title }),
    }, t('agenda.join'));
  }
  const opens = entry.joinOpensAt;
  const sameDay = dateKeyVN(opens) === dateKeyVN(new Date(now).toISOString());
  const when = sameDay ? t('agenda.opensAt', { time: clockVN(opens) }) : t('agenda.opensAtDay', { time: clockVN(opens), date: dmy(dateKeyVN(opens)) });
  const noteId = `join-note-${entry.id}`;
  return h(
    'span',
    { class: 'join-wait' },
    h('button', { type: 'button', class: 'button join-button', disabled: true, 'data-join': 'waiting', 'aria-describedby': noteId }, t('agenda.join')),
    h('span', { id: noteId, class: 'join-note' }, when),
  );
}
