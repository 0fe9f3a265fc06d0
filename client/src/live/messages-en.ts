import type { LiveRecordsMessageKey } from './messages-vi.ts';

/** English for the live room's agenda and text channel; typed against the Vietnamese keys. */
export const liveRecordsEn: Record<LiveRecordsMessageKey, string> = {
  'live.agenda.showAll': 'Show the whole agenda ({n} items)',
  'live.agenda.hideAll': 'Hide the whole agenda',
  'live.agenda.title': 'Agenda',
  'live.agenda.current': 'Under discussion',
  'live.agenda.notStarted': 'The chair has not opened an item yet.',
  'live.agenda.elapsed': '{time} so far',
  'live.agenda.planned': '{n} min planned',
  'live.agenda.presenter': 'Presented by {name}',
  'live.agenda.previous': 'Previous item',
  'live.agenda.next': 'Next item',
  'live.agenda.start': 'Start item 1',
  'live.agenda.open': 'Move to item {n}: {title}',
  'live.chat.title': 'Questions and notes',
  'live.chat.unread': '{n} new',
  'live.chat.empty': 'No messages yet. A question to the chair is seen only by the chair, the secretary and your site.',
  'live.chat.toChair': 'Ask the chair',
  'live.chat.toAll': 'Send to all sites',
  'live.chat.audience': 'Send to',
  'live.chat.label': 'Message',
  'live.chat.placeholder': 'Type a question or a note…',
  'live.chat.send': 'Send',
  'live.chat.privateTag': 'To the chair',
  'live.chat.you': '{site} (you)',
  'live.chat.tooLong': 'The message is longer than {n} characters.',
};
