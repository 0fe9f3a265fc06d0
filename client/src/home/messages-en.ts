import type { homeVi } from './messages-vi.ts';

/** English messages of the home page's agenda and the Join button. */
export const homeEn: Record<keyof typeof homeVi, string> = {
  'agenda.title': 'My meetings',
  'agenda.lead': 'Meetings today and over the next {days} days.',
  'agenda.todayTitle': "Today's meetings",
  'agenda.today': 'Today',
  'agenda.tomorrow': 'Tomorrow',
  'agenda.empty': 'No meetings in this period.',
  'agenda.emptyToday': 'You have no meetings today.',
  'agenda.loadFailed': 'Could not load your meetings.',
  'agenda.retry': 'Try again',
  'agenda.all': 'Open the full calendar',
  'agenda.rel.convening': 'Convening body',
  'agenda.rel.chair': 'Chair',
  'agenda.rel.secretary': 'Secretary',
  'agenda.rel.invited': 'Invited',
  'agenda.answer': 'Answer the invitation',
  'agenda.changeAnswer': 'Change answer',
  'agenda.join': 'Join',
  'agenda.joinFor': 'Join: {title}',
  'agenda.opensAt': 'Opens at {time}',
  'agenda.opensAtDay': 'Opens at {time}, {date}',
  'agenda.ended': 'Ended',
};
