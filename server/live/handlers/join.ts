import { can } from '../../auth/policy.ts';
import { Forbidden } from '../../lib/errors.ts';
import { entryHandler } from '../dispatcher.ts';
import type { UnitIndex } from '../../units/unit-index.ts';
import { entry } from '../entry.ts';
import type { LiveMeeting } from '../live-meeting.ts';
import { LivePeer } from '../peer.ts';
import type { JoinResult, PeerTransports } from '../protocol.ts';
import { roomEntry } from '../room-entry.ts';
import { prepareRecords, recordsFor } from '../room-records.ts';

/** A typed name that says something the account's name does not; kept only as a label. */
function selfDeclared(typed: string | undefined, accountName: string): string | null {
  const name = typed?.trim();
  return name && name !== accountName ? name : null;
}

/**
 * join: who gets in is the policy's answer (`meeting:join`: invited bodies, the convener's
 * staff, the named chair and secretary); `meeting:chair` makes a chair and `meeting:host`
 * skips the lobby. Participants arriving before the start time, or while the room is locked,
 * wait in the lobby. An account has at most LIVE_PEERS_PER_ACCOUNT peers in a meeting: a
 * reconnect, a reload or a second tab takes over the old peer (which is told `removed`,
 * reason 'replaced', and closed the one way peers close) — one presence, not two.
 */
export const join = entryHandler('join', async ({ app, registry, socket, user }, p) => {
  const { meeting, resource, invitee } = await entry(app.db, app.units, user, p.meetingId);
  const substitute = invitee?.substituteStatus === 'approved' ? invitee.substituteName : null;
  if (p.asSubstitute && !substitute) {
    throw new Forbidden('Người dự thay chưa được chủ trì chấp thuận. / The chair has not approved a substitute for your body.');
  }
  const role = can(app.units, user, 'meeting:chair', resource) ? 'chair' : 'participant';
  const host = role === 'chair' || can(app.units, user, 'meeting:host', resource);

  // Nothing below awaits until the peer is in place: racing joins see each other.
  const live = registry.open(meeting, resource);
  if (live.removedUsers.has(user.id)) {
    throw new Forbidden('Chủ trì đã mời bạn ra khỏi cuộc họp này. / The chair removed you from this meeting.');
  }
  const previous = registry.peerOf(socket);
  const sessionKey = `${user.id}:${p.siteSessionId}`;
  const old = live.peers.findBySession(sessionKey) ?? (previous?.live === live ? previous.peer : undefined);
  if (p.resume && old && old.socket !== socket && old.state === 'admitted' && live.grace.canResume(old, socket) && old.role === role && !old.closed) {
    if (previous && previous.live !== live) void previous.live.closePeer(previous.peer, 'left');
    await live.grace.reattach(old, socket);
    await prepareRecords(live);
    return { ...joinResult(app.units, live, old), resumed: true };
  }
  // The same session's peer always goes; of the account's others, the oldest beyond the limit.
  const others = live.peers.ofUser(user.id, old);
  const replaced = [...(old ? [old] : []), ...others.slice(0, Math.max(0, others.length - (app.config.LIVE_PEERS_PER_ACCOUNT - 1)))];
  const heir = old ?? replaced.at(-1);
  // The account was let in already: its new connection does not queue again.
  const direct = host || live.admittedSessions.has(sessionKey) || replaced.some((r) => r.state === 'admitted')
    || (!live.locked && Date.now() >= meeting.startsAt.getTime());
  if (!direct) live.lobby.assertRoom();

  const peer = new LivePeer({
    socket, user, role, state: 'lobby', siteSessionId: p.siteSessionId,
    displayName: p.asSubstitute && substitute ? substitute : user.fullName,
    declaredName: selfDeclared(p.displayName, user.fullName),
    siteName: invitee?.bodyName ?? user.body.name,
    substituteName: p.asSubstitute ? substitute : null,
    headcount: p.headcount ?? heir?.headcount ?? null,
    // The meeting's own staff (chủ trì, convening body, secretary) run it and see every site;
    // an invited site sees the counts and the featured sites.
    roster: host ? 'full' : 'summary',
  });
  peer.wantsTransports = p.transports === true;
  const answered = live.rollCall?.answers.get(sessionKey);
  if (live.rollCall && answered !== undefined) peer.rollCallAnswer = { rollCallId: live.rollCall.id, count: answered };
  live.peers.add(peer);
  if (previous && previous.live !== live) void previous.live.closePeer(previous.peer, 'left');
  if (heir) live.inherit(peer, heir);
  for (const gone of replaced) {
    if (gone.socket !== socket) live.emitTo(gone, 'removed', { reason: 'replaced' });
    void live.closePeer(gone, 'replaced');
  }
  socket.data.live = { meetingId: live.id, peerId: peer.peerId };
  // The agenda and messages are read before anyone can let this peer in (admit sends them along).
  try {
    await prepareRecords(live);
  } catch (err) {
    void live.closePeer(peer, 'left');
    throw err;
  }

  let transports: PeerTransports | null = null;
  let view: JoinResult['view'];
  if (direct) {
    try {
      transports = await live.admit(peer, false);
    } catch (err) {
      void live.closePeer(peer, 'left');
      throw err;
    }
    // The page it will show, answered now: its first consume does not wait for a showPage round trip
    // (without it, the site asks with showPage as before).
    if (p.view && !peer.closed) {
      const ask = { page: p.view.page, size: p.view.pageSize, gridLayer: p.view.gridLayer ?? 0 };
      view = await live.subscriptions.showPage(peer, ask).catch((err: unknown) => {
        app.log.warn({ err, meetingId: live.id, peerId: peer.peerId }, 'join: the page asked for was not answered with the join');
        return undefined;
      });
    }
  } else {
    live.lobby.add(peer, true);
  }
  // After the ack: the chair learns who is waiting once it knows it has joined.
  // The whole lobby once; after that the chair hears each change.
  if (role === 'chair') setImmediate(() => !peer.closed && live.emitTo(peer, 'lobby', { waiting: live.lobby.list() }));
  return { ...joinResult(app.units, live, peer), ...(transports ? { transports } : {}), ...(view ? { view } : {}) };
});

/** The join's answer: who this peer is and, once it is in, the room (room-entry.ts, as `admitted` tells it). */
export function joinResult(units: UnitIndex, live: LiveMeeting, peer: LivePeer): JoinResult {
  const { meeting } = live;
  const self = {
    peerId: peer.peerId,
    siteId: peer.siteId,
    displayName: peer.displayName,
    declaredName: peer.declaredName,
    role: peer.role,
    state: peer.state,
    meeting: { id: meeting.id, title: meeting.title, startsAt: meeting.startsAt.toISOString(), status: meeting.status },
    rollCall: live.rollCall && {
      rollCallId: live.rollCall.id,
      startedAt: live.rollCall.startedAt.toISOString(),
      count: peer.rollCallAnswer?.rollCallId === live.rollCall.id ? peer.rollCallAnswer.count : null,
    },
  };
  if (peer.state !== 'admitted') {
    return { ...self, peers: [], producers: [], floor: live.floor.state(), locked: live.locked, started: live.started, ...recordsFor(units, live, peer) };
  }
  return {
    ...self,
    ...roomEntry(units, live, peer, live.subscriptions.pageOf(peer)),
    ...(peer.media ? { routerRtpCapabilities: peer.media.rtpCapabilities } : {}),
  };
}
