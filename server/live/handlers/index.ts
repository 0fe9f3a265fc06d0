import type { Handler } from '../dispatcher.ts';
import { capabilities } from './capabilities.ts';
import { setAgendaItem } from './agenda.ts';
import { declareHeadcount, rollCallConfirm, rollCallEnd, rollCallStart } from './attendance.ts';
import { admit, end, lock, mute, muteAll, remove, start, unmute } from './chair.ts';
import { consume, resumeConsumer, setPreferredLayers, setReceiveMode, showPage } from './consume.ts';
import { floorCancel, floorGrant, floorRequest, floorRevoke } from './floor.ts';
import { join } from './join.ts';
import { leave } from './leave.ts';
import { sendMessage } from './messages.ts';
import { closeProducer, pauseProducer, produce, resumeProducer } from './produce.ts';
import { connectTransport, createTransport, restartIce } from './transport.ts';

/** Every signalling method of the /live namespace. */
export const handlers: readonly Handler[] = [
  join, capabilities, leave,
  createTransport, connectTransport, restartIce,
  produce, closeProducer, pauseProducer, resumeProducer,
  consume, resumeConsumer, setPreferredLayers, setReceiveMode, showPage,
  declareHeadcount, rollCallStart, rollCallConfirm, rollCallEnd,
  floorRequest, floorCancel, floorGrant, floorRevoke,
  admit, mute, unmute, muteAll, remove, lock, start, end,
  setAgendaItem, sendMessage,
];
