import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { LoggerOptions } from 'pino';

/** An id a proxy sent (X-Request-Id) is kept when it looks like one; anything else gets a new UUID. */
const SAFE_ID = /^[A-Za-z0-9._-]{8,64}$/;

export function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && SAFE_ID.test(given) ? given : randomUUID();
}

/** Path segments and query values that are secrets: a calendar feed's token, anything named like a key. */
const SECRET_PATHS = [/^(\/api\/calendar\/feed\/)[^/?]+/];
const SECRET_QUERY = /([?&](?:token|key|secret|password|code)=)[^&]*/gi;

export function redactUrl(url: string): string {
  let out = url;
  for (const re of SECRET_PATHS) out = out.replace(re, '$1[redacted]');
  return out.replace(SECRET_QUERY, '$1[redacted]');
}

interface SerializableRequest {
  method: string;
  url: string;
  routeOptions?: { url?: string | undefined };
  ip?: string;
  socket?: { remoteAddress?: string | undefined };
}

/**
 * The server's logger settings: no headers logged (cookies, CSRF tokens, authorisations), URLs
 * with their secret parts blanked, bodies never logged, and in case a caller logs an object
 * holding one, the usual secret field names are censored.
 */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: {
      paths: [
        'password', '*.password', 'newPassword', '*.newPassword', 'token', '*.token', 'csrfToken', '*.csrfToken',
        'cookie', '*.cookie', 'headers.cookie', 'headers.authorization', '*.headers.cookie', '*.headers.authorization',
        'headers["set-cookie"]', '*.headers["set-cookie"]', 'headers["x-csrf-token"]', '*.headers["x-csrf-token"]', 'email', '*.email',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: SerializableRequest) => ({
        method: req.method,
        url: redactUrl(req.url),
        route: req.routeOptions?.url,
        remoteAddress: req.ip ?? req.socket?.remoteAddress,
      }),
      err: serializeError,
    },
  };
}

/** PGlite's errors name the constraint, table and column as pg does, postgres.js's with `_name`. */
interface LoggedError extends Error {
  code?: unknown;
  constraint?: unknown;
  table?: unknown;
  column?: unknown;
  constraint_name?: unknown;
  table_name?: unknown;
  column_name?: unknown;
}

/**
 * An error as logged: what failed and where, never the data. A failed query's message and stack
 * carry its parameters (a name, a hash): only the message's first line and the stack's frames
 * are kept. Its cause (the database's own error: SQLSTATE, constraint, table) is what an
 * operator needs, so it is logged too, a value quoted at the end of its message left out.
 */
function serializeError(err: LoggedError) {
  const cause = err.cause instanceof Error ? (err.cause as LoggedError) : null;
  return {
    type: err.name,
    message: String(err.message).split('\n')[0]!.replace(/params:.*$/s, 'params: [redacted]'),
    stack: err.stack?.split('\n').filter((line) => /^\s+at /.test(line)).slice(0, 7).join('\n'),
    code: err.code,
    ...(cause ? {
      cause: {
        type: cause.name,
        message: String(cause.message).split('\n')[0]!.replace(/: ".*"$/, ': [redacted]'),
        code: cause.code,
        constraint: cause.constraint ?? cause.constraint_name,
        table: cause.table ?? cause.table_name,
        column: cause.column ?? cause.column_name,
      },
    } : {}),
  };
}

/** Answers carry their request's id (X-Request-Id), so a person reporting a problem can quote it. */
export function echoRequestId(app: { addHook(name: 'onRequest', hook: (request: { id: string }, reply: { header(name: string, value: string): unknown }) => Promise<void>): unknown }): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
}
