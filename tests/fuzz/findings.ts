import { fakeDtlsParameters, fakeRtpParameters } from '../helpers/live.ts';

/**
 * Inputs the fuzzer found that once got a 5xx (or no answer), replayed exactly on every run
 * before the random ones: each fails again if its fix is undone.
 */
export interface HttpFinding {
  /** What broke, as the fix's commit message names it. */
  input: string;
  /** An identity of the fuzz world (see world.ts). */
  who: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  payload?: unknown;
  status: number;
}

export const httpFindings: HttpFinding[] = [
  { input: 'GET /api/bodies?offset=1e999', who: 'anonymous', method: 'GET', url: '/api/bodies?offset=1e999', status: 400 },
  { input: 'GET /api/units?limit=Infinity', who: 'anonymous', method: 'GET', url: '/api/units?limit=Infinity', status: 400 },
  { input: 'GET /api/bodies?limit=-1e999', who: 'anonymous', method: 'GET', url: '/api/bodies?limit=-1e999', status: 400 },
  { input: 'GET /api/bodies?q=%00', who: 'anonymous', method: 'GET', url: '/api/bodies?q=%00', status: 400 },
  { input: 'POST /api/auth/login with a NUL in the username', who: 'anonymous', method: 'POST', url: '/api/auth/login', payload: { username: 'vp\u0000hatinh', password: 'x' }, status: 400 },
  { input: 'POST /api/meetings with a NUL in the title', who: 'fuzz.convener', method: 'POST', url: '/api/meetings', payload: { kind: 'giao_ban', form: 'truc_tuyen', title: 'Họp\u0000', chairName: 'A', startsAt: '2030-01-07T08:00', endsAt: '2030-01-07T09:00' }, status: 400 },
  { input: 'GET /api/bodies?offset=2.9940186436390355e+38', who: 'admin.hatinh', method: 'GET', url: '/api/bodies?offset=2.9940186436390355e%2B38', status: 400 },
  { input: 'GET /api/meetings?offset=1e19 (signed in)', who: 'fuzz.convener', method: 'GET', url: '/api/meetings?offset=1e19', status: 400 },
  // Seed 756074536: a yyyy-MM-dd of digits that is no day reached the period's date arithmetic.
  { input: 'GET /api/reports/dashboard.csv?unit=01&to=5695-88-99', who: 'fuzz.convener', method: 'GET', url: '/api/reports/dashboard.csv?unit=01&to=5695-88-99', status: 400 },
  { input: 'GET /api/reports/dashboard?unit=42&from=2026-02-30', who: 'fuzz.convener', method: 'GET', url: '/api/reports/dashboard?unit=42&from=2026-02-30', status: 400 },
];

/** The same for the /live socket methods: each sent from a signed-in socket that has not joined. */
export interface SocketFinding {
  input: string;
  method: string;
  args: unknown[];
  /** The ack's error code ('ok' for a successful ack). */
  code: string;
}

export const socketFindings: SocketFinding[] = [
  { input: "rollCall:start('a', 'b', 'c') with an ack after extra arguments", method: 'rollCall:start', args: ['a', 'b', 'c'], code: 'invalid_input' },
  { input: 'consume({}, {}) with an ack after extra arguments', method: 'consume', args: [{}, {}], code: 'invalid_input' },
  { input: 'floor:request(<Buffer>)', method: 'floor:request', args: [Buffer.from('binary')], code: 'invalid_input' },
  { input: 'createTransport(<Buffer>)', method: 'createTransport', args: [Buffer.from('binary')], code: 'invalid_input' },
  { input: 'closeProducer(<an object nested 3,000 deep>)', method: 'closeProducer', args: [nestedObject(3000)], code: 'invalid_input' },
];

function nestedObject(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

/**
 * Calls from a socket of a fresh fuzz room (see live-room.ts: everyone joined, the chair's and
 * fuzz.xa1's send transports connected, their microphones with SSRC 1111).
 */
export interface RoomFinding {
  input: string;
  client: string;
  method: string;
  payload(room: { meetingId: string; sendTransportId: string }): unknown;
  code: string;
}

export const roomFindings: RoomFinding[] = [
  { input: 'connectTransport on a transport already connected', client: 'fuzz.convener', method: 'connectTransport', payload: (r) => ({ transportId: r.sendTransportId, dtlsParameters: fakeDtlsParameters }), code: 'conflict' },
  { input: 'join with a NUL in displayName (its attendance write then failed)', client: 'fuzz.xa1', method: 'join', payload: (r) => ({ meetingId: r.meetingId, siteSessionId: 'fuzz-nul-session', displayName: 'Xã\u0000' }), code: 'invalid_input' },
  { input: 'produce(screen) with the SSRC of the microphone', client: 'fuzz.convener', method: 'produce', payload: (r) => ({ transportId: r.sendTransportId, kind: 'video', source: 'screen', rtpParameters: fakeRtpParameters('video', 1111) }), code: 'conflict' },
];

/** Connection attempts to /live: refused with a reason, never with the server's own failure. */
export const handshakeFindings: { input: string; cookie: string; refused: string }[] = [
  { input: 'a session cookie that is not valid percent-encoding (hopso_session=%zz)', cookie: 'hopso_session=%zz%00%', refused: 'unauthenticated' },
];
