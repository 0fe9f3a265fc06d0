import { handler } from '../dispatcher.ts';

/** leave: the user leaves on purpose — attendance records a leave at once, with no grace period. */
export const leave = handler('leave', 'peer', async ({ live, peer }) => {
  await live.closePeer(peer, 'left');
  return {};
});
