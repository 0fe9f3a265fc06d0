import { handler } from '../dispatcher.ts';

/**
 * setAgendaItem: the chủ trì moves to another item of the agenda. Everyone sees it at once;
 * the answer waits until the item's start (and the previous one's end) are stored.
 */
export const setAgendaItem = handler('setAgendaItem', 'chair', async ({ live, peer }, p) => {
  await live.agenda.ready();
  const before = live.agenda.state();
  const stored = live.agenda.open(p.index, peer.user.id);
  const after = live.agenda.state();
  if (after.startedAt !== before.startedAt) live.emitAll('agenda', after);
  await stored;
  return {};
});
