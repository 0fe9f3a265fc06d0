import type { ErrorCode } from './error-body.ts';

export type { ErrorCode };

/**
 * Domain errors. Every layer throws these; HTTP status and socket.io acks are derived
 * from them in exactly one place each (lib/http-errors.ts, live/ack.ts).
 */

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  constructor(
    code: ErrorCode,
    message: string,
    details?: unknown,
  ) {
    super(message);
    this.code = code;
    this.details = details;
    this.name = new.target.name;
  }
}

export class InvalidInput extends DomainError {
  constructor(message: string, details?: unknown) {
    super('invalid_input', message, details);
  }
}
export class Unauthenticated extends DomainError {
  constructor(message = 'Bạn cần đăng nhập. / Please sign in.') {
    super('unauthenticated', message);
  }
}
export class Forbidden extends DomainError {
  constructor(message = 'Bạn không có quyền thực hiện thao tác này. / You are not allowed to do this.') {
    super('forbidden', message);
  }
}
export class NotFound extends DomainError {
  constructor(what: string) {
    super('not_found', `${what} not found`);
  }
}
export class Conflict extends DomainError {
  constructor(message: string, details?: unknown) {
    super('conflict', message, details);
  }
}
/** The request carries more than the server takes (an upload over its size limit). */
export class TooLarge extends DomainError {
  constructor(message: string) {
    super('too_large', message);
  }
}
/** A client calls faster than its share (a socket's token bucket is empty): it may retry later. */
export class RateLimited extends DomainError {
  constructor(message = 'Thao tác quá nhanh, hãy thử lại sau giây lát. / Too many requests; retry in a moment.') {
    super('rate_limited', message);
  }
}
export class Unavailable extends DomainError {
  constructor(message: string, details?: unknown) {
    super('unavailable', message, details);
  }
}

export const statusOf: Record<ErrorCode, number> = {
  invalid_input: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  too_many_requests: 429,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};
