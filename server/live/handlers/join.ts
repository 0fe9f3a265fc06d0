import { and, eq } from 'drizzle-orm';
import { can } from '../../auth/policy.ts';
import { meetingInvitees } from '../../invitations/schema.ts';
import { Conflict, Forbidden } from '../../lib/errors.ts';
import { loadMeetingAccess } from '../../meetings/access.ts';
import { entryHandler } from '../dispatcher.ts';
import type { LiveMeeting } from '../live-meeting.ts';
import { joinableStatuses, notJoinableMessage } from '../meeting-status.ts';
import { LivePeer } from '../peer.ts';
import type { JoinResult } from '../protocol.ts';
import { prepareRecords, recordsFor } from '../room-records.ts';

/**
 * join: who gets in is the policy's answer (`meeting:join`: invited bodies, the convener's
 * staff, the named chair and secretary); `meeting:chair` makes a chair and `meeting:host`
 * skips the lobby. Participants arriving before the start time, or while the room is locked,
 * wait in the lobby. A join with a site session that is already present (a reconnect, a
 * rejoin after a media worker restart) takes over the old peer: one presence, not two.
 */
/** A typed name that says something the account's name does not; kept only as a label. */
function selfDeclared(typed: string | undefined, accountName: string): string | null {
  const name = typed?.trim();
  return name && name !== accountName ? name : null;
}

export const join = entryHandler('join', async ({ app, registry, socket, user }, p) => {
  const { meeting, resource } = await loadMeetingAccess(app, p.meetingId);
  if (!can(app.units, user, 'meeting:join', resource)) {
    throw new Forbidden('Đơn vị của bạn không được mời dự cuộc họp này. / Your body is not invited to this meeting.');
  }
  if (!joinableStatuses.has(meeting.status)) throw new Conflict(notJoinableMessage(meeting.status));
  const [invitee] = await app.db.select().from(meetingInvitees)
    .where(and(eq(meetingInvitees.meetingId, meeting.id), eq(meetingInvitees.bodyId, user.body.id)));
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
  const old = live.findBySession(sessionKey) ?? (previous?.live === live ? previous.peer : undefined);
  if (p.resume && old && old.socket !== socket && old.state === 'admitted' && old.media && old.role === role && !old.closed) {
    if (previous && previous.live !== live) void previous.live.closePeer(previous.peer, 'left');
    await live.reattach(old, socket);
    await prepareRecords(live);
    return { ...joinResult(live, old), ...recordsFor(app.units, live, old), resumed: true };
  }
  const peer = new LivePeer({
    socket, user, role, state: 'lobby', siteSessionId: p.siteSessionId,
    displayName: p.asSubstitute && substitute ? substitute : user.fullName,
    declaredName: selfDeclared(p.displayName, user.fullName),
    siteName: invitee?.bodyName ?? user.body.name,
    substituteName: p.asSubstitute ? substitute : null,
    headcount: p.headcount ?? old?.headcount ?? null,
  });
  const answered = live.rollCall?.answers.get(sessionKey);
  if (live.rollCall && answered !== undefined) peer.rollCallAnswer = { rollCallId: live.rollCall.id, count: answered };
  live.peers.set(peer.peerId, peer);
  if (previous && previous.live !== live) void previous.live.closePeer(previous.peer, 'left');
  if (old) {
    live.inherit(peer, old);
    if (old.socket !== socket) live.emitTo(old, 'removed', { reason: 'replaced' });
    void live.closePeer(old, 'replaced');
  }
  socket.data.live = { meetingId: live.id, peerId: peer.peerId };
  // The agenda and messages are read before anyone can let this peer in (admit sends them along).
  try {
    await prepareRecords(live);
  } catch (err) {
    void live.closePeer(peer, 'left');
    throw err;
  }

  const direct = host || live.admittedSessions.has(sessionKey) || (!live.locked && Date.now() >= meeting.startsAt.getTime());
  if (direct) {
    try {
      await live.admit(peer, false);
    } catch (err) {
      void live.closePeer(peer, 'left');
      throw err;
    }
  } else {
    peer.waiting = true;
    live.sendLobby();
  }
  // After the ack: the chair learns who is waiting once it knows it has joined.
  if (role === 'chair') setImmediate(() => live.sendLobby());
  return { ...joinResult(live, peer), ...recordsFor(app.units, live, peer) };
});

export function joinResult(live: LiveMeeting, peer: LivePeer): JoinResult {
  const admitted = peer.state === 'admitted';
  const { meeting } = live;
  return {
    peerId: peer.peerId,
    siteId: peer.siteId,
    displayName: peer.displayName,
    declaredName: peer.declaredName,
    role: peer.role,
    state: peer.state,
    ...(admitted && peer.media ? { routerRtpCapabilities: peer.media.room.rtpCapabilities } : {}),
    peers: admitted ? live.admitted().filter((p) => p !== peer).map((p) => p.info()) : [],
    producers: admitted ? live.producers(peer) : [],
    floor: live.floor.state(),
    locked: live.locked,
    meeting: { id: meeting.id, title: meeting.title, startsAt: meeting.startsAt.toISOString(), status: meeting.status },
    rollCall: live.rollCall && {
      rollCallId: live.rollCall.id,
      startedAt: live.rollCall.startedAt.toISOString(),
      count: peer.rollCallAnswer?.rollCallId === live.rollCall.id ? peer.rollCallAnswer.count : null,
    },
  };
}
