import type { FastifyBaseLogger } from 'fastify';
import { NotFoundError, UnsupportedError, WorkerClosedError } from 'mediasoup/errors';
import { DomainError } from '../lib/errors.ts';
import type { Ack } from './protocol.ts';

/**
 * The one place where errors become socket.io acks (lib/http-errors.ts is its HTTP twin).
 * mediasoup throws TypeError for parameters it rejects (bad RTP parameters, unsupported
 * codecs): that is the client's input, so it is `invalid_input`, not a server fault.
 */
export function errorAck(err: unknown, log: FastifyBaseLogger, method: string): Ack<never> {
  if (err instanceof DomainError) {
    return { error: { code: err.code, message: err.message, ...(err.details === undefined ? {} : { details: err.details }) } };
  }
  if (err instanceof UnsupportedError || (err instanceof TypeError && fromMediasoup(err))) {
    return { error: { code: 'invalid_input', message: `Tham số media không hợp lệ. / Invalid media parameters: ${err.message}` } };
  }
  if (err instanceof WorkerClosedError) {
    return { error: { code: 'conflict', message: 'Đối tượng media đã đóng. / The media object is already closed.' } };
  }
  // The worker no longer has the object the request names (it closed in the meantime).
  if (err instanceof NotFoundError) {
    return { error: { code: 'not_found', message: 'Đối tượng media không còn. / The media object no longer exists.' } };
  }
  // The worker refused the request in the state its object is in (connect() called twice, an
  // SSRC already in use on the transport): the request conflicts with the media state.
  if (err instanceof Error && fromWorker(err)) {
    return { error: { code: 'conflict', message: `Máy chủ media từ chối yêu cầu. / The media server refused the request: ${err.message}` } };
  }
  log.error({ err, method }, 'live signalling handler failed');
  return { error: { code: 'internal', message: 'Lỗi máy chủ. / Internal server error.' } };
}

// Thrown by mediasoup's parameter checks (ortc.js); a TypeError from our own code is a bug
// and stays `internal`.
function fromMediasoup(err: Error): boolean {
  return /[\\/]mediasoup[\\/]node[\\/]lib[\\/]/.test(err.stack ?? '');
}

// mediasoup's Channel turns a worker's error answer into an Error thrown from processResponse.
function fromWorker(err: Error): boolean {
  return /[\\/]mediasoup[\\/]node[\\/]lib[\\/]Channel\.js/.test(err.stack ?? '');
}

export function okAck<T>(data: T): Ack<T> {
  return { ok: true, data };
}
