import { randomUUID } from 'node:crypto';
import type { MethodName, Methods } from '../../../server/live/protocol.ts';
import { fakeDtlsParameters, fakeRtpParameters } from '../../helpers/live.ts';
import { may, type MeetingState, type Who } from './spec.ts';

/**
 * What each /live method needs of the socket that calls it: `any` signed-in socket, joined or
 * not (what the pre-join page asks); `join` is where a socket comes in
 * (meeting:join, and meeting:host / meeting:chair say how); `peer` methods work from the lobby
 * too; `admitted` ones once let in; `chair` ones are the chủ trì's (meeting:chair).
 * A method the server has and this table lacks, or the reverse, fails the matrix.
 */
export type Need = 'any' | 'entry' | 'peer' | 'admitted' | 'chair';

export const liveTable: Record<MethodName, Need> = {
  join: 'entry',
  capabilities: 'any',
  leave: 'peer',
  declareHeadcount: 'peer',
  createTransport: 'admitted',
  connectTransport: 'admitted',
  restartIce: 'admitted',
  produce: 'admitted',
  closeProducer: 'admitted',
  pauseProducer: 'admitted',
  resumeProducer: 'admitted',
  consume: 'admitted',
  resumeConsumer: 'admitted',
  setPreferredLayers: 'admitted',
  setReceiveMode: 'admitted',
  showPage: 'admitted',
  'floor:request': 'admitted',
  'floor:cancel': 'admitted',
  'rollCall:confirm': 'admitted',
  sendMessage: 'admitted',
  admit: 'chair',
  mute: 'chair',
  unmute: 'chair',
  muteAll: 'chair',
  remove: 'chair',
  lock: 'chair',
  'floor:grant': 'chair',
  'floor:revoke': 'chair',
  'rollCall:start': 'chair',
  'rollCall:end': 'chair',
  start: 'chair',
  setAgendaItem: 'chair',
  end: 'chair',
};

/** How a join ends: in as chủ trì, in directly (host), in the lobby, refused, or (a draft) not open yet. */
export type JoinOutcome = 'chair' | 'admitted' | 'lobby' | 'forbidden' | 'conflict';

/** Joining the shared meetings: the issued one starts in three hours, so invited sites wait in the lobby. */
export function expectedJoin(who: Who, state: MeetingState): JoinOutcome {
  if (!may('meeting:join', who, state)) return 'forbidden';
  if (state === 'draft') return 'conflict';
  if (may('meeting:chair', who, state)) return 'chair';
  return may('meeting:host', who, state) ? 'admitted' : 'lobby';
}

/** 'allowed' is any answer but forbidden or "join first" (a made-up transport id is not found, and that is fine). */
export type CallOutcome = 'allowed' | 'forbidden' | 'not joined';

export function expectedCall(method: MethodName, joined: JoinOutcome): CallOutcome {
  const need = liveTable[method];
  if (need === 'any') return 'allowed';
  if (joined === 'forbidden' || joined === 'conflict') return 'not joined';
  if (need === 'peer' || joined === 'chair') return 'allowed';
  if (joined === 'lobby') return 'forbidden';
  return need === 'admitted' ? 'allowed' : 'forbidden';
}

/** Well-formed payloads (the schema must never be what refuses them); `peerId` is a real peer the call acts on. */
export function payloadOf<M extends MethodName>(method: M, peerId: string): Methods[M]['req'] {
  const payloads: { [K in Exclude<MethodName, 'join'>]: Methods[K]['req'] } = {
    leave: {},
    capabilities: {},
    declareHeadcount: { count: 12 },
    createTransport: { direction: 'recv' },
    connectTransport: { transportId: 'no-such-transport', dtlsParameters: fakeDtlsParameters },
    restartIce: { transportId: 'no-such-transport' },
    produce: { transportId: 'no-such-transport', kind: 'audio', source: 'mic', rtpParameters: fakeRtpParameters('audio') },
    closeProducer: { producerId: 'no-such-producer' },
    pauseProducer: { producerId: 'no-such-producer' },
    resumeProducer: { producerId: 'no-such-producer' },
    consume: { producerId: 'no-such-producer', rtpCapabilities: { codecs: [] } },
    resumeConsumer: { consumerId: 'no-such-consumer' },
    setPreferredLayers: { consumerId: 'no-such-consumer', spatialLayer: 0 },
    setReceiveMode: { mode: 'audio-only', reason: 'manual' },
    showPage: { page: 0, pageSize: 9, gridLayer: 0 },
    'floor:request': {},
    'floor:cancel': {},
    'rollCall:confirm': { rollCallId: randomUUID(), count: 3 },
    admit: { peerId },
    mute: { peerId },
    unmute: { peerId },
    muteAll: {},
    remove: { peerId },
    lock: { locked: false },
    'floor:grant': { peerId, limitSeconds: 60 },
    'floor:revoke': {},
    'rollCall:start': {},
    'rollCall:end': {},
    start: {},
    setAgendaItem: { index: 0 },
    sendMessage: { text: 'Xin hỏi chủ trì về mục 1', to: 'chair' },
    end: {},
  };
  return (payloads as Record<string, unknown>)[method] as Methods[M]['req'];
}
