import { describe, expect, it } from 'vitest';
import { InvalidInput } from '../../server/lib/errors.ts';
import { parsePayload } from '../../server/live/dispatcher.ts';
import { schemas } from '../../server/live/protocol.ts';
import { fakeRtpParameters } from '../helpers/live.ts';

/** Payload validation of the signalling methods: the same rules as an HTTP body. */
describe('signalling payload schemas', () => {
  it('drops unknown fields but keeps mediasoup structures whole', () => {
    const rtpParameters = { ...fakeRtpParameters('audio', 1234), somethingNew: { nested: true } };
    const parsed = parsePayload(schemas.produce, { transportId: 't1', kind: 'audio', source: 'mic', rtpParameters, isAdmin: true }) as Record<string, unknown>;
    expect(parsed).not.toHaveProperty('isAdmin');
    expect(parsed['rtpParameters']).toEqual(rtpParameters);
  });

  it('refuses bad input with the path that is wrong, in Vietnamese and English', () => {
    const attempt = () => parsePayload(schemas.join, { meetingId: 'x', siteSessionId: 'abcdefgh' });
    expect(attempt).toThrow(InvalidInput);
    expect(attempt).toThrow(/\/meetingId/);
    expect(attempt).toThrow(/Dữ liệu không hợp lệ.* \/ Invalid payload/);
    expect(() => parsePayload(schemas.produce, { transportId: 't', kind: 'audio', source: 'microphone', rtpParameters: { codecs: [{}] } })).toThrow(/\/source/);
    expect(() => parsePayload(schemas['floor:grant'], { peerId: 'p', limitSeconds: 0 })).toThrow(/limitSeconds/);
    expect(() => parsePayload(schemas.declareHeadcount, { count: -1 })).toThrow(/count/);
    expect(parsePayload(schemas.leave, undefined)).toEqual({});
  });
});
