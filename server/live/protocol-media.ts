/**
 * The media side of the live protocol on the wire: what a browser makes its transports and
 * consumers from, and the TURN relays it may use (protocol.ts re-exports them). Pure schemas and
 * types, so the browser client can `import type` them.
 */
import { Type, type Static } from 'typebox';
import type { types as ms } from 'mediasoup-client';

/**
 * A TURN server and the short-lived credentials issued to one admitted peer (TURN REST:
 * username "<expiry unix seconds>:<user id>", credential base64(HMAC-SHA1(secret, username))).
 * The browser hands it to its transports as an RTCIceServer.
 */
export const IceServerSchema = Type.Object({
  urls: Type.Array(Type.String({ pattern: '^turns?:' }), { minItems: 1 }),
  username: Type.String({ pattern: '^[0-9]+:' }),
  credential: Type.String({ minLength: 1 }),
});
export type IceServer = Static<typeof IceServerSchema>;

/** A peer's two transports as the browser makes them (join and `admitted`, when asked for). */
export interface PeerTransports {
  send: TransportParams;
  recv: TransportParams;
}

export interface TransportParams {
  id: string;
  iceParameters: ms.IceParameters;
  iceCandidates: ms.IceCandidate[];
  dtlsParameters: ms.DtlsParameters;
}

export interface ConsumeResult {
  consumerId: string;
  producerId: string;
  kind: ms.MediaKind;
  rtpParameters: ms.RtpParameters;
  type: string;
  producerPaused: boolean;
  /** A simulcast video: the highest spatial layer it sends once its first picture is out (what its place on the screen wants); asking for it again is not needed. */
  spatialLayer?: number;
}
