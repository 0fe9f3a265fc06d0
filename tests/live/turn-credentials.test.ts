import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { IceServer } from '../../server/live/protocol.ts';
import { startTestApp, type TestServer } from '../helpers/app.ts';
import { connectAs, insertMeeting, siteClients, userIds } from '../helpers/live.ts';

const SECRET = 'turn-shared-secret-0123456789-abcdef';
const TTL = 900;

/**
 * TURN credentials issued by the live room: one set per admitted peer, in its join answer (or
 * with `admitted` when it waited in the lobby), valid TURN_TTL seconds, never to a site that is
 * refused or still waiting.
 */
describe('TURN credentials at join', () => {
  let live: TestServer;
  let ids: Record<string, { id: string; bodyId: string }>;
  const { as, closeAll } = siteClients(() => live);

  beforeAll(async () => {
    live = await startTestApp({ listen: true, mediaWorkers: 1, config: { TURN_URLS: 'turns:turn.hopso.test:443?transport=tcp', TURN_SECRET: SECRET, TURN_TTL: TTL } });
    ids = await userIds(live.db, ['vp.hatinh', 'xa.thachha', 'xa.canloc']);
  });
  afterEach(closeAll);
  afterAll(() => live?.close());

  const expectValid = (servers: IceServer[] | undefined, userId: string, issuedBetween: [number, number]) => {
    expect(servers).toHaveLength(1);
    const [server] = servers!;
    expect(server!.urls).toEqual(['turns:turn.hopso.test:443?transport=tcp']);
    const [expiry, holder] = server!.username.split(':');
    expect(holder).toBe(userId);
    expect(Number(expiry)).toBeGreaterThanOrEqual(Math.floor(issuedBetween[0] / 1000) + TTL);
    expect(Number(expiry)).toBeLessThanOrEqual(Math.ceil(issuedBetween[1] / 1000) + TTL);
    expect(server!.credential).toBe(createHmac('sha1', SECRET).update(server!.username).digest('base64'));
  };

  it('gives an admitted peer its own credentials, valid for TURN_TTL, and a new set at each join', async () => {
    const meeting = await insertMeeting(live.db, { invitees: [{ bodyId: ids['xa.thachha']!.bodyId }] });
    const site = await as('xa.thachha');
    const before = Date.now();
    const joined = await site.join(meeting.id);
    expect(joined.state).toBe('admitted');
    expectValid(joined.iceServers, ids['xa.thachha']!.id, [before, Date.now()]);
    const chair = await as('vp.hatinh');
    const chairJoin = await chair.join(meeting.id);
    expectValid(chairJoin.iceServers, ids['vp.hatinh']!.id, [before, Date.now()]);
    expect(chairJoin.iceServers![0]!.credential).not.toBe(joined.iceServers![0]!.credential);
  });

  it('issues none to a body that is not invited, nor to a site waiting in the lobby until it is admitted', async () => {
    const meeting = await insertMeeting(live.db, { invitees: [{ bodyId: ids['xa.thachha']!.bodyId }], startsAt: new Date(Date.now() + 3600_000) });
    const outsider = await as('xa.canloc');
    const refusal = await new Promise<Record<string, unknown>>((resolve) =>
      outsider.socket.emit('join', { meetingId: meeting.id, siteSessionId: outsider.siteSessionId }, resolve));
    expect(refusal).toEqual({ error: expect.objectContaining({ code: 'forbidden' }) });
    expect(JSON.stringify(refusal)).not.toContain('credential');

    const early = await as('xa.thachha');
    const waiting = await early.join(meeting.id);
    expect(waiting.state).toBe('lobby');
    expect(waiting.iceServers).toBeUndefined();
    const chair = await as('vp.hatinh');
    await chair.join(meeting.id);
    const admitted = early.next('admitted');
    const before = Date.now();
    await chair.call('admit', { peerId: waiting.peerId });
    expectValid((await admitted).iceServers, ids['xa.thachha']!.id, [before, Date.now()]);
  });

  it('issues none when the server has no TURN relay', async () => {
    const plain = await startTestApp({ listen: true, mediaWorkers: 1 });
    try {
      const meeting = await insertMeeting(plain.db, { invitees: [] });
      const chair = await connectAs(plain, 'vp.hatinh');
      const joined = await chair.join(meeting.id);
      expect(joined.state).toBe('admitted');
      expect(joined.routerRtpCapabilities).toBeDefined();
      expect(joined.iceServers).toBeUndefined();
      chair.close();
    } finally {
      await plain.close();
    }
  });
});
