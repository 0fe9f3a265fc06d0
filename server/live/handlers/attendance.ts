import { randomUUID } from 'node:crypto';
import { Conflict } from '../../lib/errors.ts';
import { handler } from '../dispatcher.ts';

/** declareHeadcount: how many people sit at this site (số người dự). */
export const declareHeadcount = handler('declareHeadcount', 'peer', async ({ live, peer }, p) => {
  live.peers.setHeadcount(peer, p.count);
  // A site still in the lobby has not attended yet; its count is recorded when it is admitted.
  if (peer.present) await live.attendance.record(peer, 'headcount', { count: p.count });
  if (peer.state === 'admitted') {
    live.peerUpdated(peer);
    live.countsChanged();
  }
  return {};
});

/** rollCall:start: the chair calls the roll (điểm danh); each site answers with its count. */
export const rollCallStart = handler('rollCall:start', 'chair', async ({ live, peer }) => {
  live.requireStarted();
  const startedAt = new Date();
  live.rollCall = { id: randomUUID(), startedAt, answers: new Map() };
  await live.attendance.record(peer, 'rollcall', { rollCallId: live.rollCall.id, action: 'start' });
  live.emitAll('rollCall', { rollCallId: live.rollCall.id, startedAt: startedAt.toISOString() });
  return {};
});

export const rollCallConfirm = handler('rollCall:confirm', 'admitted', async ({ live, peer }, p) => {
  const rollCall = live.rollCall;
  if (rollCall?.id !== p.rollCallId) throw new Conflict('Lượt điểm danh này đã kết thúc. / This roll call is no longer open.');
  await live.attendance.record(peer, 'rollcall', { rollCallId: p.rollCallId, action: 'confirm', count: p.count });
  // By site session, not peer id: a site that rejoins keeps its answer (join.ts), one that left is not counted.
  rollCall.answers.set(peer.sessionKey, p.count);
  peer.rollCallAnswer = { rollCallId: p.rollCallId, count: p.count };
  live.peerUpdated(peer);
  live.emitChairs('rollCallConfirmed', { rollCallId: p.rollCallId, peerId: peer.peerId, siteId: peer.siteId, siteName: peer.siteName, count: p.count });
  return {};
});

/** rollCall:end: the chair closes the roll call; late answers are refused. */
export const rollCallEnd = handler('rollCall:end', 'chair', async ({ live, peer }) => {
  const rollCall = live.rollCall;
  if (!rollCall) return {};
  live.rollCall = null;
  await live.attendance.record(peer, 'rollcall', { rollCallId: rollCall.id, action: 'end' });
  live.emitAll('rollCallEnded', { rollCallId: rollCall.id });
  return {};
});
